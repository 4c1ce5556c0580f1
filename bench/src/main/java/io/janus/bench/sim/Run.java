package io.janus.bench.sim;

import java.util.List;

/**
 * The frames one policy served over one period of a trace.
 *
 * @param policy   policy name
 * @param slaMs    the latency budget the frames are judged against
 * @param seconds  the trace period replayed
 * @param frames   in arrival order
 */
public record Run(String policy, double slaMs, double seconds, List<Frame> frames) {
}
