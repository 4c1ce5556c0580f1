package io.janus.bench.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The propagation delay the kernel link cannot add (this kernel has no netem): a TCP relay on the loopback interface
 * that holds every byte for {@code oneWay} in each direction before passing it on, so a connection through it has
 * that much more round trip. It sits outside the runtimes, as a network's delay does: the edge's gRPC deadline runs
 * from when the edge sends, and the cloud sees what is left of it when the bytes arrive, as on a real link (an RTT
 * the edge slept itself would have left the cloud a deadline shorter by the whole round trip).
 *
 * <p>The relay terminates TCP: the shaped veth behind it runs TCP with the veth's own round trip, so slow start and
 * loss recovery there do not see the added delay. Bounded: {@value #MAX_CONNECTIONS} connections (more are closed at
 * once) and {@value #MAX_BUFFERED_BYTES} bytes held per direction (the reader waits when full, as a TCP window would).
 */
public final class DelayRelay implements AutoCloseable {

    static final int MAX_CONNECTIONS = 16;
    static final int MAX_BUFFERED_BYTES = 4 << 20;
    private static final int CHUNK_BYTES = 64 << 10;
    /**
     * How long the relay tries to reach the cloud for a new connection: a connect that met an outage is given up about
     * when the edge gives up the call that opened it (its probes' timeouts are at most 1 s), so connections the edge
     * has abandoned do not hold the relay's slots for long.
     */
    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long oneWayNanos;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private DelayRelay(ServerSocket server, InetSocketAddress target, Duration oneWay) {
        this.server = server;
        this.target = target;
        this.oneWayNanos = oneWay.toNanos();
    }

    /** Listens on a free loopback port and relays every connection to {@code target}, delayed {@code oneWay} each way. */
    public static DelayRelay start(InetSocketAddress target, Duration oneWay) {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("relay delay must be >= 0, got " + oneWay);
        }
        try {
            DelayRelay relay = new DelayRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target, oneWay);
            daemon("janus-relay-accept", relay::acceptLoop).start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("delay relay: cannot listen on loopback: " + e.getMessage(), e);
        }
    }

    /** Where clients connect: 127.0.0.1 and this port. */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!connections.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            daemon("janus-relay-connect", () -> relay(client)).start();
        }
    }

    private void relay(Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            end(client, upstream);
            return;
        }
        Runnable failed = () -> end(client, upstream);
        AtomicInteger finished = new AtomicInteger();
        Runnable done = () -> {
            if (finished.incrementAndGet() == 2) {
                end(client, upstream);
            }
        };
        new Direction(client, upstream, failed, done).start("up");
        new Direction(upstream, client, failed, done).start("down");
    }

    private void end(Socket a, Socket b) {
        boolean wasOpen = open.remove(a);
        open.remove(b);
        closeQuietly(a);
        closeQuietly(b);
        if (wasOpen) {
            connections.release();
        }
    }

    /** One direction: a reader stamps each chunk with when it may leave, a writer sends it then. */
    private final class Direction {
        private final Socket from;
        private final Socket to;
        private final Runnable onError;
        private final Runnable onDone;
        private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
        private int buffered;

        private record Chunk(long dueNanos, byte[] bytes) {
            static final Chunk EOF = new Chunk(0, null);
        }

        Direction(Socket from, Socket to, Runnable onError, Runnable onDone) {
            this.from = from;
            this.to = to;
            this.onError = onError;
            this.onDone = onDone;
        }

        void start(String name) {
            daemon("janus-relay-" + name + "-read", this::read).start();
            daemon("janus-relay-" + name + "-write", this::write).start();
        }

        private void read() {
            byte[] buffer = new byte[CHUNK_BYTES];
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the socket both ways
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (n > 0) {
                        put(new Chunk(System.nanoTime() + oneWayNanos, Arrays.copyOf(buffer, n)));
                    }
                }
                put(Chunk.EOF);
            } catch (IOException | InterruptedException e) {
                onError.run();
            }
        }

        private synchronized void put(Chunk c) throws InterruptedException {
            int size = c.bytes() == null ? 0 : c.bytes().length;
            while (buffered + size > MAX_BUFFERED_BYTES && !closed) {
                wait(100);
            }
            chunks.addLast(c);
            buffered += size;
            notifyAll();
        }

        private synchronized Chunk take() throws InterruptedException {
            while (chunks.isEmpty()) {
                if (closed || to.isClosed()) {
                    return Chunk.EOF;
                }
                wait(100);
            }
            Chunk c = chunks.removeFirst();
            buffered -= c.bytes() == null ? 0 : c.bytes().length;
            notifyAll();
            return c;
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                for (Chunk c = take(); c.bytes() != null; c = take()) {
                    for (long left = c.dueNanos() - System.nanoTime(); left > 0; left = c.dueNanos() - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                    out.write(c.bytes());
                    out.flush();
                }
                to.shutdownOutput();
                onDone.run();
            } catch (IOException | InterruptedException e) {
                onError.run();
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(DelayRelay::closeQuietly);
    }
}
