package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import java.util.Locale;

/** Argument checks shared by this package; one place for each message. */
final class Checks {

    private Checks() {
    }

    /**
     * Refuses NaN and ±∞, naming the first offending element as {@code "features (12, 3) is NaN"}.
     *
     * @param what the name of the matrix in the message
     * @param m    the matrix, not modified
     * @throws IllegalArgumentException at the first non-finite element (row-major order)
     */
    static void requireFinite(String what, Matrix m) {
        double[] a = m.backingArray();
        int cols = m.cols();
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s (%d, %d) is %s", what, i / cols,
                        i % cols, a[i]));
            }
        }
    }

    /**
     * Refuses a fraction outside the open interval (0, 1).
     *
     * @param op       the operation, for the message
     * @param name     the parameter's name
     * @param fraction the value
     * @throws IllegalArgumentException unless 0 &lt; fraction &lt; 1
     */
    static void requireOpenFraction(String op, String name, double fraction) {
        if (!(fraction > 0.0 && fraction < 1.0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s must be in (0, 1), got %s", op,
                    name, fraction));
        }
    }

    /**
     * Refuses a class count below 1.
     *
     * @param op      the operation, for the message
     * @param classes the number of classes
     * @throws IllegalArgumentException if {@code classes < 1}
     */
    static void requireClasses(String op, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: classes must be ≥ 1, got %d", op,
                    classes));
        }
    }
}
