package io.janus.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Accuracy per declining rate α, measured offline (fixtures/accuracy.json's {@code exponential} list). Given to
 * the scheduler it replaces the assumption that a smaller α is always more accurate, and lets it enforce an
 * accuracy floor. Between listed rates the accuracy is interpolated linearly; outside them it is unknown.
 */
public final class AccuracyProfile {

    private final double[] alphas;
    private final double[] accuracies;

    private AccuracyProfile(double[] alphas, double[] accuracies) {
        this.alphas = alphas;
        this.accuracies = accuracies;
    }

    /** From parallel arrays; α must be strictly increasing and accuracies in [0, 1]. */
    public static AccuracyProfile of(double[] alphas, double[] accuracies) {
        if (alphas.length == 0 || alphas.length != accuracies.length) {
            throw new IllegalArgumentException("accuracy profile: need as many accuracies as rates, at least one; got "
                    + alphas.length + " rates and " + accuracies.length + " accuracies");
        }
        for (int i = 0; i < alphas.length; i++) {
            if (i > 0 && !(alphas[i] > alphas[i - 1])) {
                throw new IllegalArgumentException("accuracy profile: rates must increase, got " + alphas[i - 1]
                        + " then " + alphas[i]);
            }
            if (!(accuracies[i] >= 0 && accuracies[i] <= 1)) {
                throw new IllegalArgumentException("accuracy profile: accuracy at α=" + alphas[i] + " is "
                        + accuracies[i] + ", expected a value in [0, 1]");
            }
        }
        return new AccuracyProfile(alphas.clone(), accuracies.clone());
    }

    /**
     * Reads {@code {"exponential": [{"alpha": 0.0, "<metric>": 0.985, …}, …]}} (the format of
     * fixtures/accuracy.json); {@code metric} picks the column, e.g. {@code accuracy} or {@code accuracy_hard}.
     */
    public static AccuracyProfile read(Path file, String metric) throws IOException {
        JsonNode rows;
        try {
            rows = new ObjectMapper().readTree(file.toFile()).path("exponential");
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file + ": no such accuracy profile");
        } catch (IOException e) {
            throw new IOException(file + ": not JSON: " + e.getMessage(), e);
        }
        if (!rows.isArray() || rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected a non-empty \"exponential\" list of {alpha, "
                    + metric + "} rows");
        }
        double[] alphas = new double[rows.size()];
        double[] acc = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (!row.path("alpha").isNumber() || !row.path(metric).isNumber()) {
                throw new IllegalArgumentException(file + ": row " + i + " of \"exponential\" lacks a numeric alpha or "
                        + metric);
            }
            alphas[i] = row.get("alpha").asDouble();
            acc[i] = row.get(metric).asDouble();
        }
        try {
            return of(alphas, acc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Accuracy at α, interpolated; NaN outside the measured range. */
    public double at(double alpha) {
        int i = Arrays.binarySearch(alphas, alpha);
        if (i >= 0) {
            return accuracies[i];
        }
        int hi = -i - 1;
        if (hi == 0 || hi == alphas.length) {
            return Double.NaN;
        }
        int lo = hi - 1;
        double w = (alpha - alphas[lo]) / (alphas[hi] - alphas[lo]);
        return accuracies[lo] + w * (accuracies[hi] - accuracies[lo]);
    }

    public double minAlpha() {
        return alphas[0];
    }

    public double maxAlpha() {
        return alphas[alphas.length - 1];
    }
}
