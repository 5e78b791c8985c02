package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The hyperbolic tangent, R(z) = tanh z, with R′(z) = 1 − tanh² z.
 */
public record Tanh() implements Activation {

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Activation.requireSameShape("tanh", z, a);
        double[] zs = z.backingArray();
        double[] as = a.backingArray();
        for (int i = 0; i < as.length; i++) {
            as[i] = Math.tanh(zs[i]);
        }
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape("tanh", a, out);
        double[] as = a.backingArray();
        double[] os = out.backingArray();
        for (int i = 0; i < os.length; i++) {
            os[i] = 1.0 - as[i] * as[i]; // R′ = 1 − A²
        }
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Activation.requireSameShape("tanh", a, g);
        double[] as = a.backingArray();
        double[] gs = g.backingArray();
        for (int i = 0; i < gs.length; i++) {
            gs[i] *= 1.0 - as[i] * as[i];
        }
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
