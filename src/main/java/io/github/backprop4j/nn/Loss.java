package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;

/**
 * A cost function C(ŷ, y), averaged over the n samples of a batch, and the output layer error Eo it
 * starts backpropagation with.
 *
 * <p>For a loss that is not fused with the output activation, Eo = ∂Cᵢ/∂ŷ ⊙ R′(Zo), per sample; for the
 * seed's half squared error that is {@code Eo = (ŷ − y) ⊙ R′(Zo)}. The batch's 1/n is <em>not</em> in Eo:
 * it enters only in the gradients C′(W) = (1/n)·Inputᵀ·E.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#the-cost">docs/math.md</a>:
 * the cost, and the output error Eo it starts backpropagation with.
 */
public interface Loss {

    /**
     * The name by which this loss is shown and saved, e.g. {@code "mse"}.
     *
     * @return a short lower-case name
     */
    String name();

    /**
     * The cost C of a batch, averaged over its n samples.
     *
     * @param zo the output layer's weighted input Zo, {@code n × k}, not modified
     * @param o  the output activations ŷ = R(Zo), {@code n × k}, not modified
     * @param y  the targets, {@code n × k} (see the implementation for other accepted forms), not modified
     * @return C, finite for finite inputs
     * @throws ShapeException if {@code y} does not fit {@code o}
     */
    double cost(Matrix zo, Matrix o, Matrix y);

    /**
     * The cost of each sample: {@code costs[i] = Cᵢ}, the cost of row i as a batch of one, so that
     * {@link #cost} is (1/n)·Σᵢ Cᵢ (up to rounding: the sums are grouped differently). A weighted backward pass
     * makes its cost {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ} from these ({@link Network#backward(Matrix, double[])}).
     *
     * <p>The default computes {@link #cost} of each row as a batch of one, which allocates three one-row
     * matrices per row. The built-in losses override it with a loop that allocates nothing; a loss of your own
     * can do the same.
     *
     * @param zo    the output layer's weighted input Zo, {@code n × k}, not modified
     * @param o     the output activations ŷ = R(Zo), {@code n × k}, not modified
     * @param y     the targets, as for {@link #cost}, not modified
     * @param costs n values, one per sample; modified
     * @throws ShapeException if {@code y} does not fit {@code o}, or {@code costs} does not hold n values
     */
    default void sampleCostsInto(Matrix zo, Matrix o, Matrix y, double[] costs) {
        SampleCosts.requireShapes(name(), o, y, costs);
        for (int i = 0; i < o.rows(); i++) {
            costs[i] = cost(zo.rowRange(i, i + 1), o.rowRange(i, i + 1), y.rowRange(i, i + 1));
        }
    }

    /**
     * eo = the output layer error Eo, per sample (without the batch's 1/n).
     *
     * @param zo         the output layer's weighted input Zo, {@code n × k}, not modified
     * @param o          ŷ = R(Zo), {@code n × k}, not modified
     * @param y          the targets, as for {@link #cost}, not modified
     * @param activation the output activation R, whose derivative non-fused losses apply
     * @param eo         Eo, {@code n × k}; modified
     * @throws ShapeException if {@code y} does not fit {@code o}
     */
    void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo);

    /**
     * Refuses an output activation this loss cannot be paired with; networks call it when they are
     * built. The default accepts every element-wise activation.
     *
     * @param activation the output layer's activation
     * @throws IllegalArgumentException if the pair is not supported, saying what to use instead
     */
    default void checkOutputActivation(Activation activation) {
        if (!activation.isElementwise()) {
            throw new IllegalArgumentException(name() + " loss cannot follow a " + activation.name()
                    + " output: its derivative is not element-wise. Use cross-entropy with softmax"
                    + ", which is fused with it.");
        }
    }

    /**
     * Whether targets {@code targetColumns} wide fit a network with {@code outputs} outputs. The default
     * asks for equal widths; {@link CrossEntropy} also accepts one column of class indices.
     *
     * @param targetColumns the columns of the targets
     * @param outputs       the network's outputs k
     * @return whether {@link #cost} can accept such targets
     */
    default boolean acceptsTargetWidth(int targetColumns, int outputs) {
        return targetColumns == outputs;
    }

    /**
     * Checks that targets have the same shape as the outputs, for implementations.
     *
     * @param loss the loss name, for the message
     * @param o    the outputs
     * @param y    the targets
     * @throws ShapeException if the shapes differ
     */
    static void requireTargetShape(String loss, Matrix o, Matrix y) {
        if (!o.sameShape(y)) {
            throw ShapeException.of("%s: targets are %s but the network's output is %s (expected equal shapes)",
                    loss, y.shape(), o.shape());
        }
    }
}
