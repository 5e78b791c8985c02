package io.github.backprop4j.train;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import java.util.SplittableRandom;

/** Small synthetic classification sets for convergence tests, generated from a seed. */
final class Problems {

    private Problems() {
    }

    /**
     * Two interleaved spirals, the classic hard 2-class set: class c's points follow r = t,
     * angle = t·π + c·π for t in [0.1, 1], with Gaussian noise of sd {@code noise}.
     */
    static Dataset spirals(int perClass, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(2 * perClass, 2);
        int[] labels = new int[2 * perClass];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < perClass; i++) {
                double t = 0.1 + 0.9 * i / (perClass - 1);
                double angle = 2.5 * Math.PI * t + c * Math.PI;
                int row = c * perClass + i;
                x.set(row, 0, t * Math.cos(angle) + noise * r.nextGaussian());
                x.set(row, 1, t * Math.sin(angle) + noise * r.nextGaussian());
                labels[row] = c;
            }
        }
        return Dataset.classification(x, labels, 2);
    }

    /** Three Gaussian blobs in 2-D, centred on the corners of a triangle, sd {@code spread}. */
    static Dataset blobs(int perClass, double spread, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = {{0, 1}, {-0.9, -0.5}, {0.9, -0.5}};
        Matrix x = Matrix.zeros(3 * perClass, 2);
        int[] labels = new int[3 * perClass];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                x.set(row, 0, centres[c][0] + spread * r.nextGaussian());
                x.set(row, 1, centres[c][1] + spread * r.nextGaussian());
                labels[row] = c;
            }
        }
        return Dataset.classification(x, labels, 3);
    }
}
