package io.janus.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** At most one status write per resource per interval, so a chatty edge cannot flood the API server. */
public final class StatusWriteThrottle {

    private final Duration interval;
    private final Clock clock;
    private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

    public StatusWriteThrottle(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** How long to wait before resource {@code uid} may be written again; empty when it may be now. */
    public Optional<Duration> waitBeforeWrite(String uid) {
        Instant last = lastWrite.get(uid);
        if (last == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), last.plus(interval));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void recordWrite(String uid) {
        Instant now = clock.instant();
        // Entries older than the interval no longer throttle anything; drop them so deleted resources leave no trace.
        lastWrite.values().removeIf(t -> t.plus(interval).isBefore(now));
        lastWrite.put(uid, now);
    }
}
