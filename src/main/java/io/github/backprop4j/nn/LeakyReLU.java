package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The leaky rectified linear unit: R(z) = z for z &gt; 0, else α·z; R′(z) = 1 for z &gt; 0, else α
 * (so R′(0) = α, matching {@link ReLU}'s R′(0) = 0 when α = 0; R and R′ of NaN are NaN). Maas,
 * Hannun &amp; Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML 2013.
 *
 * @param alpha the slope α for z ≤ 0, finite and in [0, 1)
 */
public record LeakyReLU(double alpha) implements Activation {

    /**
     * Checks α.
     *
     * @param alpha the slope for z ≤ 0
     * @throws IllegalArgumentException if α is not finite or not in [0, 1)
     */
    public LeakyReLU {
        if (!(alpha >= 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("LeakyReLU: alpha must be in [0, 1), got " + alpha);
        }
    }

    @Override
    public String name() {
        return "leaky-relu";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Activation.requireSameShape("leaky-relu", z, a);
        double[] zs = z.backingArray();
        double[] as = a.backingArray();
        for (int i = 0; i < as.length; i++) {
            as[i] = zs[i] * slope(zs[i]); // R(z) = z·R′(z): z for z > 0, else α·z
        }
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape("leaky-relu", z, out);
        double[] zs = z.backingArray();
        double[] os = out.backingArray();
        for (int i = 0; i < os.length; i++) {
            os[i] = slope(zs[i]);
        }
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Activation.requireSameShape("leaky-relu", z, g);
        double[] zs = z.backingArray();
        double[] gs = g.backingArray();
        for (int i = 0; i < gs.length; i++) {
            gs[i] *= slope(zs[i]); // g ⊙ R′(z)
        }
    }

    /**
     * R′(z) without a branch: s + (1 − s)·α with s the unit step of {@link ReLU}, exactly 1 or α for s = 1
     * or 0, and NaN for NaN.
     */
    private double slope(double z) {
        double s = ReLU.step(z);
        return s + (1.0 - s) * alpha;
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + alpha + ")";
    }
}
