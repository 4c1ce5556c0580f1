package io.janus.edge;

import java.time.Duration;

/**
 * Bounds of the edge's HTTP API: every connection, request and queued frame is limited in number, size and time.
 *
 * @param workers          frames computed at once (the inference pool; HTTP threads never compute frames)
 * @param maxQueue         frames waiting for a worker; beyond it POST /v1/infer answers 503 at once (reject newest)
 * @param maxConnections   open connections; beyond it new ones wait in the accept backlog, and idle ones are shed faster
 * @param idleTimeout      a connection that sends nothing this long is closed (a Content-Length larger than the body,
 *                         a stalled upload); a body still arriving then gets 408
 * @param headerTimeout    a request whose line and headers are not complete this long after its first byte is closed
 * @param requestTimeout   a request body not fully received this long after the headers gets 408
 * @param maxHeaderBytes   request line and headers together; more gets 431
 * @param maxBodyBytes     largest image POST /v1/infer accepts; a larger Content-Length gets 413 before any byte is read
 */
public record HttpLimits(int workers, int maxQueue, int maxConnections, Duration idleTimeout, Duration headerTimeout,
                         Duration requestTimeout, int maxHeaderBytes, int maxBodyBytes) {

    public HttpLimits {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers " + workers + ": must be >= 1");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("--max-queue " + maxQueue + ": must be >= 0");
        }
        if (maxConnections < 1 || maxHeaderBytes < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive: connections " + maxConnections
                    + ", header bytes " + maxHeaderBytes + ", body bytes " + maxBodyBytes);
        }
        for (Duration d : new Duration[] {idleTimeout, headerTimeout, requestTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive: " + idleTimeout + ", " + headerTimeout
                        + ", " + requestTimeout);
            }
        }
    }

    /**
     * A worker per core (each computes with one PyTorch thread: more would only slow every frame and the HTTP threads
     * down), 4 queued frames, 256 connections, 10 s idle / header / request timeouts, 16 KiB headers, 16 MiB images.
     */
    public static HttpLimits defaults() {
        return new HttpLimits(Runtime.getRuntime().availableProcessors(), 4, 256, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), 16 * 1024,
                16 * 1024 * 1024);
    }

    public HttpLimits withWorkers(int newWorkers, int newMaxQueue) {
        return new HttpLimits(newWorkers, newMaxQueue, maxConnections, idleTimeout, headerTimeout, requestTimeout,
                maxHeaderBytes, maxBodyBytes);
    }

    public HttpLimits withTimeouts(Duration idle, Duration header, Duration request) {
        return new HttpLimits(workers, maxQueue, maxConnections, idle, header, request, maxHeaderBytes, maxBodyBytes);
    }
}
