package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The seed's half squared error averaged over the batch:
 * {@code C = 1/(2n) · Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)²}, with output error {@code Eo = (ŷ − y) ⊙ R′(Zo)}.
 *
 * <p>Note the ½, which makes ∂C/∂ŷ = ŷ − y, and that the squares are summed over the k outputs and
 * averaged over the n samples only. Targets are {@code n × k}, like the output.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#the-cost">docs/math.md</a>:
 * the seed's cost and its output error, with the seed network's numbers.
 */
public record MeanSquaredError() implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double cost(Matrix zo, Matrix o, Matrix y) {
        Loss.requireTargetShape("mse", o, y);
        double[] os = o.backingArray();
        double[] ys = y.backingArray();
        double sum = 0.0;
        for (int i = 0; i < os.length; i++) {
            double d = os[i] - ys[i];
            sum += d * d;
        }
        // C = 1/(2n) · Σᵢ Σₖ (ŷ − y)²
        return o.rows() == 0 ? 0.0 : sum / (2.0 * o.rows());
    }

    @Override
    public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
        Loss.requireTargetShape("mse", o, y);
        // Eo = (ŷ − y) ⊙ R′(Zo)
        o.minusInto(y, eo);
        activation.multiplyByDerivative(zo, o, eo);
    }

    @Override
    public String toString() {
        return "MeanSquaredError";
    }
}
