package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Checks derivatives against central finite differences, for the library's own tests and for activations
 * and losses of your own.
 *
 * <p>Each analytic derivative a is compared with the numeric one from the five-point central difference
 * <pre>
 *   n = (f(v − 2h) − 8 f(v − h) + 8 f(v + h) − f(v + 2h)) / 12h
 * </pre>
 * whose truncation error is O(h⁴), so that with h = {@value #DEFAULT_STEP} both truncation and rounding
 * stay near 1e-12 for a cost of order 1. The error is relative, {@code |a − n| / max(|a|, |n|, floor)};
 * the floor ({@value #DEFAULT_FLOOR}) keeps derivatives that are zero up to that rounding from counting
 * as large relative errors: below it, derivatives are in effect compared absolutely (a relative error of
 * 1e-6 is then an absolute one of 1e-11). Correct derivatives typically score below 1e-7 and wrong ones above 1e-3.
 *
 * <p>Keep inputs away from kinks (ReLU's 0): there the numeric derivative straddles both sides and
 * disagrees with either one-sided value.
 *
 * <pre>{@code GradientCheck.Result r = GradientCheck.checkNetwork(net, x, y);
 * assert r.maxRelativeError() < 1e-6 : r;}</pre>
 */
public final class GradientCheck {

    /** The default finite-difference step h. */
    public static final double DEFAULT_STEP = 1e-4;

    /** The default floor of the relative error's denominator. */
    public static final double DEFAULT_FLOOR = 1e-5;

    private GradientCheck() {
    }

    /**
     * The outcome of a check: the worst relative error and where it occurred.
     *
     * @param maxRelativeError the largest |a − n| / max(|a|, |n|, floor) seen (NaN if a value was NaN)
     * @param where            what the worst value belongs to, e.g. {@code layers.1.weights}
     * @param row              its row
     * @param col              its column
     * @param analytic         the analytic derivative there
     * @param numeric          the finite-difference derivative there
     * @param checked          how many values were checked
     */
    public record Result(double maxRelativeError, String where, int row, int col, double analytic,
                         double numeric, int checked) {

        /**
         * Whether every checked value was within {@code tolerance}.
         *
         * @param tolerance the largest acceptable relative error
         * @return {@code true} if {@code maxRelativeError ≤ tolerance} (false if it is NaN)
         */
        public boolean passed(double tolerance) {
            return maxRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "max relative error %.3e at %s (%d, %d): analytic %.12g, numeric %.12g (%d values checked)",
                    maxRelativeError, where, row, col, analytic, numeric, checked);
        }
    }

    /**
     * Compares every C′(W) and C′(B) that {@link Network#backward} computes with central differences of the
     * cost {@link Network#cost}. The network's parameters are restored exactly afterwards; its buffers
     * and gradients hold the last evaluation.
     *
     * @param network the network, without dropout (its random masks would change between evaluations)
     * @param x       the input batch, {@code n × in}; not modified
     * @param y       the targets; not modified
     * @return the worst relative error over all weights and biases
     * @throws IllegalArgumentException if a layer has dropout, or {@code x} has no rows
     * @throws io.github.backprop4j.matrix.ShapeException if {@code x} or {@code y} does not fit
     */
    public static Result checkNetwork(Network network, Matrix x, Matrix y) {
        return networkCheck(network, x, y, null);
    }

    /**
     * Compares every C′(W) and C′(B) that the weighted {@link Network#backward(Matrix, double[])} computes with
     * central differences of the weighted cost {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ} ({@link Network#cost(Matrix,
     * double[])}): the check that an output error carrying wᵢ and a divisor Σw give the gradient of that cost.
     * The network's parameters are restored exactly afterwards; its buffers and gradients hold the last
     * evaluation.
     *
     * @param network the network, without dropout
     * @param x       the input batch, {@code n × in}; not modified
     * @param y       the targets; not modified
     * @param weights n sample weights, each finite and ≥ 0, with a positive sum; not modified
     * @return the worst relative error over all weights and biases
     * @throws IllegalArgumentException if a layer has dropout, {@code x} has no rows, or the weights break the
     *                                  rule of {@link Network#backward(Matrix, double[])}
     * @throws io.github.backprop4j.matrix.ShapeException if {@code x}, {@code y} or the weights do not fit
     */
    public static Result checkNetwork(Network network, Matrix x, Matrix y, double[] weights) {
        return networkCheck(network, x, y, Objects.requireNonNull(weights, "weights"));
    }

    /** The network check, of the weighted cost unless {@code weights} is null. */
    private static Result networkCheck(Network network, Matrix x, Matrix y, double[] weights) {
        for (Layer layer : network.layers()) {
            if (layer.dropout() > 0) {
                throw new IllegalArgumentException("gradient check: " + layer
                        + " has dropout; check a network without it");
            }
        }
        network.forward(x);
        if (weights == null) {
            network.backward(y);
        } else {
            network.backward(y, weights);
        }
        Worst worst = new Worst();
        for (Parameter p : network.parameters()) {
            Matrix analytic = p.gradient().copy();
            double[] v = p.value().backingArray();
            for (int i = 0; i < v.length; i++) {
                int index = i;
                double numeric = derivative(v, i, () -> {
                    network.forward(x);
                    return weights == null ? network.cost(y) : network.cost(y, weights);
                });
                worst.offer(p.name(), index / p.value().cols(), index % p.value().cols(),
                        analytic.backingArray()[index], numeric);
            }
        }
        return worst.result();
    }

    /**
     * Compares an activation's {@link Activation#derivativeInto} with central differences of
     * {@link Activation#applyInto}, element by element.
     *
     * @param activation an element-wise activation
     * @param z          the points to check at, any shape; not modified
     * @return the worst relative error
     * @throws IllegalArgumentException if the activation is not element-wise
     */
    public static Result checkActivation(Activation activation, Matrix z) {
        if (!activation.isElementwise()) {
            throw new IllegalArgumentException("gradient check: " + activation.name()
                    + " is not element-wise; check it together with its loss (checkLoss)");
        }
        Matrix a = activation.apply(z);
        Matrix analytic = Matrix.zeros(z.rows(), z.cols());
        activation.derivativeInto(z, a, analytic);
        Matrix shifted = z.copy();
        Worst worst = new Worst();
        double[] s = shifted.backingArray();
        for (int i = 0; i < s.length; i++) {
            int index = i;
            double numeric = derivative(s, i, () -> activation.apply(shifted).backingArray()[index]);
            worst.offer(activation.name(), i / z.cols(), i % z.cols(), analytic.backingArray()[i], numeric);
        }
        return worst.result();
    }

    /**
     * Compares a loss's output error with central differences of its cost with respect to Zo: since C
     * averages over the n rows, the check is {@code Eo / n = ∂C/∂Zo}.
     *
     * @param loss       the loss
     * @param activation the output activation it follows
     * @param zo         the output layer's weighted input, {@code n × k}; not modified
     * @param y          the targets, in a form the loss accepts; not modified
     * @return the worst relative error
     * @throws IllegalArgumentException if the loss refuses the activation
     */
    public static Result checkLoss(Loss loss, Activation activation, Matrix zo, Matrix y) {
        loss.checkOutputActivation(activation);
        Matrix o = activation.apply(zo);
        Matrix eo = Matrix.zeros(zo.rows(), zo.cols());
        loss.outputErrorInto(zo, o, y, activation, eo);
        Matrix shifted = zo.copy();
        Worst worst = new Worst();
        double[] s = shifted.backingArray();
        for (int i = 0; i < s.length; i++) {
            double numeric = derivative(s, i, () -> loss.cost(shifted, activation.apply(shifted), y));
            worst.offer(loss.name(), i / zo.cols(), i % zo.cols(), eo.backingArray()[i] / zo.rows(), numeric);
        }
        return worst.result();
    }

    /**
     * The five-point central difference of {@code f} with respect to {@code values[i]}, which is restored
     * exactly afterwards.
     */
    private static double derivative(double[] values, int i, DoubleSupplier f) {
        double saved = values[i];
        double h = DEFAULT_STEP;
        values[i] = saved - 2 * h;
        double m2 = f.getAsDouble();
        values[i] = saved - h;
        double m1 = f.getAsDouble();
        values[i] = saved + h;
        double p1 = f.getAsDouble();
        values[i] = saved + 2 * h;
        double p2 = f.getAsDouble();
        values[i] = saved;
        // f′ ≈ (f(v − 2h) − 8 f(v − h) + 8 f(v + h) − f(v + 2h)) / 12h
        return (m2 - 8 * m1 + 8 * p1 - p2) / (12 * h);
    }

    /** Keeps the worst comparison seen. */
    private static final class Worst {
        private Result worst = new Result(0.0, "-", -1, -1, 0.0, 0.0, 0);
        private int checked;

        void offer(String where, int row, int col, double analytic, double numeric) {
            checked++;
            double denominator = Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), DEFAULT_FLOOR);
            double error = Math.abs(analytic - numeric) / denominator;
            if (!(error <= worst.maxRelativeError())) {
                if (Double.isNaN(worst.maxRelativeError())) {
                    return;
                }
                worst = new Result(error, where, row, col, analytic, numeric, 0);
            }
        }

        Result result() {
            return new Result(worst.maxRelativeError(), worst.where(), worst.row(), worst.col(), worst.analytic(),
                    worst.numeric(), checked);
        }
    }
}
