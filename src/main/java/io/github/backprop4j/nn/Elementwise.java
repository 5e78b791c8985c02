package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/** An activation given by a scalar function and its derivative; see {@link Activation#elementwise}. */
record Elementwise(String name, DoubleUnaryOperator function, DoubleUnaryOperator derivative)
        implements Activation {

    Elementwise {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(derivative, "derivative");
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        z.mapInto(function, a);
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape(name, z, a);
        z.mapInto(derivative, out);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Activation.requireSameShape(name, z, g);
        double[] zs = z.backingArray();
        double[] gs = g.backingArray();
        for (int i = 0; i < gs.length; i++) {
            gs[i] *= derivative.applyAsDouble(zs[i]);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
