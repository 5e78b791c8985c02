package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * Binary cross-entropy fused with a {@link Sigmoid} output, for one or more independent yes/no outputs:
 * {@code C = −(1/n) · Σᵢ Σₖ [yᵢₖ log ŷᵢₖ + (1 − yᵢₖ) log(1 − ŷᵢₖ)]} with {@code ŷ = σ(Zo)}, and output
 * error {@code Eo = ŷ − y}.
 *
 * <p>The cost is computed from Zo in the stable form {@code max(z, 0) − z·y + log(1 + e^(−|z|))} per
 * element, which equals the expression above but never takes the log of 0: a confident wrong prediction
 * costs about |z|, never ∞ or NaN. Targets are {@code n × k}, usually 0 or 1 (any value in [0, 1] is a
 * soft label). The pairing with sigmoid is required and checked when a network is built.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#softmax-with-cross-entropy-sigmoid-with-binary-cross-entropy">docs/math.md</a>:
 * why Eo = ŷ − y.
 */
public record BinaryCrossEntropy() implements ClassificationLoss {

    @Override
    public String name() {
        return "binary-cross-entropy";
    }

    @Override
    public void checkOutputActivation(Activation activation) {
        if (!(activation instanceof Sigmoid)) {
            throw new IllegalArgumentException("binary-cross-entropy is fused with a sigmoid output, but the output"
                    + " is " + activation.name() + ": use new Sigmoid() as the output activation (or"
                    + " cross-entropy with a softmax output, or mse)");
        }
    }

    @Override
    public double cost(Matrix zo, Matrix o, Matrix y) {
        Loss.requireTargetShape("binary-cross-entropy", o, y);
        double total = addCosts(0.0, zo.backingArray(), y.backingArray(), 0, zo.size());
        return zo.rows() == 0 ? 0.0 : total / zo.rows();
    }

    /** Cᵢ = −Σₖ [yᵢₖ log ŷᵢₖ + (1 − yᵢₖ) log(1 − ŷᵢₖ)], in the stable form. */
    @Override
    public void sampleCostsInto(Matrix zo, Matrix o, Matrix y, double[] costs) {
        Loss.requireTargetShape("binary-cross-entropy", o, y);
        SampleCosts.ofRows("binary-cross-entropy", zo, y, costs, BinaryCrossEntropy::addCosts, 1.0);
    }

    /** total + the cost of each element in [from, to), added in order. */
    private static double addCosts(double total, double[] z, double[] t, int from, int to) {
        for (int i = from; i < to; i++) {
            // −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − z·y + log(1 + e^(−|z|))
            total += Math.max(z[i], 0.0) - z[i] * t[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
        }
        return total;
    }

    @Override
    public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
        Loss.requireTargetShape("binary-cross-entropy", o, y);
        // Eo = ŷ − y
        o.minusInto(y, eo);
    }

    /**
     * A 2 × 2 confusion matrix (no/yes) for a single output; none for several independent outputs.
     *
     * @param outputs the network's outputs
     * @return 2 for one output, else 0
     */
    @Override
    public int confusionClasses(int outputs) {
        return outputs == 1 ? 2 : 0;
    }

    /**
     * Each output is a yes/no decision at 0.5, compared with its target rounded the same way.
     *
     * @param o         ŷ, {@code n × k}
     * @param y         the targets, {@code n × k}
     * @param confusion counts, or {@code null}; only kept for a single output
     * @return the number of outputs on the right side of 0.5
     */
    @Override
    public int countCorrect(Matrix o, Matrix y, long[][] confusion) {
        double[] out = o.backingArray();
        double[] t = y.backingArray();
        int correct = 0;
        for (int i = 0; i < out.length; i++) {
            int predicted = decision(out[i]);
            int actual = decision(t[i]);
            if (predicted == actual) {
                correct++;
            }
            if (confusion != null && confusion.length == 2) {
                confusion[actual][predicted]++;
            }
        }
        return correct;
    }

    /** The yes/no decision of a probability or target: 1 from 0.5 up, else 0. */
    static int decision(double p) {
        return p >= 0.5 ? 1 : 0;
    }

    /**
     * Every output is a prediction.
     *
     * @param o ŷ, {@code n × k}
     * @return n·k
     */
    @Override
    public int predictionCount(Matrix o) {
        return o.size();
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropy";
    }
}
