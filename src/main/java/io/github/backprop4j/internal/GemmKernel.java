package io.github.backprop4j.internal;

/**
 * One way of computing a rectangle of a matrix product: the scalar kernel ({@link ScalarGemm}) or the
 * optional Vector API kernel, chosen once by {@link KernelProvider}; with it, the finiteness check of
 * {@link Finite#all}, which the Vector API kernel runs a vector at a time.
 *
 * <p>An implementation computes {@code C[i0..i1) × [j0..j1)} of one of the three product forms and must
 * keep the invariant of {@link Kernels}: every element is the chain {@code c = fma(a_ik, b_kj, c)} over
 * ascending {@code k} from {@code c = 0}. It must be stateless apart from the {@link Scratch} it is given,
 * so that any number of threads can run it at once on disjoint rectangles.
 */
interface GemmKernel {

    /** C = A·B: A is m×k, B is k×n. */
    int NN = 0;
    /** C = Aᵀ·B: A is k×m, B is k×n. */
    int TN = 1;
    /** C = A·Bᵀ: A is m×k, B is n×k. */
    int NT = 2;

    /**
     * Computes the rectangle {@code [i0, i1) × [j0, j1)} of C (m×n, row-major), overwriting it; the rest
     * of C is not touched. The same as the scaled form with s = 1.
     *
     * @param form    {@link #NN}, {@link #TN} or {@link #NT}
     * @param a       A, row-major, not modified
     * @param b       B, row-major, not modified
     * @param c       C, row-major, modified in the rectangle only
     * @param m       rows of C
     * @param k       the length of the sum
     * @param n       columns of C
     * @param i0      first row, inclusive
     * @param i1      last row, exclusive
     * @param j0      first column, inclusive
     * @param j1      last column, exclusive
     * @param scratch the calling thread's buffers
     */
    default void multiply(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0,
                          int j1, Scratch scratch) {
        multiply(form, a, b, c, m, k, n, i0, i1, j0, j1, 1.0, scratch);
    }

    /**
     * Computes the rectangle {@code [i0, i1) × [j0, j1)} of C = s·(the product), overwriting it: each element's
     * chain of fmas, then one multiplication by s as the finished element is stored, so that the result is
     * bitwise that of the product followed by a pass of {@code c *= s} over C, without the pass. With s = 1
     * nothing is multiplied.
     *
     * @param form    {@link #NN}, {@link #TN} or {@link #NT}
     * @param a       A, row-major, not modified
     * @param b       B, row-major, not modified
     * @param c       C, row-major, modified in the rectangle only
     * @param m       rows of C
     * @param k       the length of the sum
     * @param n       columns of C
     * @param i0      first row, inclusive
     * @param i1      last row, exclusive
     * @param j0      first column, inclusive
     * @param j1      last column, exclusive
     * @param scale   s
     * @param scratch the calling thread's buffers
     */
    void multiply(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0, int j1,
                  double scale, Scratch scratch);

    /**
     * Handles the rectangles with nothing to multiply, for every kernel alike: an empty rectangle is left
     * alone, and with k = 0 (an empty sum) the rectangle of C is set to s·0 (0, or −0 for a negative s, as a
     * product of zeros then scaled).
     *
     * @param c     C, row-major; its rectangle is set when k = 0
     * @param k     the length of the sum
     * @param n     columns of C
     * @param i0    first row, inclusive
     * @param i1    last row, exclusive
     * @param j0    first column, inclusive
     * @param j1    last column, exclusive
     * @param scale s
     * @return {@code true} if the rectangle was trivial and is done
     */
    static boolean isTrivial(double[] c, int k, int n, int i0, int i1, int j0, int j1, double scale) {
        if (i0 >= i1 || j0 >= j1) {
            return true;
        }
        if (k == 0) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, i * n + j0, i * n + j1, 0.0 * scale);
            }
            return true;
        }
        return false;
    }

    /**
     * Whether every value of {@code values[from, to)} is finite: {@link Finite#all}'s test, which a kernel may
     * run in its own form.
     *
     * @param values the values, not modified
     * @param from   the first index checked
     * @param to     one past the last index checked
     * @return {@code true} if no value in the range is NaN or ±∞
     */
    default boolean allFinite(double[] values, int from, int to) {
        return Finite.allScalar(values, from, to);
    }

    /**
     * A short description, e.g. {@code "scalar"}.
     *
     * @return the name shown by the public kernel query
     */
    String name();
}
