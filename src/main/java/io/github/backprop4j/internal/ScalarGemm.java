package io.github.backprop4j.internal;

/**
 * The scalar product kernel: cache-blocked, with a packed panel of B and micro-kernels that C2
 * vectorizes.
 *
 * <h2>Blocking</h2>
 * <pre>
 *   for each panel of columns jc … jc+NC of C:
 *     for each block of depth pc … pc+KC:
 *       pack B[pc … pc+KC][jc … jc+NC] into the panel, one row per k    (A·Bᵀ: gathered from B's rows)
 *       for each pair of rows i, i+1 of C:
 *         copy the two C row segments into scratch rows (zeros when pc = 0)
 *         for k in pc … pc+KC, four at a time:
 *           c_i[j] = fma(A(i,k+3), B(k+3,j), … fma(A(i,k), B(k,j), c_i[j]))   (and for row i+1)
 *         copy the scratch rows back into C
 * </pre>
 * The panel (KC × NC doubles, 512 KiB) stays in the core's L2 cache while every row of A streams past
 * it; the two scratch rows and the four panel rows a micro-kernel reads sit in L1.
 *
 * <h2>Why the loops look like this</h2>
 * C2 (JDK 17 and later) vectorizes a loop of {@code Math.fma} only when it is the whole body of a small
 * method and every array in it is indexed by the bare loop variable: hence a panel stored as separate
 * row arrays and rows of C copied to scratch rows that start at index 0. The same loop written as
 * {@code a * b + c}, or with offsets into one big array, ran 2–6 times slower. Running with
 * {@code -XX:-UseSuperWord} shows the difference.
 *
 * <h2>Order of operations</h2>
 * Each micro-kernel applies its k steps to an element in ascending order, and the blocks of depth run in
 * ascending order, each resuming from the value the one before left in C. So every element is the single
 * chain {@code c = fma(a_ik, b_kj, c)}, k = 0, 1, …, from c = 0: the result does not depend on NC, KC,
 * the micro-kernel sizes, or how the rectangle of C was split among threads.
 */
final class ScalarGemm implements GemmKernel {

    /** Columns of a packed panel (and of a scratch row). */
    static final int NC = 256;
    /** Depth (steps of k) of a packed panel. */
    static final int KC = 256;
    /** Rows of C a micro-kernel updates at once. */
    static final int MR = 2;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0,
                         int j1, Scratch scratch) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (k == 0) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, i * n + j0, i * n + j1, 0.0);
            }
            return;
        }
        // A(i, p) is at a[i * ai + p * ap]: A is m×k for A·B and A·Bᵀ, k×m for Aᵀ·B.
        int ai = form == TN ? 1 : k;
        int ap = form == TN ? m : 1;
        double[][] panel = scratch.panel;
        double[] c0 = scratch.rows[0];
        double[] c1 = scratch.rows[1];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                pack(form, b, k, n, pc, kc, jc, nc, panel);
                int i = i0;
                for (; i + 2 <= i1; i += 2) {
                    load(c, i * n + jc, nc, first, c0);
                    load(c, (i + 1) * n + jc, nc, first, c1);
                    int x0 = i * ai + pc * ap;
                    int x1 = x0 + ai;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4, x0 += 4 * ap, x1 += 4 * ap) {
                        rows2k4(a[x0], a[x0 + ap], a[x0 + 2 * ap], a[x0 + 3 * ap],
                                a[x1], a[x1 + ap], a[x1 + 2 * ap], a[x1 + 3 * ap],
                                panel[p], panel[p + 1], panel[p + 2], panel[p + 3], c0, c1, nc);
                    }
                    for (; p < kc; p++, x0 += ap, x1 += ap) {
                        rows2k1(a[x0], a[x1], panel[p], c0, c1, nc);
                    }
                    System.arraycopy(c0, 0, c, i * n + jc, nc);
                    System.arraycopy(c1, 0, c, (i + 1) * n + jc, nc);
                }
                if (i < i1) {
                    load(c, i * n + jc, nc, first, c0);
                    int x0 = i * ai + pc * ap;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4, x0 += 4 * ap) {
                        rows1k4(a[x0], a[x0 + ap], a[x0 + 2 * ap], a[x0 + 3 * ap],
                                panel[p], panel[p + 1], panel[p + 2], panel[p + 3], c0, nc);
                    }
                    for (; p < kc; p++, x0 += ap) {
                        rows1k1(a[x0], panel[p], c0, nc);
                    }
                    System.arraycopy(c0, 0, c, i * n + jc, nc);
                }
            }
        }
    }

    /**
     * Packs B[pc … pc+kc)[jc … jc+nc) into {@code panel}, row p of the panel holding step pc + p. For
     * A·Bᵀ the panel is gathered from B's rows, which transposes B on the fly instead of running the
     * product as dot products (a running sum that C2 never vectorizes).
     */
    private static void pack(int form, double[] b, int k, int n, int pc, int kc, int jc, int nc, double[][] panel) {
        if (form == NT) {
            // B is n×k: panel[p][j] = B(jc + j, pc + p)
            for (int j = 0; j < nc; j++) {
                int bj = (jc + j) * k + pc;
                for (int p = 0; p < kc; p++) {
                    panel[p][j] = b[bj + p];
                }
            }
        } else {
            // B is k×n: panel[p] = B(pc + p, jc … jc + nc)
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, (pc + p) * n + jc, panel[p], 0, nc);
            }
        }
    }

    /** Copies a segment of a row of C into a scratch row; zeros on the first block, where each chain starts. */
    private static void load(double[] c, int from, int nc, boolean first, double[] row) {
        if (first) {
            java.util.Arrays.fill(row, 0, nc, 0.0);
        } else {
            System.arraycopy(c, from, row, 0, nc);
        }
    }

    // ---------------------------------------------------------------- micro-kernels
    // Each is a small static method whose loop indexes every array by j alone, so that C2 vectorizes it.
    // The fma calls nest in ascending k: the innermost is step k, the outermost step k+3.

    /** Two rows of C, four steps of k: c_r[j] ← c_r[j] + Σ_{q=0..3} a_rq · b_q[j], as four fmas in order. */
    static void rows2k4(double a00, double a01, double a02, double a03,
                        double a10, double a11, double a12, double a13,
                        double[] b0, double[] b1, double[] b2, double[] b3, double[] c0, double[] c1, int n) {
        for (int j = 0; j < n; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            double x2 = b2[j];
            double x3 = b3[j];
            c0[j] = Math.fma(a03, x3, Math.fma(a02, x2, Math.fma(a01, x1, Math.fma(a00, x0, c0[j]))));
            c1[j] = Math.fma(a13, x3, Math.fma(a12, x2, Math.fma(a11, x1, Math.fma(a10, x0, c1[j]))));
        }
    }

    /** Two rows of C, one step of k. */
    static void rows2k1(double a0, double a1, double[] b, double[] c0, double[] c1, int n) {
        for (int j = 0; j < n; j++) {
            double x = b[j];
            c0[j] = Math.fma(a0, x, c0[j]);
            c1[j] = Math.fma(a1, x, c1[j]);
        }
    }

    /** One row of C, four steps of k. */
    static void rows1k4(double a0, double a1, double a2, double a3,
                        double[] b0, double[] b1, double[] b2, double[] b3, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
        }
    }

    /** One row of C, one step of k. */
    static void rows1k1(double a, double[] b, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            c[j] = Math.fma(a, b[j], c[j]);
        }
    }
}
