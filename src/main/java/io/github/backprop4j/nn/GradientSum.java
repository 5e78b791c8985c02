package io.github.backprop4j.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * The gradient sums of some rows, with their divisor and cost: what a {@link GradientWorker} leaves for a batch,
 * and what the shards of a data-parallel step add up.
 * <pre>
 *   S = Σ over the rows of each row's gradient   (Inputᵀ·E and Σᵢ Eᵢ of every layer, flat in the order of
 *                                                 {@link Network#flatParameters()})
 *   d = the divisor: the number of rows
 *   C = the mean cost of the rows
 *   C′ = S · (1/d)                               (the gradient: {@link #meanInto})
 * </pre>
 * Sums are combined by {@link #add}, in a fixed order (shard 0, 1, …), so that the same shards give the same bits
 * however many machines computed them. Adding to an empty sum copies, so one shard gives bit for bit the gradient
 * {@link Network#backward} computes for its rows. The divisor is a real number: a sum of row weights is one too.
 *
 * <p>Not thread-safe; the array is the sum's own and is reused.
 */
public final class GradientSum {

    private final double[] sums;
    private double divisor;
    private double cost;

    /**
     * An empty sum (no rows: d = 0) for the parameters of {@code network}.
     *
     * @param network the network; not modified
     */
    public GradientSum(Network network) {
        this(new double[Math.toIntExact(network.parameterCount())], 0.0, 0.0);
    }

    private GradientSum(double[] sums, double divisor, double cost) {
        this.sums = sums;
        this.divisor = divisor;
        this.cost = cost;
    }

    /**
     * A sum over arrays computed elsewhere (received from another machine, say), kept without copying.
     *
     * @param sums    S, flat in the order of {@link Network#flatParameters()}; kept and modified by {@link #add}
     * @param divisor d, finite and ≥ 0; 0 for no rows
     * @param cost    C, the mean cost of the rows (any value: a non-finite cost is for a trainer to refuse)
     * @return the sum
     * @throws IllegalArgumentException if {@code divisor} is negative or not finite
     */
    public static GradientSum wrap(double[] sums, double divisor, double cost) {
        Objects.requireNonNull(sums, "sums");
        if (!(divisor >= 0.0) || Double.isInfinite(divisor)) {
            throw new IllegalArgumentException("GradientSum: the divisor must be finite and ≥ 0, got " + divisor);
        }
        return new GradientSum(sums, divisor, cost);
    }

    /**
     * S, flat: the live array, not a copy.
     *
     * @return the sums
     */
    public double[] sums() {
        return sums;
    }

    /**
     * d, the number of rows summed (0 for none).
     *
     * @return the divisor
     */
    public double divisor() {
        return divisor;
    }

    /**
     * C, the mean cost of the rows summed (0 for none).
     *
     * @return the cost
     */
    public double cost() {
        return cost;
    }

    /**
     * Adds {@code other}'s rows to this sum: S ← S + S_other, d ← d + d_other, and C becomes the mean over both,
     * C·(d/(d + d_other)) + C_other·(d_other/(d + d_other)). Adding to an empty sum copies {@code other} exactly;
     * adding an empty sum changes nothing. Allocates nothing.
     *
     * @param other the sum to add; not modified
     * @return this sum
     * @throws IllegalArgumentException if the sums are of different sizes
     */
    public GradientSum add(GradientSum other) {
        other.requireSize("add", sums.length);
        if (other.divisor == 0.0) {
            return this;
        }
        if (divisor == 0.0) {
            System.arraycopy(other.sums, 0, sums, 0, sums.length);
            set(other.divisor, other.cost);
            return this;
        }
        for (int i = 0; i < sums.length; i++) {
            // S ← S + S_other
            sums[i] += other.sums[i];
        }
        double total = divisor + other.divisor;
        cost = cost * (divisor / total) + other.cost * (other.divisor / total);
        divisor = total;
        return this;
    }

    /**
     * The gradient C′ = S · (1/d), written into {@code out}: the multiplication a layer's backward pass makes by
     * 1/n, so that one shard's sum gives its bits exactly. Allocates nothing.
     *
     * @param out the destination, as long as the sums; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out} has the wrong length
     * @throws IllegalStateException    if the sum is empty (d = 0): there is nothing to average
     */
    public double[] meanInto(double[] out) {
        if (out.length != sums.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "meanInto: %d values given, the sum has %d", out.length, sums.length));
        }
        if (divisor == 0.0) {
            throw new IllegalStateException("meanInto: the sum holds no rows (divisor 0); add a shard's sum first");
        }
        double invD = 1.0 / divisor;
        for (int i = 0; i < sums.length; i++) {
            // C′ = S · (1/d)
            out[i] = sums[i] * invD;
        }
        return out;
    }

    /** Sets d and C after the sums were written (by a worker, or by a copy). */
    void set(double divisor, double cost) {
        this.divisor = divisor;
        this.cost = cost;
    }

    void requireSize(String op, long size) {
        if (sums.length != size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: a sum of %d values where %d are expected (the network's parameters)", op, sums.length, size));
        }
    }

    /**
     * The divisor, cost and size, e.g. {@code GradientSum[d=64.0, cost=0.52, 1234 values]}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "GradientSum[d=" + divisor + ", cost=" + cost + ", " + sums.length + " values]";
    }
}
