package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.random.RandomGenerator;

/** A zero-mean normal or uniform initializer whose variance is a function of fan-in and fan-out. */
record RandomInitializer(String name, boolean uniform, Variance variance) implements Initializer {

    /** The variance of the weights as a function of fan-in and fan-out. */
    @FunctionalInterface
    interface Variance {
        double of(int in, int out);
    }

    @Override
    public void initialize(Matrix weights, RandomGenerator random) {
        double[] w = weights.backingArray();
        if (w.length == 0) {
            return;
        }
        double sd = Math.sqrt(variance.of(weights.rows(), weights.cols()));
        double limit = Math.sqrt(3.0) * sd; // U(−l, l) has variance l²/3
        for (int i = 0; i < w.length; i++) {
            w[i] = uniform ? random.nextDouble(-limit, limit) : sd * random.nextGaussian();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
