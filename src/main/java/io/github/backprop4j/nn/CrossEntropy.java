package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.Locale;

/**
 * Categorical cross-entropy fused with a {@link Softmax} output:
 * {@code C = −(1/n) · Σᵢ Σₖ yᵢₖ · log ŷᵢₖ} with {@code ŷ = softmax(Zo)}, and output error
 * {@code Eo = ŷ − y}.
 *
 * <p>The cost is computed from Zo, never from log ŷ: per row, {@code −Σₖ yₖ log ŷₖ = Σₖ yₖ (lse(z) − zₖ)}
 * with the log-sum-exp {@code lse(z) = max z + log Σⱼ e^(zⱼ − max z)}. So a confident wrong prediction
 * costs a large finite number (about the gap between the scores), never ∞ or NaN.
 *
 * <p>Targets are either {@code n × k} rows of class probabilities (usually one-hot), or an {@code n × 1}
 * column of class indices 0 … k − 1 (for k ≥ 2). The pairing with softmax is required: a network with
 * this loss and another output activation is refused when it is built.
 */
public record CrossEntropy() implements Loss {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public void checkOutputActivation(Activation activation) {
        if (!(activation instanceof Softmax)) {
            throw new IllegalArgumentException("cross-entropy is fused with a softmax output, but the output is "
                    + activation.name() + ": use new Softmax() as the output activation (or binary-cross-entropy"
                    + " with a sigmoid output, or mse)");
        }
    }

    @Override
    public double cost(Matrix zo, Matrix o, Matrix y) {
        boolean indices = classIndices(o, y);
        double[] z = zo.backingArray();
        double[] t = y.backingArray();
        int k = zo.cols();
        double total = 0.0;
        for (int i = 0; i < zo.rows(); i++) {
            int base = i * k;
            double lse = logSumExp(z, base, k);
            if (indices) {
                // −log ŷ_label = lse − z_label
                total += lse - z[base + label(t[i], i, k)];
            } else {
                for (int j = 0; j < k; j++) {
                    double yj = t[base + j];
                    if (yj != 0.0) {
                        total += yj * (lse - z[base + j]);
                    }
                }
            }
        }
        return zo.rows() == 0 ? 0.0 : total / zo.rows();
    }

    @Override
    public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
        boolean indices = classIndices(o, y);
        if (indices) {
            // Eo = ŷ − y, with y the one-hot row of the label
            eo.setTo(o);
            double[] e = eo.backingArray();
            double[] t = y.backingArray();
            int k = o.cols();
            for (int i = 0; i < o.rows(); i++) {
                e[i * k + label(t[i], i, k)] -= 1.0;
            }
        } else {
            // Eo = ŷ − y
            o.minusInto(y, eo);
        }
    }

    /** max z + log Σⱼ e^(zⱼ − max z) over one row. */
    static double logSumExp(double[] z, int base, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[base + j]);
        }
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(z[base + j] - max);
        }
        return max + Math.log(sum);
    }

    private static boolean classIndices(Matrix o, Matrix y) {
        if (y.rows() == o.rows() && y.cols() == 1 && o.cols() > 1) {
            return true;
        }
        if (!y.sameShape(o)) {
            throw ShapeException.of("cross-entropy: targets are %s but the network's output is %s (expected"
                    + " %s one-hot rows or %d×1 class indices)", y.shape(), o.shape(), o.shape(), o.rows());
        }
        return false;
    }

    private static int label(double value, int row, int classes) {
        int label = (int) value;
        if (label != value || label < 0 || label >= classes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cross-entropy: target row %d is class %s, expected an integer in [0, %d)", row, value,
                    classes));
        }
        return label;
    }

    @Override
    public String toString() {
        return "CrossEntropy";
    }
}
