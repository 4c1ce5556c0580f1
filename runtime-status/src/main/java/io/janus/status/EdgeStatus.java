package io.janus.status;

import io.janus.plan.Mode;

/**
 * GET /v1/status: the live decision and recent performance of an edge runtime. The one schema of it: the edge
 * runtime serves this record as JSON and the operator reads it back into this record, so a field renamed or
 * retyped here changes both sides at compile time.
 *
 * @param splitPoint        split point frames run at now (depth + 1 while device-only, also when the cloud is down)
 * @param decliningRate     α of the current {@code exp:} schedule (0 for none; null for const/list schedules)
 * @param schedule          the current schedule's spec
 * @param mode              where frames run now (Collaborative, DeviceOnly or CloudOnly in JSON)
 * @param codec             tensor codec, or the frame codec when cloud-only
 * @param bandwidthMbps     uplink bandwidth estimate (harmonic mean of recent transfers)
 * @param rttMs             round-trip estimate
 * @param latencyP50Ms      median frame latency over the last 500 frames
 * @param latencyP95Ms      95th percentile over the same frames
 * @param slaMs             the latency budget
 * @param slaViolationRatio share of those frames slower than the SLA
 * @param throughputFps     frames answered per second, over the last 5 s
 * @param framesDone        frames answered since start
 * @param framesFellBack    frames the cloud should have finished but the device did
 * @param cloudReachable    false while the circuit breaker keeps frames on the device
 * @param lastDecisionTime  when the current decision was first made (ISO 8601), null before the first frame
 * @param depth             the model's block count L
 * @param linkEmulated      true when transfers go through an emulated link (trace / RTT): figures are emulation
 * @param traceMbps         the emulated link's rate right now, null without a trace
 * @param minLatencyMs      the lowest latency any (α, split) reaches per the latency profiles on the current link
 *                          estimate; null without the scheduler
 * @param predictedMs       the scheduler's predicted latency for the current decision; null for a fixed decision
 * @param decider           how decisions are made: the scheduler (and whether the cloud's profile is known yet) or
 *                          the fixed decision of the flags
 * @param cloudProblem      why frames run on the device although the decision sends them to the cloud: "unreachable"
 *                          or "model digest mismatch: ..." naming both models; null while the cloud finishes frames
 */
public record EdgeStatus(int splitPoint, Double decliningRate, String schedule, Mode mode, String codec,
                         double bandwidthMbps, double rttMs, double latencyP50Ms, double latencyP95Ms, int slaMs,
                         double slaViolationRatio, double throughputFps, long framesDone, long framesFellBack,
                         boolean cloudReachable, String lastDecisionTime, int depth, boolean linkEmulated, Double traceMbps,
                         Double minLatencyMs, Double predictedMs, String decider,
                         String cloudProblem) {}
