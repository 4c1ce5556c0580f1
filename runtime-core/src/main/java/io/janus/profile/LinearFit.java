package io.janus.profile;

/**
 * An ordinary least-squares line {@code y = a·x + b} and its coefficient of determination.
 *
 * @param a   slope (for a block: milliseconds per token)
 * @param b   intercept (for a block: fixed milliseconds per call)
 * @param r2  R² of the fit; 1 when the points have no spread and lie on the line
 */
public record LinearFit(double a, double b, double r2) {

    /** Fits {@code y = a·x + b}; needs at least two distinct x values. */
    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("linear fit: " + x.length + " x values but " + y.length + " y values");
        }
        int n = x.length;
        double meanX = mean(x);
        double meanY = mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }
        if (n < 2 || sxx == 0) {
            throw new IllegalArgumentException("linear fit: needs at least two distinct x values, got " + n + " points");
        }
        double a = sxy / sxx;
        double b = meanY - a * meanX;
        return new LinearFit(a, b, rSquared(x, y, a, b, meanY));
    }

    /** The fitted value at {@code x}. */
    public double at(double x) {
        return a * x + b;
    }

    private static double rSquared(double[] x, double[] y, double a, double b, double meanY) {
        double residual = 0;
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double e = y[i] - (a * x[i] + b);
            residual += e * e;
            total += (y[i] - meanY) * (y[i] - meanY);
        }
        if (total == 0) {
            return residual == 0 ? 1.0 : 0.0;
        }
        return 1.0 - residual / total;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return v.length == 0 ? 0 : sum / v.length;
    }
}
