package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.function.DoubleUnaryOperator;

/**
 * The two loops of a regression loss that is a sum of one function of each residual d = ŷ − y
 * ({@link Huber}, {@link MeanAbsoluteError}): the cost averaged over the n samples and summed over the k
 * outputs, and the output error Eo = f′(ŷ − y) ⊙ R′(Zo).
 */
final class Residuals {

    private Residuals() {
    }

    /**
     * C = (1/n) · Σᵢ Σₖ f(ŷᵢₖ − yᵢₖ).
     *
     * @param loss the loss name, for the message
     * @param o    ŷ, {@code n × k}; not modified
     * @param y    the targets, {@code n × k}; not modified
     * @param f    the cost of one residual
     * @return C (0 for n = 0)
     * @throws io.github.backprop4j.matrix.ShapeException if the shapes differ
     */
    static double meanCost(String loss, Matrix o, Matrix y, DoubleUnaryOperator f) {
        Loss.requireTargetShape(loss, o, y);
        double sum = addCosts(0.0, o.backingArray(), y.backingArray(), 0, o.size(), f);
        return o.rows() == 0 ? 0.0 : sum / o.rows();
    }

    /**
     * costs[i] = Cᵢ = Σₖ f(ŷᵢₖ − yᵢₖ).
     *
     * @param loss  the loss name, for the message
     * @param o     ŷ, {@code n × k}; not modified
     * @param y     the targets, {@code n × k}; not modified
     * @param costs n values; modified
     * @param f     the cost of one residual
     * @throws io.github.backprop4j.matrix.ShapeException if the shapes differ or costs does not hold n values
     */
    static void sampleCostsInto(String loss, Matrix o, Matrix y, double[] costs, DoubleUnaryOperator f) {
        Loss.requireTargetShape(loss, o, y);
        SampleCosts.ofRows(loss, o, y, costs, (sum, os, ys, from, to) -> addCosts(sum, os, ys, from, to, f), 1.0);
    }

    /** sum + Σ f(ŷ − y) over the elements [from, to), added in order. */
    private static double addCosts(double sum, double[] os, double[] ys, int from, int to, DoubleUnaryOperator f) {
        for (int i = from; i < to; i++) {
            sum += f.applyAsDouble(os[i] - ys[i]);
        }
        return sum;
    }

    /**
     * eo = f′(ŷ − y) ⊙ R′(Zo), per sample.
     *
     * @param loss       the loss name, for the message
     * @param zo         Zo, {@code n × k}; not modified
     * @param o          ŷ, {@code n × k}; not modified
     * @param y          the targets, {@code n × k}; not modified
     * @param activation the output activation R
     * @param eo         Eo, {@code n × k}; modified
     * @param slope      f′, the derivative of the cost of one residual
     * @throws io.github.backprop4j.matrix.ShapeException if the shapes differ
     */
    static void outputErrorInto(String loss, Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo,
                                DoubleUnaryOperator slope) {
        Loss.requireTargetShape(loss, o, y);
        o.minusInto(y, eo);
        double[] e = eo.backingArray();
        for (int i = 0; i < e.length; i++) {
            e[i] = slope.applyAsDouble(e[i]);
        }
        activation.multiplyByDerivative(zo, o, eo);
    }
}
