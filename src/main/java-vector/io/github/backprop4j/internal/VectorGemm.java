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
 * columns are computed and dropped); the last 1 to 3 rows go to {@link ScalarGemm}.
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
    /** For the edges. */
    private static final GemmKernel SCALAR = new ScalarGemm();

    /** The buffers of one thread. */
    private static final class Buffers {
        final double[] panel = new double[KC * NC];
        final double[] block = new double[KC * MR];
        /** A block of C for a strip narrower than NR, row stride NR. */
        final double[] edge = new double[MR * NR];
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
        // 1) go to the scalar kernel, which computes any rectangle with the same chains.
        int iFull = i0 + (i1 - i0) / MR_SMALL * MR_SMALL;
        if (iFull < i1) {
            SCALAR.multiply(form, a, b, c, m, k, n, iFull, i1, j0, j1, scale, scratch);
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
        if (!(scratch.extra instanceof Buffers)) {
            scratch.extra = new Buffers();
        }
        Buffers buffers = (Buffers) scratch.extra;
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
}
