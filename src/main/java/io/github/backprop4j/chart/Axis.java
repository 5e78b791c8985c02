package io.github.backprop4j.chart;

import java.math.BigDecimal;

/**
 * A linear axis that covers a data range with "nice" ticks: the step is 1, 2 or 5 times a power of
 * ten, the ends of the axis are the ticks just outside the data, and the labels are the exact decimal
 * tick values (computed with {@link BigDecimal}, so {@code 0.3} never prints as
 * {@code 0.30000000000000004}). Package-private.
 *
 * <p>Works for any finite range, from subnormal numbers to ±{@link Double#MAX_VALUE}, without
 * overflow, division by zero or NaN: a range that is empty or too narrow to resolve is widened
 * around its centre, and an axis end that would lie beyond ±{@code Double.MAX_VALUE} is the data's
 * extreme instead of a tick.
 */
final class Axis {

    /** Ranges narrower than this, relative to their magnitude, are widened (labels would need > 10 digits). */
    private static final double MIN_RELATIVE_SPAN = 1e-9;
    /** Ranges narrower than this are widened, so that the step stays a normal (not subnormal) double. */
    private static final double MIN_ABSOLUTE_SPAN = 1e-305;
    private static final int MAX_TARGET_TICKS = 100;
    /** Plain labels ({@code 0.00001} … {@code 9999999}) within these decimal exponents, else {@code 1.5e300}. */
    private static final int PLAIN_MIN_STEP_EXPONENT = -5;
    private static final int PLAIN_MAX_EXPONENT = 6;

    private final double min;
    private final double max;
    private final double step;
    private final double[] ticks;
    private final String[] labels;

    private Axis(double min, double max, double step, double[] ticks, String[] labels) {
        this.min = min;
        this.max = max;
        this.step = step;
        this.ticks = ticks;
        this.labels = labels;
    }

    /**
     * Builds the axis for data between {@code lo} and {@code hi}.
     *
     * @param lo          the smallest finite data value, or anything greater than {@code hi} (such as
     *                    +∞ with {@code hi} = −∞) if there is no data, which gives the axis 0 to 1
     * @param hi          the greatest finite data value
     * @param targetTicks about how many tick intervals to aim for, 1 to 100
     */
    static Axis covering(double lo, double hi, int targetTicks) {
        return covering(lo, hi, targetTicks, false);
    }

    /**
     * Builds the axis for data between {@code lo} and {@code hi}, with a step of at least 1 if
     * {@code wholeNumbers}: for data such as epoch numbers, which would look odd with ticks at 1.5.
     *
     * @param lo           as for {@link #covering(double, double, int)}
     * @param hi           as for {@link #covering(double, double, int)}
     * @param targetTicks  as for {@link #covering(double, double, int)}
     * @param wholeNumbers whether the step must be a whole number
     */
    static Axis covering(double lo, double hi, int targetTicks, boolean wholeNumbers) {
        if (targetTicks < 1 || targetTicks > MAX_TARGET_TICKS) {
            throw new IllegalArgumentException("covering: targetTicks must be 1 to " + MAX_TARGET_TICKS
                    + ", got " + targetTicks);
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("covering: data range must be finite, got " + lo + " to " + hi);
        }
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        double span = hi - lo; // may be +∞ for ±MAX_VALUE data; then it is not narrow
        if (span <= MIN_RELATIVE_SPAN * magnitude || span < MIN_ABSOLUTE_SPAN) {
            // widen by 10 % of the magnitude on each side, or by 1 around zero
            double pad = magnitude == 0 ? 1 : Math.max(0.1 * magnitude, MIN_ABSOLUTE_SPAN);
            lo = Math.max(lo - pad, -Double.MAX_VALUE);
            hi = Math.min(hi + pad, Double.MAX_VALUE);
        }

        // raw step = span / target, written so that it cannot overflow
        double raw = hi / targetTicks - lo / targetTicks;
        int exponent = (int) Math.floor(Math.log10(raw));
        double fraction = raw / Math.pow(10, exponent);
        long mantissa;
        if (fraction < 1.5) {
            mantissa = 1;
        } else if (fraction < 3.5) {
            mantissa = 2;
        } else if (fraction < 7.5) {
            mantissa = 5;
        } else {
            mantissa = 1;
            exponent++;
        }
        if (wholeNumbers && exponent < 0) {
            mantissa = 1;
            exponent = 0;
        }
        BigDecimal stepExact = BigDecimal.valueOf(mantissa, -exponent);
        double step = stepExact.doubleValue();
        if (!Double.isFinite(step)) { // 2e308 and up: take the largest finite power of ten
            mantissa = 1;
            exponent = 308;
            stepExact = BigDecimal.valueOf(1, -exponent);
            step = stepExact.doubleValue();
        }

        // tick i is i·step; the first is the last one at or below lo, the last the first at or above hi
        // (lo / step is rounded, so the index is corrected by one either way)
        long first = (long) Math.floor(lo / step);
        if (value(first, mantissa, exponent) > lo) {
            first--;
        } else if (value(first + 1, mantissa, exponent) <= lo) {
            first++;
        }
        long last = (long) Math.ceil(hi / step);
        if (value(last, mantissa, exponent) < hi) {
            last++;
        } else if (value(last - 1, mantissa, exponent) >= hi) {
            last--;
        }
        double axisMin = value(first, mantissa, exponent);
        if (!Double.isFinite(axisMin)) { // beyond -MAX_VALUE: the axis starts at the data
            axisMin = lo;
            first++;
        }
        double axisMax = value(last, mantissa, exponent);
        if (!Double.isFinite(axisMax)) {
            axisMax = hi;
            last--;
        }

        int count = (int) (last - first + 1);
        double[] ticks = new double[count];
        BigDecimal[] exact = new BigDecimal[count];
        BigDecimal largest = BigDecimal.ZERO;
        for (int k = 0; k < count; k++) {
            exact[k] = BigDecimal.valueOf((first + k) * mantissa, -exponent);
            ticks[k] = exact[k].doubleValue();
            largest = largest.max(exact[k].abs());
        }
        int largestExponent = largest.signum() == 0 ? 0 : largest.precision() - largest.scale() - 1;
        boolean plain = exponent >= PLAIN_MIN_STEP_EXPONENT && largestExponent <= PLAIN_MAX_EXPONENT;
        String[] labels = new String[count];
        for (int k = 0; k < count; k++) {
            labels[k] = plain ? exact[k].setScale(Math.max(0, -exponent)).toPlainString() : scientific(exact[k]);
        }
        return new Axis(axisMin, axisMax, step, ticks, labels);
    }

    private static double value(long index, long mantissa, int exponent) {
        return BigDecimal.valueOf(index * mantissa, -exponent).doubleValue();
    }

    /** {@code 0}, {@code 1e300}, {@code -2.5e-7}. */
    private static String scientific(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.stripTrailingZeros();
        String digits = v.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - v.scale();
        StringBuilder out = new StringBuilder();
        if (v.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        return out.append('e').append(exponent).toString();
    }

    /** The value at the start of the axis, ≤ every data value. */
    double min() {
        return min;
    }

    /** The value at the end of the axis, ≥ every data value, &gt; {@link #min()}. */
    double max() {
        return max;
    }

    /** The distance between ticks: 1, 2 or 5 times a power of ten. */
    double step() {
        return step;
    }

    /** The number of ticks, ≥ 1. */
    int tickCount() {
        return ticks.length;
    }

    /** The value of tick {@code k}, in ascending order. */
    double tick(int k) {
        return ticks[k];
    }

    /** The label of tick {@code k}. */
    String label(int k) {
        return labels[k];
    }

    /**
     * Where {@code v} lies on the axis: 0 at {@link #min()}, 1 at {@link #max()}, clamped to [0, 1]
     * and never NaN for finite {@code v}.
     */
    double fraction(double v) {
        double span = max - min;
        double t = Double.isFinite(span)
                ? (v - min) / span
                : (v / 2 - min / 2) / (max / 2 - min / 2); // the span overflows; halves cannot
        return Math.min(1, Math.max(0, t));
    }
}
