package io.janus.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on the loopback interface, for runtimes started in child processes that must be told their port. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * A port free on the loopback interface right now. Another process may take it before the caller binds it:
     * only for starting a child process, never where binding port 0 directly is possible.
     */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface: " + e.getMessage(), e);
        }
    }
}
