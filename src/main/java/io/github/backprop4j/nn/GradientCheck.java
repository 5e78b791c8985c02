package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Locale;

/**
 * Checks derivatives against central finite differences, for the library's own tests and for activations
 * and losses of your own.
 *
 * <p>Each analytic derivative a is compared with the numeric one
 * {@code n = (f(v + h) − f(v − h)) / 2h}, and the error is relative:
 * {@code |a − n| / max(|a|, |n|, floor)}. The floor (default {@value #DEFAULT_FLOOR}) keeps derivatives
 * that are zero up to rounding from counting as large relative errors. With h = {@value #DEFAULT_STEP},
 * correct derivatives of smooth functions typically score below 1e-8 and wrong ones above 1e-3.
 *
 * <p>Keep inputs away from kinks (ReLU's 0): there the numeric derivative straddles both sides and
 * disagrees with either one-sided value.
 *
 * <pre>{@code GradientCheck.Result r = GradientCheck.checkNetwork(net, x, y);
 * assert r.maxRelativeError() < 1e-6 : r;}</pre>
 */
public final class GradientCheck {

    /** The default finite-difference step h. */
    public static final double DEFAULT_STEP = 1e-5;

    /** The default floor of the relative error's denominator. */
    public static final double DEFAULT_FLOOR = 1e-8;

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
     * @throws IllegalArgumentException if a layer has dropout
     * @throws io.github.backprop4j.matrix.ShapeException if {@code x} or {@code y} does not fit
     */
    public static Result checkNetwork(Network network, Matrix x, Matrix y) {
        for (Layer layer : network.layers()) {
            if (layer.dropout() > 0) {
                throw new IllegalArgumentException("gradient check: " + layer
                        + " has dropout; check a network without it");
            }
        }
        network.forward(x);
        network.backward(y);
        Worst worst = new Worst();
        for (Parameter p : network.parameters()) {
            Matrix analytic = p.gradient().copy();
            double[] v = p.value().backingArray();
            for (int i = 0; i < v.length; i++) {
                double saved = v[i];
                v[i] = saved + DEFAULT_STEP;
                network.forward(x);
                double plus = network.cost(y);
                v[i] = saved - DEFAULT_STEP;
                network.forward(x);
                double minus = network.cost(y);
                v[i] = saved;
                double numeric = (plus - minus) / (2 * DEFAULT_STEP);
                worst.offer(p.name(), i / p.value().cols(), i % p.value().cols(),
                        analytic.backingArray()[i], numeric);
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
            double saved = s[i];
            s[i] = saved + DEFAULT_STEP;
            double plus = activation.apply(shifted).backingArray()[i];
            s[i] = saved - DEFAULT_STEP;
            double minus = activation.apply(shifted).backingArray()[i];
            s[i] = saved;
            worst.offer(activation.name(), i / z.cols(), i % z.cols(), analytic.backingArray()[i],
                    (plus - minus) / (2 * DEFAULT_STEP));
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
            double saved = s[i];
            s[i] = saved + DEFAULT_STEP;
            double plus = loss.cost(shifted, activation.apply(shifted), y);
            s[i] = saved - DEFAULT_STEP;
            double minus = loss.cost(shifted, activation.apply(shifted), y);
            s[i] = saved;
            worst.offer(loss.name(), i / zo.cols(), i % zo.cols(), eo.backingArray()[i] / zo.rows(),
                    (plus - minus) / (2 * DEFAULT_STEP));
        }
        return worst.result();
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
