package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The softplus, a smooth ReLU: R(z) = log(1 + e^z), with R′(z) = σ(z), the logistic sigmoid.
 *
 * <p>Computed as max(z, 0) + log(1 + e^(−|z|)) ({@link Math#log1p}), which equals log(1 + e^z) but never
 * overflows: for large z it is z (plus a correction that vanishes), for very negative z it is e^z to full
 * relative precision, never 0 before e^z underflows. Dugas et al., "Incorporating Second-Order Functional
 * Knowledge for Better Option Pricing", NIPS 2000.
 */
public record Softplus() implements Activation {

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Elementwise.applyEach("softplus", z, a, Softplus::value);
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Elementwise.applyEach("softplus", z, out, Sigmoid::sigmoid);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Elementwise.multiplyEach("softplus", z, g, Sigmoid::sigmoid);
    }

    /** log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|)). */
    private static double value(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public String toString() {
        return "Softplus";
    }
}
