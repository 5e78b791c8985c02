package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The logistic sigmoid, σ(z) = 1 / (1 + e^(−z)), with σ′(z) = σ(z)·(1 − σ(z)).
 *
 * <p>Computed in two branches so that no intermediate overflows: for z ≥ 0 as 1 / (1 + e^(−z)), for
 * z &lt; 0 as e^z / (1 + e^z). Neither branch ever forms ∞/∞, so σ is exactly 0 or 1 at the extremes,
 * never NaN.
 */
public record Sigmoid() implements Activation {

    /**
     * σ(z) for one value, in the stable two-branch form.
     *
     * @param z the input
     * @return σ(z), in [0, 1]
     */
    public static double sigmoid(double z) {
        if (z >= 0.0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Activation.requireSameShape("sigmoid", z, a);
        double[] zs = z.backingArray();
        double[] as = a.backingArray();
        for (int i = 0; i < as.length; i++) {
            as[i] = sigmoid(zs[i]);
        }
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape("sigmoid", a, out);
        double[] as = a.backingArray();
        double[] os = out.backingArray();
        for (int i = 0; i < os.length; i++) {
            os[i] = as[i] * (1.0 - as[i]); // σ′ = σ(1 − σ)
        }
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Activation.requireSameShape("sigmoid", a, g);
        double[] as = a.backingArray();
        double[] gs = g.backingArray();
        for (int i = 0; i < gs.length; i++) {
            gs[i] *= as[i] * (1.0 - as[i]);
        }
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
