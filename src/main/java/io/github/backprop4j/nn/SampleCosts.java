package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;

/**
 * The per-sample costs Cᵢ of a loss ({@link Loss#sampleCostsInto}) and the weighted sum Σᵢ wᵢ Cᵢ made from
 * them, the numerator of the weighted cost {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ}: one place for the networks' weighted
 * cost and the evaluation's.
 */
final class SampleCosts {

    private SampleCosts() {
    }

    /**
     * Refuses targets whose row count differs from the outputs', and a costs array that does not hold one
     * value per row.
     *
     * @param loss  the loss name, for the message
     * @param o     ŷ, {@code n × k}
     * @param y     the targets
     * @param costs the per-sample costs' destination
     * @throws ShapeException if either does not have n rows or values
     */
    static void requireShapes(String loss, Matrix o, Matrix y, double[] costs) {
        if (y.rows() != o.rows()) {
            throw ShapeException.of("%s: targets are %s but the network's output is %s (expected %d rows)", loss,
                    y.shape(), o.shape(), o.rows());
        }
        if (costs.length != o.rows()) {
            throw ShapeException.of("%s sampleCosts: costs holds %d values for the %d rows of %s (one per sample)",
                    loss, costs.length, o.rows(), o.shape());
        }
    }

    /** A loss's running sum of the costs of the elements [from, to) of its two arrays (ŷ or Zo, and y). */
    @FunctionalInterface
    interface ElementCosts {
        double add(double sum, double[] a, double[] b, int from, int to);
    }

    /**
     * costs[i] = scale · the element costs of row i, for a loss whose cost is a sum over the elements.
     *
     * @param loss  the loss name, for the message
     * @param a     ŷ or Zo, {@code n × k}; not modified
     * @param y     the targets, {@code n × k}; not modified
     * @param costs n values; modified
     * @param f     the loss's element costs
     * @param scale the factor of the sum (½ for the seed's cost)
     * @throws ShapeException if {@code y} or {@code costs} do not have n rows or values
     */
    static void ofRows(String loss, Matrix a, Matrix y, double[] costs, ElementCosts f, double scale) {
        requireShapes(loss, a, y, costs);
        int k = a.cols();
        for (int i = 0; i < costs.length; i++) {
            costs[i] = scale * f.add(0.0, a.backingArray(), y.backingArray(), i * k, (i + 1) * k);
        }
    }

    /**
     * Σᵢ wᵢ Cᵢ over the n rows of a batch, row i weighing {@code weights[from + i]}.
     *
     * @param loss    the loss
     * @param zo      Zo, {@code n × k}; not modified
     * @param o       ŷ, {@code n × k}; not modified
     * @param y       the targets; not modified
     * @param weights the weights, row i's at {@code from + i}; not modified
     * @param from    the index of row 0's weight
     * @param costs   n values; overwritten with the Cᵢ
     * @return the weighted sum, in row order
     */
    static double weightedSum(Loss loss, Matrix zo, Matrix o, Matrix y, double[] weights, int from, double[] costs) {
        loss.sampleCostsInto(zo, o, y, costs);
        double sum = 0.0;
        for (int i = 0; i < costs.length; i++) {
            // Σᵢ wᵢ Cᵢ
            sum += weights[from + i] * costs[i];
        }
        return sum;
    }
}
