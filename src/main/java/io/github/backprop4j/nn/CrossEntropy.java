package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.Locale;

/**
 * Categorical cross-entropy fused with a {@link Softmax} output:
 * {@code C = −(1/n) · Σᵢ Σₖ yᵢₖ · log ŷᵢₖ} with {@code ŷ = softmax(Zo)}, and output error
 * {@code Eo = ŷ − y}.
 *
 * <p><b>Label smoothing</b> ({@code new CrossEntropy(ε)}, 0 ≤ ε &lt; 1) trains against the smoothed targets
 * {@code y′ = (1 − ε)·y + ε/k} instead of y: {@code C = −(1/n) · Σᵢ Σₖ y′ᵢₖ · log ŷᵢₖ} and
 * {@code Eo = ŷ − y′}, still the exact gradient since each row of y′ sums to 1. It keeps the network from
 * driving the scores of the right class towards infinity (Szegedy et al., "Rethinking the Inception
 * Architecture for Computer Vision", CVPR 2016), and is defined as PyTorch's
 * {@code CrossEntropyLoss(label_smoothing=ε)} and Keras's {@code CategoricalCrossentropy(label_smoothing=ε)}
 * define it. Accuracy and the confusion matrix still compare with the unsmoothed y. With ε = 0 (the default)
 * every number is bitwise that of plain cross-entropy.
 *
 * <p>The cost is computed from Zo, never from log ŷ: per row, {@code −Σₖ yₖ log ŷₖ = Σₖ yₖ (lse(z) − zₖ)}
 * with the log-sum-exp {@code lse(z) = max z + log Σⱼ e^(zⱼ − max z)}. So a confident wrong prediction
 * costs a large finite number (about the gap between the scores), never ∞ or NaN.
 *
 * <p>Targets are either {@code n × k} rows of class probabilities (usually one-hot: each value ≥ 0, each
 * row summing to 1 within 1e-9), or an {@code n × 1} column of class indices 0 … k − 1 (for k ≥ 2).
 * Rows that are not probabilities are refused: {@code Eo = ŷ − y} is the gradient only when Σₖ yₖ = 1.
 * The pairing with softmax is required: a network with this loss and another output activation is
 * refused when it is built.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#softmax-with-cross-entropy-sigmoid-with-binary-cross-entropy">docs/math.md</a>:
 * why Eo = ŷ − y.
 *
 * @param labelSmoothing ε in [0, 1): the weight of the uniform distribution mixed into the targets
 */
public record CrossEntropy(double labelSmoothing) implements ClassificationLoss {

    private static final double SUM_TOLERANCE = 1e-9;

    /**
     * Checks ε.
     *
     * @param labelSmoothing ε
     * @throws IllegalArgumentException if ε is not in [0, 1)
     */
    public CrossEntropy {
        if (!(labelSmoothing >= 0.0 && labelSmoothing < 1.0)) {
            throw new IllegalArgumentException("cross-entropy: labelSmoothing must be in [0, 1), got "
                    + labelSmoothing);
        }
    }

    /** Cross-entropy without label smoothing (ε = 0). */
    public CrossEntropy() {
        this(0.0);
    }

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

    /**
     * Accepts {@code k} columns of probabilities, or one column of class indices when k ≥ 2.
     *
     * @param targetColumns the columns of the targets
     * @param outputs       the network's outputs k
     * @return whether such targets fit
     */
    @Override
    public boolean acceptsTargetWidth(int targetColumns, int outputs) {
        return targetColumns == outputs || (targetColumns == 1 && outputs > 1);
    }

    @Override
    public double cost(Matrix zo, Matrix o, Matrix y) {
        boolean indices = checkTargets(o, y);
        double total = 0.0;
        for (int i = 0; i < zo.rows(); i++) {
            total = addRowCost(total, zo, y, i, indices);
        }
        return zo.rows() == 0 ? 0.0 : total / zo.rows();
    }

    /** Cᵢ = −Σₖ y′ᵢₖ log ŷᵢₖ, from Zo (for class-index targets, y′ᵢ is made from the index). */
    @Override
    public void sampleCostsInto(Matrix zo, Matrix o, Matrix y, double[] costs) {
        boolean indices = checkTargets(o, y);
        SampleCosts.requireShapes("cross-entropy", o, y, costs);
        for (int i = 0; i < costs.length; i++) {
            costs[i] = addRowCost(0.0, zo, y, i, indices);
        }
    }

    /** total + the terms of row i's cost −Σₖ y′ₖ log ŷₖ = Σₖ y′ₖ (lse(z) − zₖ), added in order. */
    private double addRowCost(double total, Matrix zo, Matrix y, int i, boolean indices) {
        double[] z = zo.backingArray();
        double[] t = y.backingArray();
        int k = zo.cols();
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / k;
        int base = i * k;
        double lse = logSumExp(z, base, k);
        if (indices) {
            // −log ŷ_label = lse − z_label
            total += keep * (lse - z[base + (int) t[i]]);
            if (labelSmoothing > 0.0) {
                // −(ε/k) Σⱼ log ŷⱼ = (ε/k) Σⱼ (lse − zⱼ)
                double all = 0.0;
                for (int j = 0; j < k; j++) {
                    all += lse - z[base + j];
                }
                total += uniform * all;
            }
        } else {
            for (int j = 0; j < k; j++) {
                double yj = keep * t[base + j] + uniform; // y′ = (1 − ε)·y + ε/k
                if (yj != 0.0) {
                    total += yj * (lse - z[base + j]);
                }
            }
        }
        return total;
    }

    @Override
    public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
        boolean indices = checkTargets(o, y);
        if (labelSmoothing == 0.0) {
            if (indices) {
                // Eo = ŷ − y, with y the one-hot row of the label
                eo.setTo(o);
                double[] e = eo.backingArray();
                double[] t = y.backingArray();
                int k = o.cols();
                for (int i = 0; i < o.rows(); i++) {
                    e[i * k + (int) t[i]] -= 1.0;
                }
            } else {
                // Eo = ŷ − y
                o.minusInto(y, eo);
            }
            return;
        }
        Activation.requireSameShape("cross-entropy", o, eo);
        double[] out = o.backingArray();
        double[] e = eo.backingArray();
        double[] t = y.backingArray();
        int k = o.cols();
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / k;
        for (int i = 0; i < o.rows(); i++) {
            for (int j = 0; j < k; j++) {
                double yj = indices ? (t[i] == j ? 1.0 : 0.0) : t[i * k + j];
                // Eo = ŷ − y′, y′ = (1 − ε)·y + ε/k
                e[i * k + j] = out[i * k + j] - (keep * yj + uniform);
            }
        }
    }

    /**
     * k × k: one row and column per class.
     *
     * @param outputs the network's outputs k
     * @return k
     */
    @Override
    public int confusionClasses(int outputs) {
        return outputs;
    }

    /**
     * A row is correct when the arg-max of ŷ ({@link Matrix#argMaxOfRow}) is its class.
     *
     * @param o         ŷ, {@code n × k}
     * @param y         the targets, probability rows or class indices
     * @param confusion k × k counts, or {@code null}
     * @return the number of correct rows
     */
    @Override
    public int countCorrect(Matrix o, Matrix y, long[][] confusion) {
        checkTargets(o, y);
        int correct = 0;
        for (int i = 0; i < o.rows(); i++) {
            int predicted = o.argMaxOfRow(i);
            int actual = targetClass(o, y, i);
            if (predicted == actual) {
                correct++;
            }
            if (confusion != null) {
                confusion[actual][predicted]++;
            }
        }
        return correct;
    }

    /**
     * One prediction per row.
     *
     * @param o ŷ, {@code n × k}
     * @return n
     */
    @Override
    public int predictionCount(Matrix o) {
        return o.rows();
    }

    /**
     * The class of row i of targets that {@link #cost} accepted: the index, or the arg-max of a row of
     * probabilities.
     */
    static int targetClass(Matrix o, Matrix y, int i) {
        return y.cols() == 1 && o.cols() > 1 ? (int) y.get(i, 0) : y.argMaxOfRow(i);
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

    /**
     * Checks the targets and tells their form: {@code true} for a column of class indices, {@code false}
     * for rows of probabilities.
     */
    private static boolean checkTargets(Matrix o, Matrix y) {
        int k = o.cols();
        double[] t = y.backingArray();
        if (y.rows() == o.rows() && y.cols() == 1 && k > 1) {
            for (int i = 0; i < t.length; i++) {
                int label = (int) t[i];
                if (label != t[i] || label < 0 || label >= k) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "cross-entropy: target row %d is class %s, expected an integer in [0, %d)", i, t[i], k));
                }
            }
            return true;
        }
        if (!y.sameShape(o)) {
            throw ShapeException.of("cross-entropy: targets are %s but the network's output is %s (expected"
                    + " %s one-hot rows or %d×1 class indices)", y.shape(), o.shape(), o.shape(), o.rows());
        }
        for (int i = 0; i < y.rows(); i++) {
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                double v = t[i * k + j];
                if (!(v >= 0.0)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "cross-entropy: target (%d, %d) is %s; targets are probabilities ≥ 0", i, j, v));
                }
                sum += v;
            }
            if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "cross-entropy: target row %d sums to %s; each row must sum to 1 (one-hot or"
                                + " probabilities)", i, sum));
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return labelSmoothing == 0.0 ? "CrossEntropy" : "CrossEntropy(labelSmoothing=" + labelSmoothing + ")";
    }
}
