package io.janus.bench.link;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way into a kernel link: make it, run a command in the edge's namespace (with {@link KernelLink#ENV} naming
 * the link, so that the command can start the cloud in the other namespace and shape the uplink), remove it. Ctrl-C
 * or SIGTERM stops the command and removes the namespaces as well.
 */
public final class LinkRun {

    private LinkRun() {
    }

    /** Runs {@code command} inside a new link and returns its exit code; the link is gone when this returns. */
    public static int run(double initialMbps, double lossRatio, List<String> command) throws InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("janus link run: give the command to run in the edge namespace after --");
        }
        try (KernelLink link = KernelLink.create(initialMbps, lossRatio)) {
            System.err.printf("janus link: edge namespace %s (%s), cloud namespace %s (%s), loss %.1f%%%n", link.edgeNamespace(),
                    KernelLink.EDGE_ADDRESS, link.cloudNamespace(), KernelLink.CLOUD_ADDRESS, 100 * lossRatio);
            Process child = link.edgeProcess(command).inheritIO().start();
            Thread stopChild = new Thread(() -> stop(child), "janus-link-stop");
            Runtime.getRuntime().addShutdownHook(stopChild);
            try {
                return child.waitFor();
            } finally {
                stop(child);
                try {
                    Runtime.getRuntime().removeShutdownHook(stopChild);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
    }

    /** This JVM's own command line, to run again inside a link. */
    public static List<String> thisCommandLine() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>();
        cmd.add(info.command().orElseThrow(() -> new IllegalStateException("cannot read this process's command line")));
        cmd.addAll(List.of(info.arguments().orElseThrow(() -> new IllegalStateException("cannot read this process's arguments"))));
        return cmd;
    }

    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
