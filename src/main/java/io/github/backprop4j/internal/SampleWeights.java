package io.github.backprop4j.internal;

import java.util.Locale;

/**
 * The one check of per-sample weights w (a dataset's, a CSV file's weight column, the weights of a weighted
 * backward pass) and the one sum Σw that divides the weighted cost Σᵢ wᵢ Cᵢ / Σw and the weighted gradients.
 *
 * <p>The rule: every weight finite and ≥ 0, and their sum positive and finite (a sum of 0 would divide 0 by 0).
 * Σw is summed in index order, so that all-1 weights give exactly n (for n &lt; 2⁵³), the divisor of the
 * unweighted mean.
 */
public final class SampleWeights {

    private SampleWeights() {
    }

    /**
     * Σw, added in index order.
     *
     * @param weights the weights, not modified
     * @return their sum (0 for none)
     */
    public static double sum(double[] weights) {
        double sum = 0.0;
        for (double w : weights) {
            sum += w;
        }
        return sum;
    }

    /**
     * Refuses weights that break the rule, naming the first bad weight by its index, as
     * {@code op: weight 3 is -1.0; weights must be finite and ≥ 0}.
     *
     * @param op      the operation (and place), for the message
     * @param weights the weights, not modified
     * @return Σw, positive and finite
     * @throws IllegalArgumentException if a weight is negative, NaN or ±∞, or the weights sum to 0 (all 0, or
     *                                  none) or overflow to ∞
     */
    public static double require(String op, double[] weights) {
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            if (!(w >= 0.0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: weight %d is %s; weights must be finite and ≥ 0", op, i, w));
            }
        }
        double sum = sum(weights);
        if (sum == 0.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the %d weights sum to 0; at least one "
                    + "must be > 0 (the weighted cost is Σᵢ wᵢ Cᵢ / Σw)", op, weights.length));
        }
        if (sum == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the %d weights sum to Infinity, "
                    + "beyond the range of double; scale them down (only their ratios matter)", op, weights.length));
        }
        return sum;
    }
}
