package io.github.backprop4j.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product kernel on the incubating Vector API ({@code jdk.incubator.vector}): a block of 4 rows × 2
 * vectors of C held in eight registers across the whole depth of a panel, A broadcast one element at a
 * time, B packed into strips two vectors wide. The vectors are the machine's preferred size: 4 doubles
 * with AVX2 (a 4 × 8 block), 8 with AVX-512 (a 4 × 16 block, measured 1.5–2 × faster than 4 × 8 on
 * AVX-512 hardware); machines with narrower vectors keep the scalar kernel. {@link KernelProvider} loads it by name when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; this source set is compiled apart from the rest (javac
 * always warns about incubating modules, and the main build treats warnings as errors).
 *
 * <pre>
 *   for each panel of columns jc … jc+NC, for each block of depth pc … pc+KC:
 *     pack B[pc … pc+KC][jc … jc+NC] into strips of NR = 2 vectors of columns, each strip k-major
 *     for each block of 4 rows of C:
 *       pack A's 4 rows over the block of depth, k-major (4 values per k)
 *       for each strip: C(4×NR) = C or 0;  for k: C(4×NR) = fma(A(4×1) broadcast, B(1×NR), C);  store C
 * </pre>
 *
 * <p>Lane-wise {@code fma} is Math.fma on each lane, and every lane runs over k in ascending order, so
 * each element of C is the same chain {@code c = fma(a_ik, b_kj, c)} as in the scalar kernel: the
 * results are bitwise identical. A last strip narrower than NR columns is padded with zeros (the padded
 * columns are computed and dropped); rows that do not fill a block of MR go to {@link ScalarGemm}.
 */
final class VectorGemm implements GemmKernel {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    private static final int L = SPECIES.length();
    /** Rows of the register block. */
    static final int MR = 4;
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
                         int j1, Scratch scratch) {
        if (GemmKernel.isTrivial(c, k, n, i0, i1, j0, j1)) {
            return;
        }
        // Whole blocks of MR rows here. The columns need not fill whole strips: a last, narrower strip is
        // padded with zero columns (the 10 outputs of a classifier run as one strip of 16 at the vector
        // speed, 4–5 × faster than the scalar kernel on 10 columns). The rows left over (fewer than MR,
        // e.g. a batch of 1) go to the scalar kernel, which computes any rectangle with the same chains.
        int iFull = i0 + (i1 - i0) / MR * MR;
        if (iFull < i1) {
            SCALAR.multiply(form, a, b, c, m, k, n, iFull, i1, j0, j1, scratch);
        }
        if (i0 < iFull) {
            blocks(form, a, b, c, m, k, n, i0, iFull, j0, j1, scratch);
        }
    }

    /** C[i0, i1) × [j0, j1) by register blocks: i1 − i0 a multiple of MR; the last strip may be narrower. */
    private static void blocks(int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1,
                               int j0, int j1, Scratch scratch) {
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
                packB(form, b, k, n, pc, kc, jc, nc, panel);
                for (int ic = i0; ic < i1; ic += MR) {
                    // block[p * MR + r] = A(ic + r, pc + p)
                    for (int p = 0; p < kc; p++) {
                        int x = ic * ai + (pc + p) * ap;
                        for (int r = 0; r < MR; r++) {
                            block[p * MR + r] = a[x + r * ai];
                        }
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        // the strip of columns jr … jr+NR starts at jr·kc, NR values per k
                        int nr = Math.min(NR, nc - jr);
                        int c0 = ic * n + jc + jr;
                        if (nr == NR) {
                            block(block, panel, jr * kc, kc, c, c0, n, first);
                        } else { // through a full-width copy of the block; the padded columns are dropped
                            double[] edge = buffers.edge;
                            for (int r = 0; r < MR; r++) {
                                System.arraycopy(c, c0 + r * n, edge, r * NR, nr);
                            }
                            block(block, panel, jr * kc, kc, edge, 0, NR, first);
                            for (int r = 0; r < MR; r++) {
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

    /** The register block: C[4][NR] at {@code c0} (row stride n) over kc steps of k. */
    private static void block(double[] block, double[] panel, int strip, int kc, double[] c, int c0, int n,
                                 boolean first) {
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
        for (int p = 0, bp = strip, x = 0; p < kc; p++, bp += NR, x += MR) {
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
