package io.janus.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.plan.AccuracyProfile;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The built-in scenarios. {@code paper-vitl384} is derived from the facts the Janus paper reports (numbers
 * below; the derivation is written out in docs/reproduction.md); {@code demo} is the shipped model with
 * profiles measured on this machine.
 */
public final class Scenarios {

    public static final String PAPER = "paper-vitl384";
    public static final String PAPER_JPEG = "paper-vitl384-jpeg";
    public static final String DEMO = "demo";

    /** The paper: ViT-L@384 on a Jetson Orin Nano, whole model, no merging / ToMe r = 23 / exponential, ms. */
    static final double EDGE_FULL_MS = 653.3;
    static final double EDGE_TOME_MS = 432.0;
    static final double EDGE_EXP_MS = 403.2;
    /** The same on the V100 cloud. */
    static final double CLOUD_FULL_MS = 32.3;
    static final double CLOUD_TOME_MS = 24.2;
    static final double CLOUD_EXP_MS = 22.5;
    static final double PAPER_SLA_MS = 300;
    /** ToMe's r for ViT-L@384, the baselines' schedule ("linear declining": tokens fall by r per block). */
    static final int TOME_R = 23;
    /** The paper's LZW-compressed 224×224 frame: {transfer ms, uplink Mbps, RTT ms} over 4G, 5G, WiFi. */
    static final double[][] FRAME_TRANSFERS = {{166.84, 7.6, 42.2}, {80.46, 14.7, 17.05}, {32.17, 37.68, 2.3}};
    static final int MEASURED_FRAME_SIDE = 224;
    /** One patch token left after the last block: every α up to ToMe's cap of 0.5 is on the grid. */
    static final int PAPER_MIN_TOKENS = 1;
    static final int INPUT_SIDE = 384;

    /**
     * The patch embedding's multiply-adds over one block's at 577 tokens: 576·768·1024 / (12·577·1024² +
     * 2·577²·1024) = 0.057. The paper gives whole-model times only; the embed stage gets this share of a
     * full-size block, the classifier head (1024×1000) a negligible one.
     */
    static final double EMBED_SHARE = 0.057;
    static final double HEAD_SHARE = 0.0001;
    /** Assumed size of a quality-90 JPEG of a natural image (the paper does not measure JPEG). */
    static final double JPEG_BITS_PER_PIXEL = 2.4;
    /** The demo's SLA: the shipped model is small, so budgets are tens of milliseconds. */
    public static final double DEMO_SLA_MS = 50;
    /**
     * The bandwidth estimate before the first transfer and after every sample aged out. It must be optimistic
     * enough that the scheduler offloads at it: a device that went device-only sends nothing, so only the prior
     * brings it back to measure the link (at the edge runtime's default of 10 Mbps, paper-vitl384's janus never
     * leaves device-only: its 449 kB frame needs about 16 Mbps to meet the SLA).
     */
    static final double PRIOR_MBPS = io.janus.plan.BandwidthEstimator.DEFAULT_PRIOR_MBPS;
    /** RTTs the paper measured, used for traces whose file name names the technology. */
    static final double RTT_LTE_MS = 42.2;
    static final double RTT_5G_MS = 17.05;
    static final double RTT_WIFI_MS = 2.3;

    private Scenarios() {
    }

    /**
     * {@code paper-vitl384}: cloud-only sends the 384×384 frame LZW-compressed; {@code jpeg} sends it as a JPEG
     * instead. Tokens travel as {@code tokens}.
     */
    public static Scenario paperVitL384(boolean jpeg, TensorCodec tokens) {
        ModelGeometry g = ModelGeometry.VIT_L_384;
        LatencyProfile edge = paperProfile("Jetson Orin Nano (derived from the paper)", EDGE_FULL_MS, EDGE_TOME_MS);
        LatencyProfile cloud = paperProfile("V100 (derived from the paper)", CLOUD_FULL_MS, CLOUD_TOME_MS);
        long frame = jpeg ? jpegFrameBytes() : lzwFrameBytes();
        String name = jpeg ? PAPER_JPEG : PAPER;
        String description = String.format(Locale.ROOT, "ViT-L@384, Jetson Orin Nano edge / V100 cloud profiles derived "
                + "from the paper; frame %s %d B; tokens %s; baselines ToMe r=%d", jpeg ? "JPEG" : "LZW", frame,
                tokens.cliName(), TOME_R);
        // α up to ToMe's cap, as in the paper; the runtime's default would stop at 5% of the patches left (α ≈ 0.12).
        SchedulerConfig config = SchedulerConfig.defaults(g).withMinTokens(PAPER_MIN_TOKENS);
        return new Scenario(name, description, edge, cloud, new TokenPayloadModel(tokens, g.dim(), frame),
                config, PAPER_SLA_MS, RTT_LTE_MS, PRIOR_MBPS, Schedule.constant(TOME_R),
                Double.NaN);
    }

    /**
     * A ViT-L@384 profile with every block costing a·tokens + b: a from the times without merging and with
     * ToMe r = 23 (the tokens they process differ by Σ 23·l), the remaining fixed time shared by 24 blocks, the
     * embed stage and the head ({@link #EMBED_SHARE}, {@link #HEAD_SHARE} of a full block).
     */
    static LatencyProfile paperProfile(String device, double fullMs, double tomeMs) {
        ModelGeometry g = ModelGeometry.VIT_L_384;
        double a = (fullMs - tomeMs) / (tokensProcessed(Schedule.none()) - tokensProcessed(Schedule.constant(TOME_R)));
        double fixed = fullMs - a * tokensProcessed(Schedule.none());
        double shares = EMBED_SHARE + HEAD_SHARE;
        // fixed = depth·b + shares·(a·T + b), T the tokens entering a block without merging.
        double b = (fixed - shares * a * g.fullTokens()) / (g.depth() + shares);
        double fullBlock = a * g.fullTokens() + b;
        return LatencyProfile.synthetic(g, device, EMBED_SHARE * fullBlock, a, b, HEAD_SHARE * fullBlock);
    }

    /** Tokens entering the blocks of ViT-L@384, summed over the blocks, under {@code schedule}. */
    static long tokensProcessed(Schedule schedule) {
        ModelGeometry g = ModelGeometry.VIT_L_384;
        int[] t = schedule.tokenCounts(g.patchTokens(), g.prefixTokens(), g.depth());
        return Arrays.stream(t, 0, g.depth()).sum();
    }

    /**
     * LZW's ratio on the paper's frames: bytes = transfer ms × Mbps / 8 (the measured times fit a transfer of
     * about one raw 224×224×3 frame without the RTT; with the RTT subtracted the implied sizes disagree by 20%).
     */
    static double lzwRatio() {
        double raw = 3.0 * MEASURED_FRAME_SIDE * MEASURED_FRAME_SIDE;
        return Arrays.stream(FRAME_TRANSFERS).mapToDouble(m -> m[0] * m[1] * 1000 / 8 / raw).average().orElseThrow();
    }

    /** The 384×384 model input, LZW-compressed at the paper's measured ratio. */
    static long lzwFrameBytes() {
        return Math.round(3.0 * INPUT_SIDE * INPUT_SIDE * lzwRatio());
    }

    static long jpegFrameBytes() {
        return Math.round(INPUT_SIDE * INPUT_SIDE * JPEG_BITS_PER_PIXEL / 8);
    }

    /**
     * {@code demo}: the shipped model with profiles measured on this machine.
     *
     * @param accuracy          accuracy per α (fixtures/accuracy.json), or null
     * @param baselineR         ToMe's constant r for the baselines
     * @param baselineAccuracy  accuracy under that r, NaN when unknown
     * @param frameBytes        bytes of an encoded frame
     */
    public static Scenario demo(LatencyProfile edge, LatencyProfile cloud, AccuracyProfile accuracy, int baselineR,
            double baselineAccuracy, long frameBytes, TensorCodec tokens, double slaMs) {
        ModelGeometry g = edge.geometry();
        SchedulerConfig config = SchedulerConfig.defaults(g);
        if (accuracy != null) {
            config = config.withAccuracy(accuracy, 0);
        }
        String description = String.format(Locale.ROOT, "shipped model; edge: %s; cloud: %s; frame %d B; tokens %s; "
                + "baselines ToMe r=%d", edge.summary(), cloud.summary(), frameBytes, tokens.cliName(), baselineR);
        return new Scenario(DEMO, description, edge, cloud, new TokenPayloadModel(tokens, g.dim(), frameBytes), config,
                slaMs, RTT_LTE_MS, PRIOR_MBPS, Schedule.constant(baselineR), baselineAccuracy);
    }

    /**
     * Accuracy under ToMe's constant {@code r} from the {@code constant} list of fixtures/accuracy.json (the row
     * whose first removal is r); NaN when the file does not list it.
     */
    public static double constantAccuracy(Path file, int r) throws IOException {
        JsonNode rows;
        try {
            rows = new ObjectMapper().readTree(file.toFile()).path("constant");
        } catch (IOException e) {
            throw new IOException(file + ": not a readable accuracy file: " + e.getMessage(), e);
        }
        for (JsonNode row : rows) {
            if (row.path("r").path(0).asInt(-1) == r && row.path("accuracy").isNumber()) {
                return row.get("accuracy").asDouble();
            }
        }
        return Double.NaN;
    }

    /**
     * The RTT the paper measured for the technology a trace file is named after ({@code lte}, {@code 5g},
     * {@code wifi}), else {@code fallback}.
     */
    public static double rttForTrace(String traceName, double fallback) {
        String n = traceName.toLowerCase(Locale.ROOT);
        if (n.contains("lte") || n.contains("4g")) {
            return RTT_LTE_MS;
        } else if (n.contains("5g")) {
            return RTT_5G_MS;
        } else if (n.contains("wifi")) {
            return RTT_WIFI_MS;
        }
        return fallback;
    }
}
