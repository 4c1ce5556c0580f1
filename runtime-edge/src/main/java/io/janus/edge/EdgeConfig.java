package io.janus.edge;

import io.janus.plan.Decision;
import io.janus.wire.TransportSecurity;
import java.nio.file.Path;

/**
 * How to run the edge runtime ({@code ./janus edge}).
 *
 * @param model       model folder (the same weights as the cloud's)
 * @param cloud       the cloud runtime, HOST:PORT
 * @param httpPort    HTTP API port; 0 picks a free one
 * @param bindAddress address the HTTP API listens on
 * @param security    mutual TLS to the cloud, or plaintext when asked for
 * @param decision    the decision from flags (split point, schedule, codec), until a scheduler decides per frame
 * @param options     SLA, frame codec, link emulation, slowdown, bandwidth estimate, fallback
 * @param framesDir   a folder of images processed in a loop, or null to take frames over HTTP only
 */
public record EdgeConfig(Path model, String cloud, int httpPort, String bindAddress, TransportSecurity security,
                         Decision decision, EdgeOptions options, Path framesDir) {}
