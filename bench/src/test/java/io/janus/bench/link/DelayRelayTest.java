package io.janus.bench.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DelayRelayTest {

    private ServerSocket echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket s = echo.accept();
                    new Thread(() -> pipe(s)).start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void everyByteComesBackInOrderAfterTwiceTheOneWayDelay() throws IOException {
        try (DelayRelay relay = DelayRelay.start(target(), Duration.ofMillis(40));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            byte[] sent = new byte[3 << 20];
            new Random(7).nextBytes(sent);
            long t0 = System.nanoTime();
            Thread writer = new Thread(() -> write(s, sent));
            writer.start();
            byte[] back = new byte[sent.length];
            new DataInputStream(s.getInputStream()).readFully(back);
            double ms = (System.nanoTime() - t0) / 1e6;
            assertThat(back).isEqualTo(sent);
            assertThat(ms).as("the round trip through the relay").isGreaterThanOrEqualTo(80);
        }
    }

    @Test
    void aSmallMessageTakesTheRoundTripEachTime() throws IOException {
        try (DelayRelay relay = DelayRelay.start(target(), Duration.ofMillis(25));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                s.getOutputStream().write(i);
                assertThat(s.getInputStream().read()).isEqualTo(i);
                assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(50);
            }
        }
    }

    @Test
    void connectionsBeyondTheBoundAreClosedAtOnce() throws IOException {
        try (DelayRelay relay = DelayRelay.start(target(), Duration.ZERO)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < DelayRelay.MAX_CONNECTIONS; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port());
                    s.getOutputStream().write(1);
                    assertThat(s.getInputStream().read()).as("connection %d is relayed", i).isEqualTo(1);
                    held.add(s);
                }
                try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                    extra.setSoTimeout(5_000);
                    assertThat(extra.getInputStream().read()).as("one too many: closed").isEqualTo(-1);
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private InetSocketAddress target() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
    }

    private static void pipe(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void write(Socket s, byte[] bytes) {
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
