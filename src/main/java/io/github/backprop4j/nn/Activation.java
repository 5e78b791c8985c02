package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;

/**
 * An activation function R, applied to a layer's weighted input Z to give its activations A = R(Z).
 *
 * <p>Backpropagation needs its derivative R′(Z): the error of a layer is the error weighted back from the
 * layer after it, multiplied element-wise by R′(Z) ({@code Eh = (Eo · Woᵀ) ⊙ R′(Zh)}).
 *
 * <p>The three abstract methods are the allocation-free forms the network calls on every batch;
 * {@link #apply(Matrix)} and {@link #derivative(Matrix)} are the readable forms built on them. All
 * shapes are {@code n × units}. Implementations must be stateless and thread-safe. To add an
 * element-wise activation of your own, {@link #elementwise} is the short way; {@link GradientCheck}
 * checks its derivative.
 *
 * <p>The built-ins: {@link ReLU}, {@link LeakyReLU}, {@link ELU}, {@link GELU} (exact and tanh forms),
 * {@link SiLU} (Swish), {@link Softplus}, {@link Identity}, {@link Sigmoid}, {@link Tanh} and {@link Softmax}.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#notation-one-sample-per-row">docs/math.md</a>:
 * R and R′ in the seed's notation, and R′(0) = 0 for ReLU.
 */
public interface Activation {

    /**
     * The name by which this activation is shown and saved, e.g. {@code "relu"}.
     *
     * @return a short lower-case name
     */
    String name();

    /**
     * a = R(z). {@code a} may be {@code z} itself (then Z is overwritten).
     *
     * @param z the weighted input Z, {@code n × units}, not modified (unless it is {@code a})
     * @param a the activations A, same shape; modified
     * @throws ShapeException if the shapes differ
     */
    void applyInto(Matrix z, Matrix a);

    /**
     * out = R′(z), the element-wise derivative. {@code a} must hold R(z) (some derivatives are cheapest
     * from A, e.g. σ′ = A(1 − A)).
     *
     * @param z   the weighted input Z, {@code n × units}, not modified
     * @param a   R(Z), same shape, not modified
     * @param out R′(Z), same shape; modified
     * @throws ShapeException                if the shapes differ
     * @throws UnsupportedOperationException if this activation has no element-wise derivative
     *                                       ({@link Softmax})
     */
    void derivativeInto(Matrix z, Matrix a, Matrix out);

    /**
     * g ← g ⊙ R′(z), the last step of a layer's error {@code E = (E_next · W_nextᵀ) ⊙ R′(Z)}, without
     * allocating.
     *
     * @param z the weighted input Z, {@code n × units}, not modified
     * @param a R(Z), same shape, not modified
     * @param g the weighted error, same shape; modified into the error E
     * @throws ShapeException                if the shapes differ
     * @throws UnsupportedOperationException if this activation has no element-wise derivative
     */
    void multiplyByDerivative(Matrix z, Matrix a, Matrix g);

    /**
     * Whether R acts on each element alone, so that R′(Z) is an element-wise matrix. Only such
     * activations can sit in hidden layers or pair with a loss that is not fused with them.
     *
     * @return {@code true} for all built-ins except {@link Softmax}
     */
    default boolean isElementwise() {
        return true;
    }

    /**
     * A = R(Z), as a new matrix.
     *
     * @param z the weighted input Z, {@code n × units}, not modified
     * @return a new {@code n × units} matrix
     */
    default Matrix apply(Matrix z) {
        Matrix a = Matrix.zeros(z.rows(), z.cols());
        applyInto(z, a);
        return a;
    }

    /**
     * R′(Z), as a new matrix.
     *
     * @param z the weighted input Z, {@code n × units}, not modified
     * @return a new {@code n × units} matrix
     * @throws UnsupportedOperationException if this activation has no element-wise derivative
     */
    default Matrix derivative(Matrix z) {
        Matrix out = Matrix.zeros(z.rows(), z.cols());
        derivativeInto(z, apply(z), out);
        return out;
    }

    /**
     * An element-wise activation from a function and its derivative, for activations of your own.
     *
     * <pre>{@code Activation cube = Activation.elementwise("cube", z -> z * z * z, z -> 3 * z * z);}</pre>
     *
     * <p>Check the pair with {@link GradientCheck#checkActivation}. Such an activation can be used and
     * trained, but not saved to a model file, which names only built-ins.
     *
     * @param name       the name shown in summaries
     * @param function   R(z)
     * @param derivative R′(z)
     * @return the activation
     */
    static Activation elementwise(String name, java.util.function.DoubleUnaryOperator function,
                                  java.util.function.DoubleUnaryOperator derivative) {
        return new Elementwise(name, function, derivative);
    }

    /**
     * Checks that two matrices have the same shape, for implementations.
     *
     * @param op    the operation, for the message
     * @param left  one matrix
     * @param right the other
     * @throws ShapeException if the shapes differ
     */
    static void requireSameShape(String op, Matrix left, Matrix right) {
        if (!left.sameShape(right)) {
            throw ShapeException.of("%s: shapes %s and %s differ (expected equal shapes)", op, left.shape(),
                    right.shape());
        }
    }
}
