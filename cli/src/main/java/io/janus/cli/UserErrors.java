package io.janus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns the errors a user can act on (bad files, bad arguments) into one clear line and exit code 2,
 * instead of a stack trace. Anything else is a bug and keeps its stack trace.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    static final int USAGE_OR_INPUT_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException) {
            cmd.getErr().println(cmd.getColorScheme().errorText("janus " + cmd.getCommandName() + ": " + e.getMessage()));
            return USAGE_OR_INPUT_ERROR;
        }
        throw e;
    }
}
