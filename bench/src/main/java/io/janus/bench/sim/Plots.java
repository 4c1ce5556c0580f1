package io.janus.bench.sim;

import io.janus.plan.Decision;
import io.janus.plan.Scheduler;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The paper's Fig. 8 (a replay over time) and Fig. 9 (a bandwidth sweep), as stacked PNG panels. */
public final class Plots {

    private static final int WIDTH = 800;
    private static final int PANEL_HEIGHT = 210;
    private static final int SWEEP_POINTS = 120;
    private static final double SWEEP_MIN_MBPS = 0.5;
    private static final double SWEEP_MAX_MBPS = 200;

    private Plots() {
    }

    /** Fig. 8: the trace's bandwidth and janus's estimate over time, with janus's split point and α below. */
    public static void fig8(Evaluation e, Scheduler scheduler, Path png) throws IOException {
        List<Frame> frames = e.run(Policies.JANUS).frames();
        double[] t = frames.stream().mapToDouble(Frame::startS).toArray();
        int samples = (int) Math.min(20_000, Math.ceil(e.bandwidth().period() * 10));
        double[] traceT = new double[samples];
        double[] traceMbps = new double[samples];
        for (int i = 0; i < samples; i++) {
            traceT[i] = e.bandwidth().period() * i / samples;
            traceMbps[i] = e.bandwidth().mbpsAt(traceT[i]);
        }
        XYChart bandwidth = panel(e.trace() + ": uplink bandwidth and janus's estimate", "time (s)", "Mbps");
        line(bandwidth, "trace", traceT, traceMbps);
        line(bandwidth, "janus estimate", t, values(frames, Frame::estimateMbps));
        XYChart split = panel("janus split point (0 cloud-only, " + (scheduler.geometry().depth() + 1)
                + " device-only)", "time (s)", "split");
        area(split, "split point", t, values(frames, f -> f.choice().splitPoint()));
        XYChart alpha = panel("janus declining rate α", "time (s)", "α");
        area(alpha, "α", t, values(frames, f -> f.choice().alpha()));
        write(png, bandwidth, split, alpha);
    }

    /**
     * Fig. 8 of a measured run (bench e2e): the link's rate (the trace, outages at 0) and the edge's bandwidth estimate
     * at each frame's start, the split point each frame ran at, and its α.
     */
    public static void measured(String title, double[] t, double[] linkMbps, double[] estimateMbps, double[] split,
                                double[] alpha, int depth, Path png) throws IOException {
        XYChart bandwidth = panel(title + ": uplink rate and the edge's bandwidth estimate (measured run)", "time (s)", "Mbps");
        line(bandwidth, "link", t, linkMbps);
        line(bandwidth, "edge estimate", t, estimateMbps);
        XYChart splitPanel = panel("split point each frame ran at (0 cloud-only, " + (depth + 1) + " device-only)", "time (s)", "split");
        area(splitPanel, "split point", t, split);
        XYChart alphaPanel = panel("declining rate α", "time (s)", "α");
        area(alphaPanel, "α", t, alpha);
        write(png, bandwidth, splitPanel, alphaPanel);
    }

    /**
     * Fig. 9: at each constant bandwidth, the latency of every policy and janus's α and split point. At a constant
     * rate the estimate equals the rate after one transfer, so each point is the scheduler's decision there.
     */
    public static void fig9(Scenario scenario, Scheduler scheduler, Path png) throws IOException {
        double[] mbps = new double[SWEEP_POINTS];
        double[][] latency = new double[4][SWEEP_POINTS];
        double[] alpha = new double[SWEEP_POINTS];
        double[] split = new double[SWEEP_POINTS];
        double[] sla = new double[SWEEP_POINTS];
        double rtt = scenario.rttMs();
        for (int i = 0; i < SWEEP_POINTS; i++) {
            mbps[i] = SWEEP_MIN_MBPS * Math.pow(SWEEP_MAX_MBPS / SWEEP_MIN_MBPS, i / (SWEEP_POINTS - 1.0));
            double device = scenario.deviceOnly().predictedMs(mbps[i], rtt);
            double cloud = scenario.cloudOnly().predictedMs(mbps[i], rtt);
            Decision janus = scheduler.decide(mbps[i], rtt, scenario.slaMs());
            latency[0][i] = device;
            latency[1][i] = cloud;
            latency[2][i] = Math.min(device, cloud);
            latency[3][i] = janus.predictedMs();
            alpha[i] = janus.alpha();
            split[i] = janus.splitPoint();
            sla[i] = scenario.slaMs();
        }
        String where = String.format(java.util.Locale.ROOT, "%s, RTT %.1f ms", scenario.name(), rtt);
        XYChart lat = panel("latency at a constant bandwidth (" + where + ")", "uplink Mbps", "ms");
        lat.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        String[] names = {Policies.DEVICE_ONLY, Policies.CLOUD_ONLY, Policies.MIXED, Policies.JANUS};
        for (int p = 0; p < names.length; p++) {
            line(lat, names[p], mbps, latency[p]);
        }
        line(lat, "SLA", mbps, sla);
        XYChart a = panel("janus declining rate α", "uplink Mbps", "α");
        a.getStyler().setXAxisLogarithmic(true);
        area(a, "α", mbps, alpha);
        XYChart s = panel("janus split point", "uplink Mbps", "split");
        s.getStyler().setXAxisLogarithmic(true);
        area(s, "split point", mbps, split);
        write(png, lat, a, s);
    }

    private static XYChart panel(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(0)
                .setChartBackgroundColor(Color.WHITE).setAntiAlias(true);
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static void area(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        s.setFillColor(new Color(70, 130, 180, 90));
    }

    private static double[] values(List<Frame> frames, ToDoubleFunction<Frame> value) {
        return frames.stream().mapToDouble(value).toArray();
    }

    private static void write(Path png, XYChart... panels) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels.length, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < panels.length; i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels[i]), 0, i * PANEL_HEIGHT, null);
        }
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
