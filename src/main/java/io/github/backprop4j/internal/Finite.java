package io.github.backprop4j.internal;

import java.util.Locale;

/**
 * The one finite-value check of the model code (layers, networks, optimizers, the trainer) and the one form
 * in which it names a value that is NaN or ±∞: {@code layers.0.weights (1, 2) is NaN}, that is the matrix,
 * the row and column of the first bad element (row-major order), and the value.
 *
 * <p>{@link #all} is the fast test for hot paths (one multiply-add per value, no branch per value);
 * {@link #describe} and {@link #require} find and name the culprit once something is known to be wrong.
 */
public final class Finite {

    private Finite() {
    }

    /**
     * Whether every value is finite: x·0 is 0 for finite x and NaN for NaN or ±∞. Four independent sums, so
     * the check runs at memory speed rather than at the latency of one chain of additions; with the Vector API
     * kernel, whole vectors at a time. Allocates nothing.
     *
     * @param values the values, not modified
     * @return {@code true} if no value is NaN or ±∞ (also for no values)
     */
    public static boolean all(double[] values) {
        return all(values, 0, values.length);
    }

    /**
     * Whether every value of {@code values[from, to)} is finite, as {@link #all(double[])}.
     *
     * @param values the values, not modified
     * @param from   the first index checked
     * @param to     one past the last index checked
     * @return {@code true} if no value in the range is NaN or ±∞
     */
    public static boolean all(double[] values, int from, int to) {
        return KernelProvider.kernel().allFinite(values, from, to);
    }

    /** The test of {@link #all(double[], int, int)} in plain Java, for the scalar kernel. */
    static boolean allScalar(double[] values, int from, int to) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            s0 += values[i] * 0.0;
            s1 += values[i + 1] * 0.0;
            s2 += values[i + 2] * 0.0;
            s3 += values[i + 3] * 0.0;
        }
        for (; i < to; i++) {
            s0 += values[i] * 0.0;
        }
        return s0 + s1 + s2 + s3 == 0.0;
    }

    /**
     * The first non-finite element of a row-major matrix stored in {@code values[from, from + rows·cols)},
     * named as {@code what (row, col) is value}; {@code null} if every element is finite.
     *
     * @param what   the matrix's name, e.g. {@code layers.0.weights} or {@code the gradient of layers.0.weights}
     * @param values the storage, not modified
     * @param from   the index of element (0, 0)
     * @param size   the number of elements, rows·cols
     * @param cols   the number of columns, ≥ 1
     * @return the description, or {@code null}
     */
    public static String describe(String what, double[] values, int from, int size, int cols) {
        for (int i = 0; i < size; i++) {
            double v = values[from + i];
            if (!Double.isFinite(v)) {
                return String.format(Locale.ROOT, "%s (%d, %d) is %s", what, i / cols, i % cols, v);
            }
        }
        return null;
    }

    /**
     * Refuses a row-major matrix with a NaN or ±∞ element, as
     * {@code op: what (row, col) is value; values must be finite}.
     *
     * @param op     the operation, for the message
     * @param what   the matrix's name
     * @param values the storage, not modified
     * @param from   the index of element (0, 0)
     * @param size   the number of elements, rows·cols
     * @param cols   the number of columns, ≥ 1
     * @throws IllegalArgumentException at the first non-finite element
     */
    public static void require(String op, String what, double[] values, int from, int size, int cols) {
        if (!all(values, from, from + size)) {
            throw new IllegalArgumentException(op + ": " + describe(what, values, from, size, cols)
                    + "; values must be finite");
        }
    }

    /**
     * Refuses a whole row-major matrix with a NaN or ±∞ element, as {@link #require(String, String, double[],
     * int, int, int)}.
     *
     * @param op     the operation, for the message
     * @param what   the matrix's name
     * @param values the storage of all its elements, not modified
     * @param cols   the number of columns, ≥ 1
     * @throws IllegalArgumentException at the first non-finite element
     */
    public static void require(String op, String what, double[] values, int cols) {
        require(op, what, values, 0, values.length, cols);
    }
}
