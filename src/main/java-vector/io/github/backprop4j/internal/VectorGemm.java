package io.github.backprop4j.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product kernel on the incubating Vector API ({@code jdk.incubator.vector}): a block of MR rows × 2
 * vectors of C held in registers across the whole depth of a panel, A broadcast one element at a time, B
 * packed into strips two vectors wide. The vectors are the machine's preferred size, and the block fills
 * the registers it has: with AVX-512 (8 doubles a vector, 32 registers) an 8 × 16 block in 16
 * accumulators; with AVX2 (4 doubles, 16 registers) a 4 × 8 block in 8. Machines with narrower vectors
 * keep the scalar kernel. {@link KernelProvider} loads this class by name when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; this source set is compiled apart from the rest (javac
 * always warns about incubating modules, and the main build treats warnings as errors).
 *
 * <pre>
 *   for each panel of columns jc … jc+NC, for each block of depth pc … pc+KC:
 *     pack B[pc … pc+KC][jc … jc+NC] into strips of NR = 2 vectors of columns, each strip k-major
 *     for each block of MR rows of C (a last block of 4 rows if 4 to 7 are left):
 *       pack A's rows over the block of depth, k-major (one value per row per k)
 *       for each strip: C(MR×NR) = C or 0;  for k: C(MR×NR) = fma(A(MR×1) broadcast, B(1×NR), C);  store C
 *       (after the last block of depth of a scaled product, store s·C: the sums are finished)
 * </pre>
 *
 * <p>Why 8 × 16 with AVX-512: a 4 × 16 block keeps only 8 fmas in flight, exactly the 2 per cycle × 4
 * cycles of latency that a Zen 5 core needs, so every stall shows; 8 × 16 ran the eight products of a
 * batch-64 training step at 92 GFLOP/s against 74 (JMH {@code ProductBenchmark}, 1 thread), and 12 × 16
 * (24 accumulators) at 78.
 *
 * <p>Lane-wise {@code fma} is Math.fma on each lane, and every lane runs over k in ascending order, so
 * each element of C is the same chain {@code c = fma(a_ik, b_kj, c)} as in the scalar kernel: the
 * results are bitwise identical. A last strip narrower than NR columns is padded with zeros (the padded
 * columns are computed and dropped).
 *
 * <h2>1 to 3 rows: B read in place</h2>
 * The rows left over after the blocks of 4 (all of a batch of 1 to 3) use each element of B once or a few
 * times, so packing B first only adds traffic: read B, write the panel, read it again. Batch-1 inference
 * was bound by that, at 22,000 predictions/s (0.8 × PyTorch float64). These rows read B where it lies:
 * <pre>
 *   A·B, Aᵀ·B (row p of B contiguous): for each chunk of columns j … j+W (W = 16 vectors for one row,
 *     8 for two or three):  C(rows×W) = 0;  for p = 0 … k−1: C = fma(A(rows, p) broadcast, B(p, j … j+W), C)
 *   A·Bᵀ (row j of B contiguous along p): one row, eight scalar chains C(i, j … j+8) over p at once;
 *     two or three rows, vectors of C whose lanes gather B(j … j+L, p) from L rows of B
 * </pre>
 * The accumulators stay in registers over the whole depth, and every loaded vector of B serves all the
 * rows. Wider chunks read longer runs of each row of B and ran faster (JMH {@code ProductBenchmark},
 * 1 thread, products/s): one row of 784×256 at 47,000 in chunks of 8 vectors, 58,000 in chunks of 16;
 * two and three rows at 47,000–73,000 in chunks of 8, 37,000–44,000 in chunks of 4 — also with 256-bit
 * vectors and 16 registers ({@code -XX:UseAVX=2}), where 16 or 24 accumulators spill. A·Bᵀ cannot sum
 * a row of A against a row of B lane by lane (a horizontal sum adds in another order), hence the scalar
 * chains and the gathers. Against the packed path that these rows took before (the scalar kernel), same
 * sitting: A·B 2.3–4.7 × (1×784·784×256 at 59,500 against 26,400; 1×128·128×10 4.7 ×), Aᵀ·B 2.3–3.0 ×,
 * A·Bᵀ 1.8–3.2 × (1×128·(256×128)ᵀ at 160,000 against 51,000). Batch-1 inference
 * ({@code InferenceBenchmark.predictInto}) went from 22,000 to 48,000–57,000 predictions/s.
 */
final class VectorGemm implements GemmKernel {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    private static final int L = SPECIES.length();
    /** Rows of the register block: 8 where the vectors have 8 lanes (AVX-512), else 4. */
    static final int MR = L >= 8 ? 8 : 4;
    /** Rows of the smaller block, for the last 4 to 7 rows. */
    static final int MR_SMALL = 4;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;
    /** Columns of a packed panel. */
    static final int NC = 256;
    /** Depth of a packed panel. */
    static final int KC = 256;
    /** Columns of one chunk of the in-place path for a single row: 16 vectors. */
    static final int ROW_CHUNK = 16 * L;
    /** Columns of one chunk of the in-place path for 2 or 3 rows: 8 vectors. */
    static final int ROWS_CHUNK = 8 * L;

    /** The buffers of one thread. */
    private static final class Buffers {
        final double[] panel = new double[KC * NC];
        final double[] block = new double[KC * MR];
        /** A block of C for a strip narrower than NR, row stride NR. */
        final double[] edge = new double[MR * NR];
        /** The lanes' offsets of a gather down a column of Bᵀ: l·k for lane l. */
        final int[] column = new int[L];
    }

    /** The calling thread's buffers for this kernel, made on its first product. */
    private static Buffers buffers(Scratch scratch) {
        if (!(scratch.extra instanceof Buffers)) {
            scratch.extra = new Buffers();
        }
        return (Buffers) scratch.extra;
    }

    /**
     * Checks that this machine has 256-bit vectors of doubles.
     *
     * @throws UnsupportedOperationException if the preferred vectors are narrower than 256 bits
     */
    VectorGemm() {
        if (DoubleVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            throw new UnsupportedOperationException("the JVM's vectors are narrower than 256 bits");
        }
    }

    @Override
    public String name() {
        return "vector (jdk.incubator.vector, " + SPECIES.vectorBitSize() + "-bit, " + MR + "×" + NR + " block)";
    }

    @Override
    public void multiply(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0,
                         int j1, double scale, Scratch scratch) {
        if (GemmKernel.isTrivial(c, k, n, i0, i1, j0, j1, scale)) {
            return;
        }
        // Blocks of MR or 4 rows here. The columns need not fill whole strips: a last, narrower strip is
        // padded with zero columns (the 10 outputs of a classifier run as one strip of 16 at the vector
        // speed, 2 × the scalar kernel's on 10 columns). The rows left over (fewer than 4, e.g. a batch of
        // 1) read B in place instead of packing it (see fewRows).
        int iFull = i0 + (i1 - i0) / MR_SMALL * MR_SMALL;
        if (iFull < i1) {
            fewRows(form, a, b, c, m, k, n, iFull, i1, j0, j1, scratch);
            if (scale != 1.0) { // at most 3 rows: scaled in a pass of their own
                for (int i = iFull; i < i1; i++) {
                    for (int j = i * n + j0, end = i * n + j1; j < end; j++) {
                        c[j] *= scale;
                    }
                }
            }
        }
        if (i0 < iFull) {
            blocks(form, a, b, c, m, k, n, i0, iFull, j0, j1, scale, scratch);
        }
    }

    @Override
    public boolean allFinite(double[] values, int from, int to) {
        return VectorFinite.all(values, from, to);
    }

    /** C[i0, i1) × [j0, j1) by register blocks: i1 − i0 a multiple of 4; the last strip may be narrower. */
    private static void blocks(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1,
                               int j0, int j1, double scale, Scratch scratch) {
        Buffers buffers = buffers(scratch);
        double[] panel = buffers.panel;
        double[] block = buffers.block;
        int ai = form == TN ? 1 : k;   // A(i, p) is at a[i * ai + p * ap]
        int ap = form == TN ? m : 1;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                double s = pc + kc == k ? scale : 1.0; // C = s·(the product) as the finished sums are stored
                packB(form, b, k, n, pc, kc, jc, nc, panel);
                for (int ic = i0, rows; ic < i1; ic += rows) {
                    rows = i1 - ic >= MR ? MR : MR_SMALL;
                    // block[p * rows + r] = A(ic + r, pc + p)
                    for (int p = 0; p < kc; p++) {
                        int x = ic * ai + (pc + p) * ap;
                        for (int r = 0; r < rows; r++) {
                            block[p * rows + r] = a[x + r * ai];
                        }
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        // the strip of columns jr … jr+NR starts at jr·kc, NR values per k
                        int nr = Math.min(NR, nc - jr);
                        int c0 = ic * n + jc + jr;
                        if (nr == NR) {
                            block(rows, block, panel, jr * kc, kc, c, c0, n, first, s);
                        } else { // through a full-width copy of the block; the padded columns are dropped
                            double[] edge = buffers.edge;
                            for (int r = 0; !first && r < rows; r++) { // the first block starts from 0
                                System.arraycopy(c, c0 + r * n, edge, r * NR, nr);
                            }
                            block(rows, block, panel, jr * kc, kc, edge, 0, NR, first, s);
                            for (int r = 0; r < rows; r++) {
                                System.arraycopy(edge, r * NR, c, c0 + r * n, nr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs B[pc … pc+kc)[jc … jc+nc) into strips of NR columns, each k-major: the strip of columns
     * jr … jr+NR holds B(pc + p, jc + jr + j) at {@code jr·kc + p·NR + j}. When nc is not a multiple of NR
     * the last strip is padded with zeros.
     */
    private static void packB(int form, double[] b, int k, int n, int pc, int kc, int jc, int nc, double[] panel) {
        for (int jr = 0; jr < nc; jr += NR) {
            int strip = jr * kc;
            int nr = Math.min(NR, nc - jr);
            if (nr < NR) {
                java.util.Arrays.fill(panel, strip, strip + kc * NR, 0.0);
            }
            if (form == NT) {
                // B is n×k: column j of the strip is row jc + jr + j of B, read along the row
                for (int j = 0; j < nr; j++) {
                    int from = (jc + jr + j) * k + pc;
                    for (int p = 0; p < kc; p++) {
                        panel[strip + p * NR + j] = b[from + p];
                    }
                }
            } else {
                // B is k×n: each k gives NR consecutive values of one row of B
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, (pc + p) * n + jc + jr, panel, strip + p * NR, nr);
                }
            }
        }
    }

    /**
     * C[rows][NR] at {@code c0} (row stride n) over kc steps of k: from 0 if {@code first}, else from C; stored
     * times {@code s} (1 except after the last block of depth of a scaled product).
     */
    private static void block(int rows, double[] block, double[] panel, int strip, int kc, double[] c, int c0, int n,
                              boolean first, double s) {
        if (rows == 8) {
            block8(block, panel, strip, kc, c, c0, n, first, s);
        } else {
            block4(block, panel, strip, kc, c, c0, n, first, s);
        }
    }

    /** The 8-row register block: C[8][NR] at {@code c0} (row stride n) over kc steps of k, 16 accumulators. */
    private static void block8(double[] block, double[] panel, int strip, int kc, double[] c, int c0, int n,
                                 boolean first, double s) {
        DoubleVector c00;
        DoubleVector c01;
        DoubleVector c10;
        DoubleVector c11;
        DoubleVector c20;
        DoubleVector c21;
        DoubleVector c30;
        DoubleVector c31;
        DoubleVector c40;
        DoubleVector c41;
        DoubleVector c50;
        DoubleVector c51;
        DoubleVector c60;
        DoubleVector c61;
        DoubleVector c70;
        DoubleVector c71;
        if (first) {
            c00 = DoubleVector.zero(SPECIES);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
            c60 = c00;
            c61 = c00;
            c70 = c00;
            c71 = c00;
        } else {
            c00 = DoubleVector.fromArray(SPECIES, c, c0 + 0 * n);
            c01 = DoubleVector.fromArray(SPECIES, c, c0 + 0 * n + L);
            c10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * n);
            c11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * n + L);
            c20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * n);
            c21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * n + L);
            c30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * n);
            c31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * n + L);
            c40 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * n);
            c41 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * n + L);
            c50 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * n);
            c51 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * n + L);
            c60 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * n);
            c61 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * n + L);
            c70 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * n);
            c71 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * n + L);
        }
        for (int p = 0, bp = strip, x = 0; p < kc; p++, bp += NR, x += 8) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, bp + L);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, block[x + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, block[x + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, block[x + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, block[x + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, block[x + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, block[x + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            DoubleVector a6 = DoubleVector.broadcast(SPECIES, block[x + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            DoubleVector a7 = DoubleVector.broadcast(SPECIES, block[x + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        if (s != 1.0) {
            DoubleVector scale = DoubleVector.broadcast(SPECIES, s);
            c00 = c00.mul(scale);
            c01 = c01.mul(scale);
            c10 = c10.mul(scale);
            c11 = c11.mul(scale);
            c20 = c20.mul(scale);
            c21 = c21.mul(scale);
            c30 = c30.mul(scale);
            c31 = c31.mul(scale);
            c40 = c40.mul(scale);
            c41 = c41.mul(scale);
            c50 = c50.mul(scale);
            c51 = c51.mul(scale);
            c60 = c60.mul(scale);
            c61 = c61.mul(scale);
            c70 = c70.mul(scale);
            c71 = c71.mul(scale);
        }
        c00.intoArray(c, c0 + 0 * n);
        c01.intoArray(c, c0 + 0 * n + L);
        c10.intoArray(c, c0 + 1 * n);
        c11.intoArray(c, c0 + 1 * n + L);
        c20.intoArray(c, c0 + 2 * n);
        c21.intoArray(c, c0 + 2 * n + L);
        c30.intoArray(c, c0 + 3 * n);
        c31.intoArray(c, c0 + 3 * n + L);
        c40.intoArray(c, c0 + 4 * n);
        c41.intoArray(c, c0 + 4 * n + L);
        c50.intoArray(c, c0 + 5 * n);
        c51.intoArray(c, c0 + 5 * n + L);
        c60.intoArray(c, c0 + 6 * n);
        c61.intoArray(c, c0 + 6 * n + L);
        c70.intoArray(c, c0 + 7 * n);
        c71.intoArray(c, c0 + 7 * n + L);
    }

    /** The 4-row register block: C[4][NR] at {@code c0} (row stride n) over kc steps of k, 8 accumulators. */
    private static void block4(double[] block, double[] panel, int strip, int kc, double[] c, int c0, int n,
                                 boolean first, double s) {
        DoubleVector c00;
        DoubleVector c01;
        DoubleVector c10;
        DoubleVector c11;
        DoubleVector c20;
        DoubleVector c21;
        DoubleVector c30;
        DoubleVector c31;
        if (first) {
            c00 = DoubleVector.zero(SPECIES);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
        } else {
            c00 = DoubleVector.fromArray(SPECIES, c, c0);
            c01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
            c10 = DoubleVector.fromArray(SPECIES, c, c0 + n);
            c11 = DoubleVector.fromArray(SPECIES, c, c0 + n + L);
            c20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * n);
            c21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * n + L);
            c30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * n);
            c31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * n + L);
        }
        for (int p = 0, bp = strip, x = 0; p < kc; p++, bp += NR, x += 4) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, bp + L);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, block[x]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, block[x + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, block[x + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, block[x + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (s != 1.0) {
            DoubleVector scale = DoubleVector.broadcast(SPECIES, s);
            c00 = c00.mul(scale);
            c01 = c01.mul(scale);
            c10 = c10.mul(scale);
            c11 = c11.mul(scale);
            c20 = c20.mul(scale);
            c21 = c21.mul(scale);
            c30 = c30.mul(scale);
            c31 = c31.mul(scale);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + n);
        c11.intoArray(c, c0 + n + L);
        c20.intoArray(c, c0 + 2 * n);
        c21.intoArray(c, c0 + 2 * n + L);
        c30.intoArray(c, c0 + 3 * n);
        c31.intoArray(c, c0 + 3 * n + L);
    }

    // ---------------------------------------------------------------- 1 to 3 rows, B read in place

    /**
     * C[i0, i1) × [j0, j1) for 1 to 3 rows, reading B where it lies: nothing is packed. For A·B and Aᵀ·B
     * row p of B is contiguous; each chunk of columns keeps its accumulators in registers over the whole
     * depth, p = 0 … k−1 in ascending order, from 0. A last chunk that would stick out of the rectangle is
     * moved back to end at j1: it computes some columns a second time, with the same chains, and so writes
     * the same bits again. A rectangle narrower than a chunk goes row by row, four vectors at a time.
     */
    private static void fewRows(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1,
                                int j0, int j1, Scratch scratch) {
        if (form == NT) {
            fewRowsTransposed(a, b, c, k, n, i0, i1, j0, j1, scratch);
            return;
        }
        int ai = form == TN ? 1 : k;   // A(i, p) is at a[i * ai + p * ap]
        int ap = form == TN ? m : 1;
        int rows = i1 - i0;
        int x = i0 * ai;
        int ci = i0 * n;
        int chunk = rows == 1 ? ROW_CHUNK : ROWS_CHUNK;
        if (j1 - j0 < chunk) {
            for (int r = 0; r < rows; r++) {
                narrow(a, x + r * ai, ap, b, j0, j1, n, k, c, ci + r * n);
            }
            return;
        }
        for (int j = j0; j < j1; j += chunk) {
            int jj = Math.min(j, j1 - chunk);
            if (rows == 1) {
                row16(a, x, ap, b, jj, n, k, c, ci + jj);
            } else if (rows == 2) {
                rows2x8(a, x, ai, ap, b, jj, n, k, c, ci + jj);
            } else {
                rows3x8(a, x, ai, ap, b, jj, n, k, c, ci + jj);
            }
        }
    }

    /**
     * One row of C over columns [j0, j1), narrower than a chunk: four vectors at a time, the last ones moved
     * back to end at j1 (again computing columns twice, with the same chains); under one vector wide, one
     * scalar chain per column.
     */
    private static void narrow(double[] a, int x, int ap, double[] b, int j0, int j1, int n, int k, double[] c,
                               int ci) {
        if (j1 - j0 < L) {
            for (int j = j0; j < j1; j++) {
                double s = 0.0;
                for (int p = 0, xp = x, bp = j; p < k; p++, xp += ap, bp += n) {
                    s = Math.fma(a[xp], b[bp], s);
                }
                c[ci + j] = s;
            }
            return;
        }
        for (int j = j0; j < j1; j += 4 * L) {
            row4(a, x, ap, b, j, j1 - L, n, k, c, ci);
        }
    }

    /**
     * One row of C at four vectors of columns starting at j, j+L, j+2L, j+3L, those past {@code last} moved
     * back to it: c = fma(A(i, p), B(p, j …), c), p ascending, from 0.
     */
    private static void row4(double[] a, int x, int ap, double[] b, int j, int last, int n, int k, double[] c,
                             int ci) {
        int o0 = Math.min(j, last);
        int o1 = Math.min(j + L, last);
        int o2 = Math.min(j + 2 * L, last);
        int o3 = Math.min(j + 3 * L, last);
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        for (int p = 0, bp = 0; p < k; p++, bp += n, x += ap) {
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[x]);
            c0 = a0.fma(DoubleVector.fromArray(SPECIES, b, bp + o0), c0);
            c1 = a0.fma(DoubleVector.fromArray(SPECIES, b, bp + o1), c1);
            c2 = a0.fma(DoubleVector.fromArray(SPECIES, b, bp + o2), c2);
            c3 = a0.fma(DoubleVector.fromArray(SPECIES, b, bp + o3), c3);
        }
        c0.intoArray(c, ci + o0);
        c1.intoArray(c, ci + o1);
        c2.intoArray(c, ci + o2);
        c3.intoArray(c, ci + o3);
    }

    /** One row of C, 16 vectors of columns from j: c = fma(A(i, p), B(p, j …), c), p ascending, from 0. */
    private static void row16(double[] a, int x, int ap, double[] b, int j, int n, int k, double[] c, int cj) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c05 = c00;
        DoubleVector c06 = c00;
        DoubleVector c07 = c00;
        DoubleVector c08 = c00;
        DoubleVector c09 = c00;
        DoubleVector c0a = c00;
        DoubleVector c0b = c00;
        DoubleVector c0c = c00;
        DoubleVector c0d = c00;
        DoubleVector c0e = c00;
        DoubleVector c0f = c00;
        for (int p = 0, bp = j; p < k; p++, bp += n, x += ap) {
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[x]);
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            c00 = a0.fma(b0, c00);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + L);
            c01 = a0.fma(b1, c01);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * L);
            c02 = a0.fma(b2, c02);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bp + 3 * L);
            c03 = a0.fma(b3, c03);
            DoubleVector b4 = DoubleVector.fromArray(SPECIES, b, bp + 4 * L);
            c04 = a0.fma(b4, c04);
            DoubleVector b5 = DoubleVector.fromArray(SPECIES, b, bp + 5 * L);
            c05 = a0.fma(b5, c05);
            DoubleVector b6 = DoubleVector.fromArray(SPECIES, b, bp + 6 * L);
            c06 = a0.fma(b6, c06);
            DoubleVector b7 = DoubleVector.fromArray(SPECIES, b, bp + 7 * L);
            c07 = a0.fma(b7, c07);
            DoubleVector b8 = DoubleVector.fromArray(SPECIES, b, bp + 8 * L);
            c08 = a0.fma(b8, c08);
            DoubleVector b9 = DoubleVector.fromArray(SPECIES, b, bp + 9 * L);
            c09 = a0.fma(b9, c09);
            DoubleVector ba = DoubleVector.fromArray(SPECIES, b, bp + 10 * L);
            c0a = a0.fma(ba, c0a);
            DoubleVector bb = DoubleVector.fromArray(SPECIES, b, bp + 11 * L);
            c0b = a0.fma(bb, c0b);
            DoubleVector bc = DoubleVector.fromArray(SPECIES, b, bp + 12 * L);
            c0c = a0.fma(bc, c0c);
            DoubleVector bd = DoubleVector.fromArray(SPECIES, b, bp + 13 * L);
            c0d = a0.fma(bd, c0d);
            DoubleVector be = DoubleVector.fromArray(SPECIES, b, bp + 14 * L);
            c0e = a0.fma(be, c0e);
            DoubleVector bf = DoubleVector.fromArray(SPECIES, b, bp + 15 * L);
            c0f = a0.fma(bf, c0f);
        }
        c00.intoArray(c, cj);
        c01.intoArray(c, cj + L);
        c02.intoArray(c, cj + 2 * L);
        c03.intoArray(c, cj + 3 * L);
        c04.intoArray(c, cj + 4 * L);
        c05.intoArray(c, cj + 5 * L);
        c06.intoArray(c, cj + 6 * L);
        c07.intoArray(c, cj + 7 * L);
        c08.intoArray(c, cj + 8 * L);
        c09.intoArray(c, cj + 9 * L);
        c0a.intoArray(c, cj + 10 * L);
        c0b.intoArray(c, cj + 11 * L);
        c0c.intoArray(c, cj + 12 * L);
        c0d.intoArray(c, cj + 13 * L);
        c0e.intoArray(c, cj + 14 * L);
        c0f.intoArray(c, cj + 15 * L);
    }

    /** Two rows of C, 8 vectors of columns from j; each loaded vector of B serves both rows. */
    private static void rows2x8(double[] a, int x, int ai, int ap, double[] b, int j, int n, int k, double[] c,
                                int cj) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c05 = c00;
        DoubleVector c06 = c00;
        DoubleVector c07 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c14 = c00;
        DoubleVector c15 = c00;
        DoubleVector c16 = c00;
        DoubleVector c17 = c00;
        for (int p = 0, bp = j; p < k; p++, bp += n, x += ap) {
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[x]);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[x + ai]);
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            c00 = a0.fma(b0, c00);
            c10 = a1.fma(b0, c10);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + L);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * L);
            c02 = a0.fma(b2, c02);
            c12 = a1.fma(b2, c12);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bp + 3 * L);
            c03 = a0.fma(b3, c03);
            c13 = a1.fma(b3, c13);
            DoubleVector b4 = DoubleVector.fromArray(SPECIES, b, bp + 4 * L);
            c04 = a0.fma(b4, c04);
            c14 = a1.fma(b4, c14);
            DoubleVector b5 = DoubleVector.fromArray(SPECIES, b, bp + 5 * L);
            c05 = a0.fma(b5, c05);
            c15 = a1.fma(b5, c15);
            DoubleVector b6 = DoubleVector.fromArray(SPECIES, b, bp + 6 * L);
            c06 = a0.fma(b6, c06);
            c16 = a1.fma(b6, c16);
            DoubleVector b7 = DoubleVector.fromArray(SPECIES, b, bp + 7 * L);
            c07 = a0.fma(b7, c07);
            c17 = a1.fma(b7, c17);
        }
        c00.intoArray(c, cj);
        c01.intoArray(c, cj + L);
        c02.intoArray(c, cj + 2 * L);
        c03.intoArray(c, cj + 3 * L);
        c04.intoArray(c, cj + 4 * L);
        c05.intoArray(c, cj + 5 * L);
        c06.intoArray(c, cj + 6 * L);
        c07.intoArray(c, cj + 7 * L);
        c10.intoArray(c, cj + n);
        c11.intoArray(c, cj + n + L);
        c12.intoArray(c, cj + n + 2 * L);
        c13.intoArray(c, cj + n + 3 * L);
        c14.intoArray(c, cj + n + 4 * L);
        c15.intoArray(c, cj + n + 5 * L);
        c16.intoArray(c, cj + n + 6 * L);
        c17.intoArray(c, cj + n + 7 * L);
    }

    /** Three rows of C, 8 vectors of columns from j; each loaded vector of B serves the three rows. */
    private static void rows3x8(double[] a, int x, int ai, int ap, double[] b, int j, int n, int k, double[] c,
                                int cj) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c05 = c00;
        DoubleVector c06 = c00;
        DoubleVector c07 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c14 = c00;
        DoubleVector c15 = c00;
        DoubleVector c16 = c00;
        DoubleVector c17 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        DoubleVector c24 = c00;
        DoubleVector c25 = c00;
        DoubleVector c26 = c00;
        DoubleVector c27 = c00;
        for (int p = 0, bp = j; p < k; p++, bp += n, x += ap) {
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[x]);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[x + ai]);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[x + 2 * ai]);
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            c00 = a0.fma(b0, c00);
            c10 = a1.fma(b0, c10);
            c20 = a2.fma(b0, c20);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + L);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            c21 = a2.fma(b1, c21);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * L);
            c02 = a0.fma(b2, c02);
            c12 = a1.fma(b2, c12);
            c22 = a2.fma(b2, c22);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bp + 3 * L);
            c03 = a0.fma(b3, c03);
            c13 = a1.fma(b3, c13);
            c23 = a2.fma(b3, c23);
            DoubleVector b4 = DoubleVector.fromArray(SPECIES, b, bp + 4 * L);
            c04 = a0.fma(b4, c04);
            c14 = a1.fma(b4, c14);
            c24 = a2.fma(b4, c24);
            DoubleVector b5 = DoubleVector.fromArray(SPECIES, b, bp + 5 * L);
            c05 = a0.fma(b5, c05);
            c15 = a1.fma(b5, c15);
            c25 = a2.fma(b5, c25);
            DoubleVector b6 = DoubleVector.fromArray(SPECIES, b, bp + 6 * L);
            c06 = a0.fma(b6, c06);
            c16 = a1.fma(b6, c16);
            c26 = a2.fma(b6, c26);
            DoubleVector b7 = DoubleVector.fromArray(SPECIES, b, bp + 7 * L);
            c07 = a0.fma(b7, c07);
            c17 = a1.fma(b7, c17);
            c27 = a2.fma(b7, c27);
        }
        c00.intoArray(c, cj);
        c01.intoArray(c, cj + L);
        c02.intoArray(c, cj + 2 * L);
        c03.intoArray(c, cj + 3 * L);
        c04.intoArray(c, cj + 4 * L);
        c05.intoArray(c, cj + 5 * L);
        c06.intoArray(c, cj + 6 * L);
        c07.intoArray(c, cj + 7 * L);
        c10.intoArray(c, cj + n);
        c11.intoArray(c, cj + n + L);
        c12.intoArray(c, cj + n + 2 * L);
        c13.intoArray(c, cj + n + 3 * L);
        c14.intoArray(c, cj + n + 4 * L);
        c15.intoArray(c, cj + n + 5 * L);
        c16.intoArray(c, cj + n + 6 * L);
        c17.intoArray(c, cj + n + 7 * L);
        c20.intoArray(c, cj + 2 * n);
        c21.intoArray(c, cj + 2 * n + L);
        c22.intoArray(c, cj + 2 * n + 2 * L);
        c23.intoArray(c, cj + 2 * n + 3 * L);
        c24.intoArray(c, cj + 2 * n + 4 * L);
        c25.intoArray(c, cj + 2 * n + 5 * L);
        c26.intoArray(c, cj + 2 * n + 6 * L);
        c27.intoArray(c, cj + 2 * n + 7 * L);
    }
    /**
     * C[i0, i1) × [j0, j1) for 1 to 3 rows of A·Bᵀ, reading B where it lies. C(i, j) is the dot product of
     * row i of A and row j of B, both contiguous; summed lane by lane it would be another sum, so each
     * element stays the single chain over ascending p. One row (or fewer columns than a vector): eight such
     * chains at once, in scalar registers. Two or three rows: vectors of C(i, j … j+L) whose lanes gather
     * B(j … j+L, p) from L rows of B, each gathered vector serving every row.
     */
    private static void fewRowsTransposed(double[] a, double[] b, double[] c, int k, int n, int i0, int i1, int j0,
                                          int j1, Scratch scratch) {
        if (i1 - i0 == 1 || j1 - j0 < L) {
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j += 8) {
                    dots8(a, i * k, b, k, c, i * n, j, j1 - 1);
                }
            }
            return;
        }
        int[] column = buffers(scratch).column;
        for (int l = 0; l < L; l++) {
            column[l] = l * k;
        }
        for (int j = j0; j < j1; j += 4 * L) {
            gathered3x4(a, b, c, k, n, i0, i1, column, j, j1 - L);
        }
    }

    /**
     * One row of C (row i of A at x, of C at ci) at the eight columns j, j+1, …, j+7, those past {@code last}
     * moved back to it (computed twice, the same bits): c = fma(A(i, p), B(j, p), c), p ascending, from 0.
     */
    private static void dots8(double[] a, int x, double[] b, int k, double[] c, int ci, int j, int last) {
        int j1 = Math.min(j + 1, last);
        int j2 = Math.min(j + 2, last);
        int j3 = Math.min(j + 3, last);
        int j4 = Math.min(j + 4, last);
        int j5 = Math.min(j + 5, last);
        int j6 = Math.min(j + 6, last);
        int j7 = Math.min(j + 7, last);
        int y0 = j * k;
        int y1 = j1 * k;
        int y2 = j2 * k;
        int y3 = j3 * k;
        int y4 = j4 * k;
        int y5 = j5 * k;
        int y6 = j6 * k;
        int y7 = j7 * k;
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        double s4 = 0.0;
        double s5 = 0.0;
        double s6 = 0.0;
        double s7 = 0.0;
        for (int p = 0; p < k; p++) {
            double a0 = a[x + p];
            s0 = Math.fma(a0, b[y0 + p], s0);
            s1 = Math.fma(a0, b[y1 + p], s1);
            s2 = Math.fma(a0, b[y2 + p], s2);
            s3 = Math.fma(a0, b[y3 + p], s3);
            s4 = Math.fma(a0, b[y4 + p], s4);
            s5 = Math.fma(a0, b[y5 + p], s5);
            s6 = Math.fma(a0, b[y6 + p], s6);
            s7 = Math.fma(a0, b[y7 + p], s7);
        }
        c[ci + j] = s0;
        c[ci + j1] = s1;
        c[ci + j2] = s2;
        c[ci + j3] = s3;
        c[ci + j4] = s4;
        c[ci + j5] = s5;
        c[ci + j6] = s6;
        c[ci + j7] = s7;
    }

    /**
     * Rows i0 … i1−1 of C (two or three; with two, the second is computed twice) at four vectors of columns
     * starting at j, j+L, j+2L, j+3L, those past {@code last} moved back to it. Lane l of the vector at
     * column j gathers B(j + l, p) at {@code (j + l)·k + p}: {@code column} holds l·k.
     */
    private static void gathered3x4(double[] a, double[] b, double[] c, int k, int n, int i0, int i1, int[] column,
                                    int j, int last) {
        int x0 = i0 * k;
        int x1 = (i0 + 1) * k;
        int x2 = (i1 - 1) * k;
        int o0 = Math.min(j, last);
        int o1 = Math.min(j + L, last);
        int o2 = Math.min(j + 2 * L, last);
        int o3 = Math.min(j + 3 * L, last);
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        for (int p = 0, y0 = o0 * k, y1 = o1 * k, y2 = o2 * k, y3 = o3 * k; p < k; p++, y0++, y1++, y2++, y3++) {
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[x0 + p]);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[x1 + p]);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[x2 + p]);
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, y0, column, 0);
            c00 = a0.fma(b0, c00);
            c10 = a1.fma(b0, c10);
            c20 = a2.fma(b0, c20);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, y1, column, 0);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            c21 = a2.fma(b1, c21);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, y2, column, 0);
            c02 = a0.fma(b2, c02);
            c12 = a1.fma(b2, c12);
            c22 = a2.fma(b2, c22);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, y3, column, 0);
            c03 = a0.fma(b3, c03);
            c13 = a1.fma(b3, c13);
            c23 = a2.fma(b3, c23);
        }
        int r0 = i0 * n;
        int r1 = (i0 + 1) * n;
        int r2 = (i1 - 1) * n;
        c00.intoArray(c, r0 + o0);
        c01.intoArray(c, r0 + o1);
        c02.intoArray(c, r0 + o2);
        c03.intoArray(c, r0 + o3);
        c10.intoArray(c, r1 + o0);
        c11.intoArray(c, r1 + o1);
        c12.intoArray(c, r1 + o2);
        c13.intoArray(c, r1 + o3);
        c20.intoArray(c, r2 + o0);
        c21.intoArray(c, r2 + o1);
        c22.intoArray(c, r2 + o2);
        c23.intoArray(c, r2 + o3);
    }
}
