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
        double sum = addSquares(0.0, o.backingArray(), y.backingArray(), 0, o.size());
        // C = 1/(2n) · Σᵢ Σₖ (ŷ − y)²
        return o.rows() == 0 ? 0.0 : sum / (2.0 * o.rows());
    }

    /** Cᵢ = ½ Σₖ (ŷᵢₖ − yᵢₖ)². */
    @Override
    public void sampleCostsInto(Matrix zo, Matrix o, Matrix y, double[] costs) {
        Loss.requireTargetShape("mse", o, y);
        // Cᵢ = ½ Σₖ (ŷᵢₖ − yᵢₖ)²
        SampleCosts.ofRows("mse", o, y, costs, MeanSquaredError::addSquares, 0.5);
    }

    /** sum + Σ (ŷ − y)² over the elements [from, to), added in order. */
    private static double addSquares(double sum, double[] os, double[] ys, int from, int to) {
        for (int i = from; i < to; i++) {
            double d = os[i] - ys[i];
            sum += d * d;
        }
        return sum;
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
