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
 *       for each three rows i, i+1, i+2 of C (pairs when the rows are short, then one row):
 *         copy the rows' segments of C into the scratch at 0, NC and 2·NC (zeros when pc = 0)
 *         for k in pc … pc+KC, two at a time:
 *           c[j]        = fma(A(i,k+1),   B(k+1,j), fma(A(i,k),   B(k,j), c[j]))
 *           c[j + NC]   = the same with A(i+1, ·)
 *           c[j + 2·NC] = the same with A(i+2, ·)
 *         on the last block of depth, for C = s·(the product): scratch ← s · scratch
 *         copy the scratch back into C
 * </pre>
 * The panel (KC × NC = 24 × 128 doubles, 24 KiB) stays in the core's L1 data cache, beside the scratch
 * rows, while every row of A streams past it: each panel row a micro-kernel reads comes from L1. A panel
 * of 128 × 256 (256 KiB, in L2) made the kernel wait on L2 and ran the products of a training step
 * 13 % slower on a Zen 5 core (453 against 523 steps/s, JMH {@code ProductBenchmark}); 24 KiB leaves
 * room in a 32 KiB L1 as well.
 *
 * <h2>Why the loops look like this</h2>
 * C2 (JDK 17 and later) vectorizes a loop of {@code Math.fma} only when it is the whole body of a small
 * method and every array in it is indexed by the loop variable plus a constant: hence a panel stored as
 * separate row arrays and rows of C copied to a scratch array at the fixed offsets 0, NC and 2·NC. The same loop
 * written as {@code a * b + c}, with a variable offset, or storing into two different arrays (which C2
 * cannot prove distinct) ran 2–6 times slower. Running with {@code -XX:-UseSuperWord} shows the
 * difference. So even a single row of A·B packs B: reading B's rows in place means offsets that vary, and
 * C2 left that loop scalar (a row × four steps of k through offsets into B ran 1×784·784×256 at 21,000
 * products/s against 26,000 packed, and 1×256·256×128 at 145,000 against 197,000, the same with and
 * without SuperWord). The Vector API kernel, which does not depend on C2's choice, reads B in place for
 * its last 1 to 3 rows.
 *
 * <p>Each element is a chain of fmas, 4 cycles each, so a loop over one row keeps too few of them in flight
 * and waits on their latency: one row × four steps of k ran at 28–30 GFLOP/s on a Zen 5 core with the
 * data in L1, two rows × two steps at 36–39, three rows × two steps at 54–56, each loaded B value serving
 * every row. In the kernel the products of a training step ran at 523, 562 and 616–657 steps/s. Two rows
 * × three steps ran at 54–66 alone, but C2 left it scalar once it inlined it into its caller (210
 * steps/s); three rows × three steps and four rows × two steps were never vectorized.
 *
 * <h2>Order of operations</h2>
 * Each micro-kernel applies its k steps to an element in ascending order, and the blocks of depth run in
 * ascending order, each resuming from the value the one before left in C. So every element is the single
 * chain {@code c = fma(a_ik, b_kj, c)}, k = 0, 1, …, from c = 0: the result does not depend on NC, KC,
 * the micro-kernel sizes, or how the rectangle of C was split among threads.
 */
final class ScalarGemm implements GemmKernel {

    /** Columns of a packed panel, and the distance between the rows in the scratch. */
    static final int NC = 128;
    /**
     * Rows of C go three at a time only when at least this many columns are left: with the 10 columns of a
     * classifier's output layer in its profile as well, C2 compiled the three-row loop into slower code
     * (the products of a training step at 563 steps/s instead of 657), so short rows take the two-row loop.
     */
    static final int MIN_TRIPLE_COLUMNS = 16;
    /** Depth (steps of k) of a packed panel. */
    static final int KC = 24;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0,
                         int j1, double scale, Scratch scratch) {
        if (GemmKernel.isTrivial(c, k, n, i0, i1, j0, j1, scale)) {
            return;
        }
        // A(i, p) is at a[i * ai + p * ap]: A is m×k for A·B and A·Bᵀ, k×m for Aᵀ·B.
        int ai = form == TN ? 1 : k;
        int ap = form == TN ? m : 1;
        double[][] panel = scratch.panel;
        double[] row = scratch.row;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                pack(form, b, k, n, pc, kc, jc, nc, panel);
                // rows of C three at a time where the rows are long, else two, at row[0 …), row[NC …), …
                int most = nc >= MIN_TRIPLE_COLUMNS ? 3 : 2;
                for (int i = i0, rows; i < i1; i += rows) {
                    rows = Math.min(most, i1 - i);
                    int ci = i * n + jc;
                    for (int r = 0; r < rows; r++) {
                        load(c, ci + r * n, row, r * NC, nc, pc == 0);
                    }
                    int x = i * ai + pc * ap; // A(i, pc); A(i + r, pc) is at x + r·ai
                    int p = 0;
                    if (rows == 3) {
                        for (; p + 2 <= kc; p += 2, x += 2 * ap) {
                            rows3K2(a[x], a[x + ap], a[x + ai], a[x + ai + ap], a[x + 2 * ai], a[x + 2 * ai + ap],
                                    panel[p], panel[p + 1], row, nc);
                        }
                        if (p < kc) {
                            rows3K1(a[x], a[x + ai], a[x + 2 * ai], panel[p], row, nc);
                        }
                    } else if (rows == 2) {
                        for (; p + 2 <= kc; p += 2, x += 2 * ap) {
                            rowsK2(a[x], a[x + ap], a[x + ai], a[x + ai + ap], panel[p], panel[p + 1], row, nc);
                        }
                        if (p < kc) {
                            rowsK1(a[x], a[x + ai], panel[p], row, nc);
                        }
                    } else { // a last single row
                        for (; p + 4 <= kc; p += 4, x += 4 * ap) {
                            rowK4(a[x], a[x + ap], a[x + 2 * ap], a[x + 3 * ap],
                                    panel[p], panel[p + 1], panel[p + 2], panel[p + 3], row, nc);
                        }
                        for (; p < kc; p++, x += ap) {
                            rowK1(a[x], panel[p], row, nc);
                        }
                    }
                    if (scale != 1.0 && pc + kc == k) { // the sums are finished: C = s·(the product)
                        scale(row, (rows - 1) * NC + nc, scale);
                    }
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(row, r * NC, c, ci + r * n, nc);
                    }
                }
            }
        }
    }

    /** Copies a segment of a row of C into the scratch at {@code to}; zeros on the first block of depth. */
    private static void load(double[] c, int from, double[] row, int to, int nc, boolean first) {
        if (first) {
            java.util.Arrays.fill(row, to, to + nc, 0.0);
        } else {
            System.arraycopy(c, from, row, to, nc);
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

    // ---------------------------------------------------------------- micro-kernels
    // Small static methods whose loop indexes every array by j (plus the constant NC) and stores into one
    // array only, so that C2 vectorizes them. The fma calls nest in ascending k: the innermost is step k.

    /** One row of C, four steps of k: c[j] ← fma(a3, b3[j], fma(a2, b2[j], fma(a1, b1[j], fma(a0, b0[j], c[j])))). */
    static void rowK4(double a0, double a1, double a2, double a3,
                      double[] b0, double[] b1, double[] b2, double[] b3, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
        }
    }

    /**
     * Two rows of C, two steps of k: c[j] ← fma(a1, b1[j], fma(a0, b0[j], c[j])) for the first row and the
     * same with e0, e1 for the second, at c[j + NC].
     */
    static void rowsK2(double a0, double a1, double e0, double e1, double[] b0, double[] b1, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            c[j] = Math.fma(a1, x1, Math.fma(a0, x0, c[j]));
            c[j + NC] = Math.fma(e1, x1, Math.fma(e0, x0, c[j + NC]));
        }
    }

    /**
     * Three rows of C, two steps of k: c[j] ← fma(a1, b1[j], fma(a0, b0[j], c[j])) for the first row, the
     * same with e0, e1 at c[j + NC] and with f0, f1 at c[j + 2·NC].
     */
    static void rows3K2(double a0, double a1, double e0, double e1, double f0, double f1, double[] b0, double[] b1,
                        double[] c, int n) {
        for (int j = 0; j < n; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            c[j] = Math.fma(a1, x1, Math.fma(a0, x0, c[j]));
            c[j + NC] = Math.fma(e1, x1, Math.fma(e0, x0, c[j + NC]));
            c[j + 2 * NC] = Math.fma(f1, x1, Math.fma(f0, x0, c[j + 2 * NC]));
        }
    }

    /** Three rows of C, one step of k: c[j + r·NC] ← fma(A(r), b[j], c[j + r·NC]) for r = 0, 1, 2. */
    static void rows3K1(double a, double e, double f, double[] b, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            double x = b[j];
            c[j] = Math.fma(a, x, c[j]);
            c[j + NC] = Math.fma(e, x, c[j + NC]);
            c[j + 2 * NC] = Math.fma(f, x, c[j + 2 * NC]);
        }
    }

    /** Two rows of C, one step of k: c[j] ← fma(a, b[j], c[j]) and c[j + NC] ← fma(e, b[j], c[j + NC]). */
    static void rowsK1(double a, double e, double[] b, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            double x = b[j];
            c[j] = Math.fma(a, x, c[j]);
            c[j + NC] = Math.fma(e, x, c[j + NC]);
        }
    }

    /** c[j] ← s·c[j] for j below {@code length} (the columns between the scratch rows are scaled too, unused). */
    static void scale(double[] c, int length, double s) {
        for (int j = 0; j < length; j++) {
            c[j] *= s;
        }
    }

    /** One row of C, one step of k: c[j] ← fma(a, b[j], c[j]). */
    static void rowK1(double a, double[] b, double[] c, int n) {
        for (int j = 0; j < n; j++) {
            c[j] = Math.fma(a, b[j], c[j]);
        }
    }
}
