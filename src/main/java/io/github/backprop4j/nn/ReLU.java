package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The rectified linear unit, R(z) = max(0, z), and its derivative R′(z) = 1 for z &gt; 0, else 0
 * (R(NaN) and R′(NaN) are NaN, so a NaN never turns into a finite value on its way through).
 *
 * <p>R is not differentiable at z = 0; like most libraries this one takes <b>R′(0) = 0</b>, so a unit
 * whose weighted input is exactly zero passes no error back. Nair &amp; Hinton, "Rectified Linear Units
 * Improve Restricted Boltzmann Machines", ICML 2010.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#notation-one-sample-per-row">docs/math.md</a>:
 * R′(0) = 0, and how the code computes R′ without a branch.
 */
public record ReLU() implements Activation {

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Activation.requireSameShape("relu", z, a);
        double[] zs = z.backingArray();
        double[] as = a.backingArray();
        for (int i = 0; i < as.length; i++) {
            as[i] = Math.max(0.0, zs[i]); // R(z) = max(0, z); NaN stays NaN
        }
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape("relu", z, out);
        double[] zs = z.backingArray();
        double[] os = out.backingArray();
        for (int i = 0; i < os.length; i++) {
            os[i] = step(zs[i]); // R′(z): 1 for z > 0, else 0 (R′(0) = 0)
        }
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Activation.requireSameShape("relu", z, g);
        double[] zs = z.backingArray();
        double[] gs = g.backingArray();
        for (int i = 0; i < gs.length; i++) {
            gs[i] *= step(zs[i]); // g ⊙ R′(z), multiplied rather than assigned, so a NaN error stays NaN
        }
    }

    /**
     * The unit step: 1 for z &gt; 0, 0 for z ≤ 0 (−0 included), NaN for NaN; R′ of ReLU, computed without
     * a branch. Every positive double times 2^1074 is at least 1 (the smallest is 2^−1074), so clamping
     * that product to [0, 1] gives exactly 1 or 0. A comparison here ({@code z > 0 ? 1 : 0}) was compiled
     * to a branch that half the units mispredict; {@code min} and {@code max} compile to branch-free
     * instructions.
     */
    static double step(double z) {
        return Math.min(Math.max(z * 0x1p1023 * 0x1p51, 0.0), 1.0);
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
