package io.janus.edge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.janus.model.ModelDigest;
import io.janus.model.Predictions;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.status.EdgeStatus;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge half of Janus. Per frame: decide (schedule, split point, codec), run the embedding and blocks [0, s) under
 * the schedule, ship the state, and let the cloud finish — or finish on the device when the split is device-only or
 * the cloud is unreachable, too slow for the deadline, or refuses. Every frame gets an answer. Thread-safe.
 */
public final class EdgeRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);
    /** How long a probe of the cloud that carries data may take (the uplink probe's padded call, the profile fetch). */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long a call that only asks whether the cloud is there (health, the uplink probe's empty call) may take before
     * the next probe starts over on a fresh connection. Under Linux's 1 s initial SYN retransmission timeout: a probe
     * whose SYN met an outage and that waited a whole second ran out just as TCP sent it again, so a link that came
     * back was seen one probe later.
     */
    public static final Duration REACH_TIMEOUT = Duration.ofMillis(500);
    /** A call given this many times its predicted time that still timed out is taken as a link that is down. */
    public static final double OUTAGE_EVIDENCE = 2.0;
    /** How a cloud serving another model is reported (status, readiness, log). */
    static final String DIGEST_MISMATCH = "model digest mismatch";

    private final VitModel model;
    private final Uplink uplink;
    private final Decider decider;
    private final EdgeOptions options;
    private final DeviceSlowdown slowdown;
    private final CircuitBreaker breaker;
    private final CloudProfileFetcher profiles;
    private final BandwidthEstimator bandwidth;
    private final UplinkProber prober;
    private final EdgeStats stats;
    private final AtomicLong frameIds = new AtomicLong();
    private volatile Decision lastDecision;
    private volatile Instant lastDecisionTime;
    /** Why the cloud cannot finish frames (unreachable, another model), null while it can. */
    private volatile String cloudProblem;

    /** Over the real gRPC connection, wrapped in the emulated link of {@code options.link()} when there is one. */
    public EdgeRuntime(VitModel model, CloudClient cloud, Decider decider, EdgeOptions options, PrometheusRegistry registry) {
        this(model, Uplink.of(cloud, options.link()), decider, options, registry);
    }

    /** Over any uplink; {@code options.link()} is then ignored (the uplink is what it is). */
    public EdgeRuntime(VitModel model, Uplink uplink, Decider decider, EdgeOptions options, PrometheusRegistry registry) {
        this.model = model;
        this.uplink = uplink;
        this.decider = decider;
        this.options = options;
        this.slowdown = new DeviceSlowdown(options.slowdown());
        // A cloud that comes back may be another machine: fetch its profile again.
        this.profiles = decider.needsCloudProfile()
                ? new CloudProfileFetcher(uplink, model.digest(), decider::useCloudProfile, options.probeInterval()) : null;
        this.bandwidth = new BandwidthEstimator(options.bandwidthWindow(), options.bandwidthPriorMbps(), uplink.priorRttMs());
        this.prober = new UplinkProber(uplink, bandwidth, options.probeInterval(), REACH_TIMEOUT, PROBE_TIMEOUT,
                System::nanoTime);
        // The breaker closes on a probe that crossed the uplink (and measured it), not only on a health answer.
        this.breaker = new CircuitBreaker(options.breakerThreshold(), options.probeInterval(),
                () -> cloudUsable() && prober.probeNow(),
                profiles == null ? () -> { } : profiles::fetchSoon);
        if (profiles != null) {
            profiles.fetchSoon();
        }
        this.stats = new EdgeStats(options.slaMs(), System::nanoTime, registry);
    }

    public VitModel model() {
        return model;
    }

    /** Answers one frame that arrived now (a caller that computes frames one after another, as the benchmarks do). */
    public FrameResult process(RawImage image) {
        return process(image, System.nanoTime());
    }

    /**
     * Answers one frame; never loses it to a cloud failure. Stages: decide → edge half → ship → finish or fall back →
     * record. The SLA runs from {@code arrivalNanos} (System.nanoTime when the frame arrived): time spent waiting for a
     * worker counts in every latency reported and shortens the cloud call's deadline.
     */
    public FrameResult process(RawImage image, long arrivalNanos) {
        long start = arrivalNanos;
        long frameId = frameIds.incrementAndGet();
        Stages t = new Stages();
        t.queueNanos = Math.max(0, System.nanoTime() - arrivalNanos);
        Route route = route(decide(), start);
        // No frame measures the link while device-only: a probe does, at most once per probe interval.
        if (!route.toCloud()) {
            prober.requestProbe();
        }
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState state = edgeHalf(frame, image, route, t);
            Shipped shipped = route.toCloud() ? ship(frameId, route, image, state, start, t) : Shipped.notSent(route.fallback());
            // A frame sent whole has nothing done on the edge yet: the device may finish it under its own plan.
            Route finish = shipped.labels() == null && state == null ? wholeOnDevice(route, localPlan(route.planned(), start)) : route;
            List<Predictions.Label> labels = shipped.labels() != null ? shipped.labels()
                    : t.device(() -> finishOnDevice(frame, image, state, finish.edgeBlocks(), finish.removals()));
            return record(frameId, finish, shipped, state, labels, start, t);
        }
    }

    /**
     * Where a decision sends this frame: to the cloud unless the split is device-only or the breaker is open; the
     * frame itself at split 0, else the state after the edge's blocks. {@code planned} is the decider's decision,
     * {@code run} the one the frame runs under (a device-only plan replaces one made for the cloud when the cloud
     * will not finish the frame).
     */
    private record Route(Decision planned, Decision run, int[] removals, boolean toCloud, int edgeBlocks, String fallback) {
        boolean sendFrame() {
            return toCloud && run.splitPoint() == 0;
        }
    }

    /** The frame, sent whole and not finished by the cloud, computed on the device from its embedding under {@code local}. */
    private Route wholeOnDevice(Route sent, Decision local) {
        return new Route(sent.planned(), local, model.removals(local.schedule()), false, 0, sent.fallback());
    }

    private Route route(Decision d, long arrivalNanos) {
        int depth = model.config().depth();
        if (d.splitPoint() <= depth && !breaker.isClosed()) {
            Decision local = localPlan(d, arrivalNanos);
            return new Route(d, local, model.removals(local.schedule()), false, depth, "breaker-open");
        }
        boolean toCloud = d.splitPoint() <= depth;
        return new Route(d, d, model.removals(d.schedule()), toCloud, toCloud ? d.splitPoint() : depth, null);
    }

    /** The decider's device-only plan for what is left of this frame's SLA, or {@code planned} when it has none. */
    private Decision localPlan(Decision planned, long arrivalNanos) {
        double leftMs = options.slaMs() - (System.nanoTime() - arrivalNanos) / 1e6;
        Decision local = decider.onDevice(bandwidth.rttMs(), leftMs);
        return local == null ? planned : local;
    }

    /** The embedding and blocks [0, split) under the schedule; nothing when the frame itself is sent. */
    private TokenState edgeHalf(NDManager frame, RawImage image, Route route, Stages t) {
        if (route.sendFrame()) {
            return null;
        }
        return t.edge(() -> model.blocks(model.embed(model.preprocessor().batch(frame, List.of(image))), 0, route.edgeBlocks(),
                route.removals()));
    }

    /** What shipping gave: the request sent (null when none), the cloud's labels, or why the device must finish. */
    private record Shipped(FinishRequest request, List<Predictions.Label> labels, String fallback) {
        static Shipped notSent(String fallback) {
            return new Shipped(null, null, fallback);
        }
    }

    /** Encodes the request and has the cloud finish it under what is left of the SLA; a failure becomes a fallback. */
    private Shipped ship(long frameId, Route route, RawImage image, TokenState state, long frameStart, Stages t) {
        long e0 = System.nanoTime();
        FinishRequest request = request(frameId, route.run(), route.removals(), image, state);
        t.encodeNanos = System.nanoTime() - e0;
        try {
            List<Predictions.Label> labels = callCloud(request, route.run(), frameStart, t);
            breaker.onSuccess();
            return new Shipped(request, labels, null);
        } catch (StatusRuntimeException e) {
            return new Shipped(request, null, failed(frameId, e.getStatus()));
        }
    }

    /** Counts the frame in the statistics and builds its result. */
    private FrameResult record(long frameId, Route route, Shipped shipped, TokenState state, List<Predictions.Label> labels,
                               long start, Stages t) {
        Decision d = route.planned();
        Schedule ran = route.run().schedule();
        int depth = model.config().depth();
        boolean cloudAnswered = route.toCloud() && shipped.fallback() == null;
        Mode mode = cloudAnswered ? d.mode(depth) : Mode.DEVICE_ONLY;
        FinishRequest request = shipped.request();
        long bytes = request == null ? 0 : request.getSerializedSize();
        double totalMs = (System.nanoTime() - start) / 1e6;
        stats.record(mode, totalMs, t.queueNanos / 1e6, bytes, shipped.fallback());
        calibrate(route, cloudAnswered, t);
        return new FrameResult(frameId, labels, cloudAnswered ? d.splitPoint() : depth + 1, d.splitPoint(),
                ran.toString(), rate(ran), codecName(d), mode, shipped.fallback(), bytes,
                request != null && request.hasTokens() ? state.tokenCount() : 0, t.latency(totalMs));
    }

    /**
     * Tells the decider what each side's share of the frame took, for frames that ran their plan as planned: the edge
     * half and the cloud's compute of a frame the cloud finished, or the whole of a frame planned for the device.
     */
    private void calibrate(Route route, boolean cloudAnswered, Stages t) {
        if (cloudAnswered) {
            if (route.run().splitPoint() > 0) {
                decider.edgeMeasured(route.run(), t.edgeNanos / 1e6);
            }
            decider.cloudMeasured(route.run(), t.cloudComputeNanos / 1e6);
        } else if (!route.toCloud()) {
            decider.edgeMeasured(route.run(), (t.edgeNanos + t.deviceNanos) / 1e6);
        }
    }

    /** What the cloud needs: the state after the edge's blocks under the chosen codec, or the frame at split 0. */
    private FinishRequest request(long frameId, Decision d, int[] removals, RawImage image, TokenState state) {
        FinishRequest.Builder request = FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setFrameId(frameId)
                .setSplitPoint(d.splitPoint()).addAllMerged(Arrays.stream(removals).boxed().toList())
                .setSchedule(d.schedule().toString()).setTopK(options.topK());
        if (state == null) {
            return request.setFrame(options.frameCodec().encode(image.height(), image.width(), image.channels(), image.pixels()))
                    .build();
        }
        return request.setTokens(TokenPayloads.encode(state, d.codec())).build();
    }

    /** Blocks [from, L) and the head here, from the edge's state (or from the frame when the edge ran nothing). */
    private List<Predictions.Label> finishOnDevice(NDManager frame, RawImage image, TokenState state, int from, int[] removals) {
        TokenState s = state != null ? state : model.embed(model.preprocessor().batch(frame, List.of(image)));
        NDArray logits = model.head(model.blocks(s, from, model.config().depth(), removals));
        return Predictions.topK(logits, model.config().labelNames(), options.topK()).get(0);
    }

    /** Records a failed cloud call with the breaker; returns the fallback reason. */
    private String failed(long frameId, Status status) {
        String reason = status.getCode().name();
        if (status.getCode() != Status.Code.RESOURCE_EXHAUSTED) { // overload: this frame goes to the device, the cloud is not down
            breaker.onFailure(reason + (status.getDescription() == null ? "" : ": " + status.getDescription()));
        }
        if (status.getCode() == Status.Code.FAILED_PRECONDITION || status.getCode() == Status.Code.INVALID_ARGUMENT) {
            LOG.error("frame {}: the cloud refused the request: {}", frameId, status.getDescription());
        }
        if (status.getCode() == Status.Code.FAILED_PRECONDITION && String.valueOf(status.getDescription()).contains("digest")) {
            cloudProblem = "model digest mismatch: " + status.getDescription();
            breaker.trip(cloudProblem);
        }
        return reason;
    }

    private Decision decide() {
        LinkEstimate link = LinkEstimate.of(bandwidth, options.slaMs());
        Decision d = decider.decide(link);
        int depth = model.config().depth();
        if (d.splitPoint() < 0 || d.splitPoint() > depth + 1) {
            throw new IllegalStateException("split point " + d.splitPoint() + " outside [0, " + (depth + 1) + "]");
        }
        Decision previous = lastDecision;
        if (!d.sameChoice(previous)) {
            lastDecisionTime = Instant.now();
            LOG.info(String.format(Locale.ROOT, "decision: α %s, split %d (%s), bandwidth estimate %.2f Mbps, RTT %.1f ms,"
                            + " predicted %s ms, SLA %d ms", alpha(d.schedule()), d.splitPoint(), d.mode(depth).statusName(),
                    link.bandwidthMbps(), link.rttMs(), Double.isNaN(d.predictedMs()) ? "-" : String.format(Locale.ROOT,
                            "%.1f", d.predictedMs()), options.slaMs()));
        }
        lastDecision = d;
        return d;
    }

    private static String alpha(Schedule schedule) {
        Double a = rate(schedule);
        return a == null ? schedule.toString() : String.format(Locale.ROOT, "%.2f", a);
    }

    /** Cloud latency profiles fetched and handed to the decider so far (0 with a fixed decision). */
    public long cloudProfilesFetched() {
        return profiles == null ? 0 : profiles.fetched();
    }

    /** The cloud call over the uplink under what is left of the SLA; each transfer feeds the bandwidth estimate. */
    private List<Predictions.Label> callCloud(FinishRequest request, Decision run, long frameStart, Stages t) {
        long c0 = System.nanoTime();
        long budget = frameStart + options.slaMs() * 1_000_000L - c0;
        // A frame already late still gets a fair chance at the cloud rather than an instant fallback.
        budget = Math.max(budget, options.slaMs() * 250_000L);
        Uplink.Shipment shipment;
        try {
            shipment = uplink.ship(request, Duration.ofNanos(budget));
        } catch (StatusRuntimeException e) {
            // A transfer that did not finish measured no rate: the time waited would read as a link slower than any
            // the link had (a loss, a stall, an outage). Until a probe measures the link, it is taken to be down, so
            // that the next frames are decided device-only instead of each waiting out its deadline; but a call that
            // only overran a plan made to the SLA's edge says nothing about the link (the cloud was a little slow).
            t.transferNanos = e instanceof Uplink.LinkSaturated saturated ? Math.round(saturated.waitedMs() * 1e6)
                    : System.nanoTime() - c0;
            if (linkLikelyDown(e.getStatus().getCode(), run, budget / 1e6)) {
                bandwidth.recordOutage();
            } else if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                decider.callTimedOut(run, t.transferNanos / 1e6);
            }
            prober.requestProbe();
            throw e;
        }
        FinishReply reply = shipment.reply();
        t.cloudDecodeNanos = reply.getCloudDecodeMicros() * 1000;
        t.cloudComputeNanos = reply.getCloudComputeMicros() * 1000;
        t.transferNanos = Math.max(0, shipment.callNanos() - t.cloudDecodeNanos - t.cloudComputeNanos);
        recordTransfer(request.getSerializedSize(), shipment, t.transferNanos / 1e6);
        return reply.getLabelsList().stream()
                .map(l -> new Predictions.Label(l.getName(), l.getIndex(), l.getProbability())).toList();
    }

    /**
     * Pure: whether a failed call is evidence that the link is down. A lost connection is; so is a deadline that
     * allowed at least {@value #OUTAGE_EVIDENCE} times the call's predicted time (transfer, RTT, cloud), or any deadline
     * of a decision without a prediction. A deadline missed by a plan that left less slack is a late call.
     */
    static boolean linkLikelyDown(Status.Code code, Decision run, double budgetMs) {
        if (code == Status.Code.UNAVAILABLE) {
            return true;
        }
        if (code != Status.Code.DEADLINE_EXCEEDED) {
            return false;
        }
        if (run.prediction() == null) {
            return true;
        }
        double callMs = run.transferMs() + run.networkRttMs() + run.cloudMs();
        return budgetMs >= OUTAGE_EVIDENCE * callMs;
    }

    /**
     * A completed transfer as bandwidth and RTT samples. Where the uplink knows the bytes' time on the link (an
     * emulated one) that is the sample. On a real network the call is the bytes' time plus a round trip: a payload
     * smaller than a probe's padding is a round trip (350 bytes in a 40 ms round trip would read as a 0.07 Mbps link),
     * a larger one a bandwidth sample once the RTT estimate is subtracted.
     */
    private void recordTransfer(long bytes, Uplink.Shipment shipment, double transferMs) {
        if (!Double.isNaN(shipment.linkMs())) {
            if (shipment.linkMs() > 0) {
                bandwidth.record(bytes, shipment.linkMs());
            }
        } else if (bytes >= UplinkProber.PADDING_BYTES) {
            double linkMs = transferMs - bandwidth.rttMs();
            if (linkMs >= UplinkProber.MIN_LINK_MS) {
                bandwidth.record(bytes, linkMs);
            }
        } else {
            bandwidth.recordRtt(transferMs);
        }
        if (!Double.isNaN(shipment.rttMs())) {
            bandwidth.recordRtt(shipment.rttMs());
        }
    }

    /**
     * Runs a blank frame through the device path and every encoder, without sending it, so that the first real frame
     * does not pay for class loading, JIT compilation and PyTorch's first calls.
     */
    public void warmUp() {
        var c = model.config();
        RawImage blank = new RawImage(c.imgSize(), c.imgSize(), 3, new byte[c.imgSize() * c.imgSize() * 3]);
        int[] removals = model.removals(Schedule.parse("exp:0.25"));
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState s = model.blocks(model.embed(model.preprocessor().batch(frame, List.of(blank))), 0, 1, removals);
            for (var codec : TensorCodec.values()) {
                request(0, new Decision(Schedule.none(), 1, codec), removals, blank, s);
            }
            request(0, new Decision(Schedule.none(), 0, TensorCodec.FP32), removals, blank, null);
            finishOnDevice(frame, blank, s, 1, removals);
        }
    }

    /**
     * Asks the cloud once whether it can finish this edge's frames (also warms the connection up); never throws.
     * A cloud serving another model is reported as such (status, readiness, log) and frames run on the device at once.
     *
     * @return null when it can, else why not
     */
    public String checkCloud() {
        if (!cloudUsable()) {
            String problem = cloudProblem;
            if (problem.startsWith(DIGEST_MISMATCH)) {
                breaker.trip(problem);
            }
            return problem;
        }
        return null;
    }

    /** Health SERVING and the same model (by the digest the cloud's Profile reply names); records the problem. */
    private boolean cloudUsable() {
        String problem;
        if (!uplink.probe(REACH_TIMEOUT)) {
            problem = "unreachable";
        } else {
            problem = digestProblem(uplink.target(), cloudDigest(), model.digest());
        }
        if (problem != null && problem.startsWith(DIGEST_MISMATCH) && !problem.equals(cloudProblem)) {
            LOG.error("{}: frames run on the device until the cloud serves this model", problem);
        }
        cloudProblem = problem;
        return problem == null;
    }

    /** The model the cloud serves, or null when it does not say (an older cloud: the digest is checked per call). */
    private String cloudDigest() {
        try {
            return uplink.profile(PROBE_TIMEOUT).getModelDigest();
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    /** Pure: null when the digests agree (or the cloud's is unknown), else the mismatch, naming both. */
    static String digestProblem(String target, String cloudDigest, ModelDigest edgeDigest) {
        if (cloudDigest == null || cloudDigest.isEmpty() || edgeDigest.matches(cloudDigest)) {
            return null;
        }
        return DIGEST_MISMATCH + ": the cloud at " + target + " serves model " + cloudDigest + ", this edge runs " + edgeDigest
                + ": run the same model.safetensors on both";
    }

    /** Why the cloud cannot finish frames right now (null while it can), as /v1/status and /readyz report it. */
    public String cloudProblem() {
        String problem = cloudProblem;
        return breaker.isClosed() ? null : problem != null ? problem : "unreachable";
    }

    /** The live decision and recent performance, as GET /v1/status reports it. */
    public EdgeStatus status() {
        EdgeStats.Snapshot s = stats.snapshot();
        LinkEstimate now = LinkEstimate.of(bandwidth, options.slaMs());
        Decision d = lastDecision != null ? lastDecision : decider.decide(now);
        int depth = model.config().depth();
        boolean reachable = breaker.isClosed();
        int split = reachable ? d.splitPoint() : depth + 1;
        Mode mode = Mode.of(split, depth);
        return new EdgeStatus(split, rate(d.schedule()), d.schedule().toString(), mode, codecName(d), now.bandwidthMbps(), now.rttMs(),
                s.latencyP50Ms(), s.latencyP95Ms(), options.slaMs(), s.slaViolationRatio(), s.throughputFps(), s.framesDone(),
                s.framesFellBack(), reachable, lastDecisionTime == null ? null : lastDecisionTime.toString(), depth,
                uplink.emulated(), Double.isNaN(uplink.emulatedMbps()) ? null : uplink.emulatedMbps(),
                decider.minLatencyMs(now), Double.isNaN(d.predictedMs()) ? null : d.predictedMs(), decider.toString(),
                cloudProblem());
    }

    private String codecName(Decision d) {
        return d.splitPoint() == 0 ? options.frameCodec().toString() : d.codec().cliName();
    }

    private static Double rate(Schedule schedule) {
        double a = schedule.decliningRate();
        return Double.isNaN(a) ? null : a;
    }

    /** Stops probing and closes the cloud connection (the model belongs to the caller). */
    @Override
    public void close() {
        if (profiles != null) {
            profiles.close();
        }
        breaker.close();
        prober.close();
        uplink.close();
    }

    /** Per-frame timings; compute on the edge is stretched by the emulated slowdown. */
    private final class Stages {
        long edgeNanos;
        long encodeNanos;
        long transferNanos;
        long cloudDecodeNanos;
        long cloudComputeNanos;
        long deviceNanos;
        long queueNanos;

        <T> T edge(java.util.function.Supplier<T> work) {
            long t0 = System.nanoTime();
            T out = slowdown.run(work);
            edgeNanos = System.nanoTime() - t0;
            return out;
        }

        <T> T device(java.util.function.Supplier<T> work) {
            long t0 = System.nanoTime();
            T out = slowdown.run(work);
            deviceNanos = System.nanoTime() - t0;
            return out;
        }

        FrameResult.Latency latency(double totalMs) {
            return new FrameResult.Latency(totalMs, queueNanos / 1e6, edgeNanos / 1e6, encodeNanos / 1e6, transferNanos / 1e6,
                    cloudDecodeNanos / 1e6, cloudComputeNanos / 1e6, deviceNanos / 1e6);
        }
    }
}
