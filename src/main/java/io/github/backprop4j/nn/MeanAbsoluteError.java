package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The mean absolute error (L1 loss): {@code C = (1/n) · Σᵢ Σₖ |ŷᵢₖ − yᵢₖ|}, with output error
 * {@code Eo = sign(ŷ − y) ⊙ R′(Zo)}.
 *
 * <p>|d| has no derivative at d = 0; like PyTorch this loss takes sign(0) = 0, so an output that is exactly
 * on its target passes no error back. The batch convention is that of {@link MeanSquaredError}: averaged over
 * the n samples, summed over the k outputs. So C is k times PyTorch's {@code L1Loss()} (which averages over
 * all n·k elements) and Keras's {@code MeanAbsoluteError()}, and equals them for one output. Every residual
 * pulls with the same strength, however large: the loss to choose when the targets hold outliers and the
 * median is the better prediction.
 */
public record MeanAbsoluteError() implements Loss {

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public double cost(Matrix zo, Matrix o, Matrix y) {
        // C = (1/n) · Σᵢ Σₖ |ŷ − y|
        return Residuals.meanCost("mae", o, y, Math::abs);
    }

    /** Cᵢ = Σₖ |ŷᵢₖ − yᵢₖ|. */
    @Override
    public void sampleCostsInto(Matrix zo, Matrix o, Matrix y, double[] costs) {
        Residuals.sampleCostsInto("mae", o, y, costs, Math::abs);
    }

    @Override
    public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
        // Eo = sign(ŷ − y) ⊙ R′(Zo)
        Residuals.outputErrorInto("mae", zo, o, y, activation, eo, Math::signum);
    }

    @Override
    public String toString() {
        return "MeanAbsoluteError";
    }
}
