package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The exponential linear unit: R(z) = z for z &gt; 0, else α·(e^z − 1); R′(z) = 1 for z &gt; 0, else α·e^z
 * (so R′(0) = α, the slope from the left, as PyTorch and Keras take it; for α = 1 both sides agree). For
 * z ≤ 0 the curve bends smoothly down to −α, so mean activations stay nearer zero than ReLU's. e^z − 1 is
 * computed with {@link Math#expm1}, exact near 0. Clevert, Unterthiner &amp; Hochreiter, "Fast and Accurate
 * Deep Network Learning by Exponential Linear Units (ELUs)", ICLR 2016.
 *
 * @param alpha the value α that R approaches as z → −∞ (negated), finite and &gt; 0; 1 is the usual choice
 */
public record ELU(double alpha) implements Activation {

    /**
     * Checks α.
     *
     * @param alpha the saturation value for z → −∞
     * @throws IllegalArgumentException if α is not finite or not &gt; 0
     */
    public ELU {
        if (!(alpha > 0.0 && alpha < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("ELU: alpha must be finite and > 0, got " + alpha);
        }
    }

    @Override
    public String name() {
        return "elu";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Elementwise.applyEach("elu", z, a, this::value);
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Elementwise.applyEach("elu", z, out, this::slope);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Elementwise.multiplyEach("elu", z, g, this::slope);
    }

    /** R(z) = z for z &gt; 0, else α·(e^z − 1); NaN for NaN. */
    private double value(double z) {
        return z > 0.0 ? z : alpha * Math.expm1(z);
    }

    /** R′(z) = 1 for z &gt; 0, else α·e^z; NaN for NaN. */
    private double slope(double z) {
        return z > 0.0 ? 1.0 : alpha * Math.exp(z);
    }

    @Override
    public String toString() {
        return "ELU(" + alpha + ")";
    }
}
