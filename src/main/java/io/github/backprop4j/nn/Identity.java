package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The identity, R(z) = z, R′(z) = 1: a linear layer, the usual output for regression.
 */
public record Identity() implements Activation {

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        if (a != z) {
            a.setTo(z);
        }
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape("identity", z, out);
        out.fill(1.0);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Activation.requireSameShape("identity", z, g); // g ⊙ 1 = g
    }

    @Override
    public String toString() {
        return "Identity";
    }
}
