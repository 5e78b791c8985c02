package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * An activation given by a scalar function and its derivative; see {@link Activation#elementwise}. Its
 * static methods are the element-wise loops of the built-ins that are given by a scalar R and R′ ({@link ELU},
 * {@link GELU}, {@link SiLU}, {@link Softplus}).
 */
record Elementwise(String name, DoubleUnaryOperator function, DoubleUnaryOperator derivative)
        implements Activation {

    Elementwise {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(derivative, "derivative");
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        applyEach(name, z, a, function);
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Activation.requireSameShape(name, z, a);
        applyEach(name, z, out, derivative);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        multiplyEach(name, z, g, derivative);
    }

    /**
     * out = f(z), element by element. {@code out} may be {@code z}.
     *
     * @param name the activation, for the message
     * @param z    the weighted input Z; not modified (unless it is {@code out})
     * @param out  the result, same shape; modified
     * @param f    R or R′ of one element
     * @throws io.github.backprop4j.matrix.ShapeException if the shapes differ
     */
    static void applyEach(String name, Matrix z, Matrix out, DoubleUnaryOperator f) {
        Activation.requireSameShape(name, z, out);
        double[] zs = z.backingArray();
        double[] os = out.backingArray();
        for (int i = 0; i < os.length; i++) {
            os[i] = f.applyAsDouble(zs[i]);
        }
    }

    /**
     * g ← g ⊙ R′(z), element by element.
     *
     * @param name       the activation, for the message
     * @param z          the weighted input Z; not modified
     * @param g          the weighted error, same shape; modified
     * @param derivative R′ of one element
     * @throws io.github.backprop4j.matrix.ShapeException if the shapes differ
     */
    static void multiplyEach(String name, Matrix z, Matrix g, DoubleUnaryOperator derivative) {
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
