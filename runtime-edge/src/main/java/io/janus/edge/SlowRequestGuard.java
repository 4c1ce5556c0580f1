package io.janus.edge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request line and headers are still incomplete {@code headerTimeout} after they were first
 * seen arriving. Jetty's idle timeout only bounds the pause between bytes, so a client sending one header line every
 * few seconds would otherwise hold its connection for ever; a slow client never holds a thread either way. Jetty has
 * no header timeout of its own, so this reads the parser state of its HTTP/1.1 connection (an internal class: the
 * Jetty version is pinned in the parent POM, and EdgeHttpAttackIT fails if the guard stops closing such clients).
 */
final class SlowRequestGuard extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

    private final ServerConnector connector;
    private final Scheduler scheduler;
    private final HeaderClock clock;
    private final long sweepMillis;

    SlowRequestGuard(ServerConnector connector, Scheduler scheduler, Duration headerTimeout) {
        this.connector = connector;
        this.scheduler = scheduler;
        this.clock = new HeaderClock(headerTimeout.toNanos(), System::nanoTime);
        this.sweepMillis = Math.max(50, headerTimeout.toMillis() / 4);
    }

    @Override
    protected void doStart() {
        scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        if (!isRunning()) {
            return;
        }
        Map<EndPoint, Long> inHeaders = new HashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (endPoint.getConnection() instanceof HttpConnection http) {
                HttpParser parser = http.getParser();
                if (!parser.isStart() && parser.inHeaderState()) {
                    inHeaders.put(endPoint, http.getMessagesIn());
                }
            }
        }
        for (EndPoint late : clock.expired(inHeaders)) {
            LOG.info("closing connection from {}: request headers incomplete after {} ms", late.getRemoteSocketAddress(),
                    clock.timeoutNanos / 1_000_000);
            late.close();
        }
        scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Pure bookkeeping: when each connection was first seen mid-headers (for the same request, counted by messages in),
     * and which ones have been so for longer than the timeout.
     */
    static final class HeaderClock {
        private record Seen(long request, long sinceNanos) {}

        final long timeoutNanos;
        private final LongSupplier nanoClock;
        private Map<Object, Seen> seen = new HashMap<>();

        HeaderClock(long timeoutNanos, LongSupplier nanoClock) {
            this.timeoutNanos = timeoutNanos;
            this.nanoClock = nanoClock;
        }

        /** Takes the connections now mid-headers (with their request count); returns those past the timeout. */
        <K> List<K> expired(Map<K, Long> inHeaders) {
            long now = nanoClock.getAsLong();
            Map<Object, Seen> next = new HashMap<>();
            List<K> late = new ArrayList<>();
            inHeaders.forEach((connection, request) -> {
                Seen before = seen.get(connection);
                Seen s = before != null && before.request() == request ? before : new Seen(request, now);
                next.put(connection, s);
                if (now - s.sinceNanos() > timeoutNanos) {
                    late.add(connection);
                }
            });
            seen = next;
            return late;
        }
    }
}
