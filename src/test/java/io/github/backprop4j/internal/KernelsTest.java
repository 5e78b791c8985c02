package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scalar kernel, and the kernel in use, against the reference, bit for bit, for every thread count. */
class KernelsTest {

    private static final String[] FORMS = {"A·B", "Aᵀ·B", "A·Bᵀ"};

    /**
     * Shapes (m, k, n): empty, tiny and odd ones, the MLP's, and sizes on either side of every block
     * boundary: the scalar kernel's threes and pairs of rows (threes only from 16 columns on), its steps
     * of 2 and 4, its panel (KC = 24 deep, NC = 128 wide); the vector kernel's blocks of 8 and 4 rows, strips of 16 (8 with 256-bit vectors) and panel
     * (256 × 256); and products large enough to be split into bands of rows or of columns.
     */
    static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>(List.of(
                new int[] {0, 0, 0}, new int[] {0, 3, 4}, new int[] {3, 0, 4}, new int[] {3, 4, 0},
                new int[] {1, 1, 1}, new int[] {1, 7, 1}, new int[] {2, 3, 5}, new int[] {3, 5, 7},
                new int[] {5, 4, 9}, new int[] {7, 13, 17}, new int[] {4, 8, 8}, new int[] {9, 3, 33},
                new int[] {64, 128, 10}, new int[] {64, 10, 128}, new int[] {33, 65, 129}));
        int[] edges = {ScalarGemm.KC - 1, ScalarGemm.KC, ScalarGemm.KC + 1, 2 * ScalarGemm.KC + 3};
        for (int e : edges) {
            shapes.add(new int[] {5, e, 7});    // depth across KC
            shapes.add(new int[] {3, 9, e});    // columns across NC
            shapes.add(new int[] {e, 6, 11});   // many rows
        }
        shapes.add(new int[] {67, ScalarGemm.KC + 5, ScalarGemm.NC + 9}); // all at once
        // the Vector API kernel's panel is 256 deep and 256 wide, in strips of up to 16 columns, the last
        // one padded with zeros: depth across its panel with a padded strip, and columns across its panel
        for (int e : new int[] {255, 256, 257, 515}) {
            shapes.add(new int[] {8, e, 10});
            shapes.add(new int[] {12, 9, e});
        }
        shapes.add(new int[] {7, 25, ScalarGemm.MIN_TRIPLE_COLUMNS - 1}); // rows in pairs, then one
        shapes.add(new int[] {8, 25, ScalarGemm.MIN_TRIPLE_COLUMNS});     // rows in threes, then a pair
        shapes.add(new int[] {67, 515, 265});  // every depth and column panel of the vector kernel at once
        shapes.add(new int[] {12, 300, 200});  // few rows, deep: split into bands of columns, second depth block
        // random shapes from a fixed seed
        SplittableRandom r = new SplittableRandom(20);
        for (int i = 0; i < 12; i++) {
            shapes.add(new int[] {r.nextInt(1, 80), r.nextInt(1, 300), r.nextInt(1, 300)});
        }
        return shapes;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : shapes()) {
            for (int form = 0; form < 3; form++) {
                cases.add(Arguments.of(FORMS[form], form, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("cases")
    void scalarKernelMatchesTheReferenceBitForBitOnAnyThreadCount(String name, int form, int m, int k, int n) {
        double[][] ab = operands(form, m, k, n, 31L * m + 7L * k + n);
        double[] expected = ReferenceProducts.product(form, ab[0], ab[1], m, k, n);
        for (int threads : new int[] {1, 2, 3, 5}) {
            double[] c = garbage(m * n);
            Kernels.multiply(KernelProvider.scalar(), form, ab[0], ab[1], c, m, k, n, threads);
            assertThat(c).as("%s %d×%d·%d×%d on %d threads", name, m, k, k, n, threads).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("cases")
    void splittingTheOutputAnywhereGivesTheSameBits(String name, int form, int m, int k, int n) {
        assertPiecesGiveTheSameBits(KernelProvider.scalar(), form, m, k, n);
    }

    /** Scales for the scaled product: exact (1/64), rounded (1/3), negative, and one that underflows, one that overflows. */
    private static final double[] SCALES = {1.0 / 64, 1.0 / 3, -0.7, 0x1p-1070, 1e300};

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("cases")
    void aScaledProductIsTheProductThenOneMultiplicationBitForBit(String name, int form, int m, int k, int n) {
        assertScaledProductsMatch(KernelProvider.scalar(), name, form, m, k, n);
    }

    /**
     * C = s·(the product) from {@code kernel}, on 1 to 3 threads, is bit for bit the reference product with each
     * element then multiplied by s (k = 0 included: s·0 is −0 for a negative s).
     */
    static void assertScaledProductsMatch(GemmKernel kernel, String name, int form, int m, int k, int n) {
        double[][] ab = operands(form, m, k, n, 3L * m + 11L * k + n);
        double[] product = ReferenceProducts.product(form, ab[0], ab[1], m, k, n);
        for (double s : SCALES) {
            double[] expected = product.clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= s;
            }
            for (int threads = 1; threads <= 3; threads++) {
                double[] c = garbage(m * n);
                Kernels.multiply(kernel, form, ab[0], ab[1], c, m, k, n, s, threads);
                assertThat(c).as("%s %d×%d·%d×%d times %s on %d threads", name, m, k, k, n, s, threads)
                        .isEqualTo(expected);
            }
        }
    }

    /**
     * Products of 1 to 7 rows, where the Vector API kernel leaves its register blocks and reads B in place
     * (1 to 3 rows, alone or after blocks of 4): every row count with depths 0, 1, 3 and 784 and widths on
     * either side of one vector (4 or 8 columns), of its chunks (16 to 128 columns) and of the scalar
     * kernel's panel; then random shapes from a fixed seed.
     */
    static Stream<Arguments> fewRowCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int m : new int[] {1, 2, 3, 5, 7}) {
            for (int k : new int[] {0, 1, 3, 784}) {
                for (int n : new int[] {1, 7, 8, 10, 15, 16, 17, 33, 256, 300}) {
                    for (int form = 0; form < 3; form++) {
                        cases.add(Arguments.of(FORMS[form], form, m, k, n));
                    }
                }
            }
        }
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < 30; i++) {
            int form = r.nextInt(3);
            cases.add(Arguments.of(FORMS[form], form, r.nextInt(1, 8), r.nextInt(0, 400), r.nextInt(1, 400)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("fewRowCases")
    void fewRowsMatchTheReferenceAndLeaveTheRestAlone(String name, int form, int m, int k, int n) {
        assertRectanglesMatchTheReference(KernelProvider.scalar(), form, m, k, n);
    }

    /**
     * The whole product on 1 to 3 threads, and then inner rectangles of it (a last row alone, rows after the
     * first, columns cut inside a vector), must come out bit for bit as the reference, and the elements of C
     * outside a rectangle must keep their bits.
     */
    static void assertRectanglesMatchTheReference(GemmKernel kernel, int form, int m, int k, int n) {
        double[][] ab = operands(form, m, k, n, 17L * m + 5L * k + n);
        double[] expected = ReferenceProducts.product(form, ab[0], ab[1], m, k, n);
        for (int threads = 1; threads <= 3; threads++) {
            double[] c = garbage(m * n);
            Kernels.multiply(kernel, form, ab[0], ab[1], c, m, k, n, threads);
            assertThat(c).as("%s %d×%d·%d×%d on %d threads", FORMS[form], m, k, k, n, threads).isEqualTo(expected);
        }
        int[][] rectangles = {
            {m - 1, m, 0, n}, {Math.min(1, m - 1), m, n / 3, n - n / 5}, {0, m, 1, n}, {0, m, 0, n - 1}};
        for (int[] box : rectangles) {
            double[] c = operands(GemmKernel.NN, m, n, 0, 99)[0]; // random values, none of them the result
            double[] before = c.clone();
            kernel.multiply(form, ab[0], ab[1], c, m, k, n, box[0], box[1], box[2], box[3], Scratch.get());
            double[] want = before.clone();
            for (int i = box[0]; i < box[1]; i++) {
                System.arraycopy(expected, i * n + box[2], want, i * n + box[2], Math.max(0, box[3] - box[2]));
            }
            assertThat(rawBits(c)).as("%s %d×%d·%d×%d, rows [%d, %d) × columns [%d, %d)", FORMS[form], m, k, k, n,
                    box[0], box[1], box[2], box[3]).isEqualTo(rawBits(want));
        }
    }

    /** The bits of each element, NaN payloads and the sign of zero included. */
    static long[] rawBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    /**
     * The kernel computes any rectangle alone: C cut into uneven pieces (not at the usual bands, so that
     * they start mid-block) must come out bit for bit as the reference.
     */
    static void assertPiecesGiveTheSameBits(GemmKernel kernel, int form, int m, int k, int n) {
        double[][] ab = operands(form, m, k, n, 5L * m + k + 3L * n);
        double[] expected = ReferenceProducts.product(form, ab[0], ab[1], m, k, n);
        double[] c = garbage(m * n);
        int mi = m / 3;
        int nj = Math.min(n, 2 * n / 5 + 1);
        Scratch s = Scratch.get();
        kernel.multiply(form, ab[0], ab[1], c, m, k, n, 0, mi, 0, n, s);
        kernel.multiply(form, ab[0], ab[1], c, m, k, n, mi, m, 0, nj, s);
        kernel.multiply(form, ab[0], ab[1], c, m, k, n, mi, m, nj, n, s);
        assertThat(c).isEqualTo(expected);
    }

    @Test
    void thePublicEntryPointsAgreeWithTheReference() {
        int m = 37;
        int k = 300;
        int n = 45;
        double[][] nn = operands(GemmKernel.NN, m, k, n, 1);
        double[] c = new double[m * n];
        Kernels.gemm(nn[0], nn[1], c, m, k, n);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.NN, nn[0], nn[1], m, k, n));
        Kernels.gemm(nn[0], nn[1], c, m, k, n, 2);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.NN, nn[0], nn[1], m, k, n));
        double[][] tn = operands(GemmKernel.TN, m, k, n, 2);
        Kernels.gemmTransA(tn[0], tn[1], c, m, k, n);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.TN, tn[0], tn[1], m, k, n));
        Kernels.gemmTransA(tn[0], tn[1], c, m, k, n, 3);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.TN, tn[0], tn[1], m, k, n));
        double[][] nt = operands(GemmKernel.NT, m, k, n, 3);
        Kernels.gemmTransB(nt[0], nt[1], c, m, k, n);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.NT, nt[0], nt[1], m, k, n));
        Kernels.gemmTransB(nt[0], nt[1], c, m, k, n, 4);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.NT, nt[0], nt[1], m, k, n));
    }

    @Test
    void specialValuesFlowThroughAsInTheReference() {
        int m = 6;
        int k = 9;
        int n = 10;
        double[][] ab = operands(GemmKernel.NN, m, k, n, 9);
        ab[0][3] = Double.NaN;
        ab[0][20] = Double.POSITIVE_INFINITY;
        ab[1][7] = -0.0;
        ab[1][15] = Double.NEGATIVE_INFINITY;
        ab[1][40] = Double.MIN_VALUE;
        double[] c = new double[m * n];
        Kernels.gemm(ab[0], ab[1], c, m, k, n);
        assertThat(c).isEqualTo(ReferenceProducts.product(GemmKernel.NN, ab[0], ab[1], m, k, n));
    }

    /**
     * NaN, ±∞, −0.0 and subnormals through short products of every form, on the kernel in use (the Vector API
     * one in the build's vector test runs) and the scalar one. A row of A that is all −0.0 against a B ≥ 0
     * gives +0.0, since every chain starts from +0.0 (−0.0 + +0.0 = +0.0): a kernel that started from −0.0
     * or from its first product would give −0.0.
     */
    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("specialValueCases")
    void specialValuesFlowThroughShortProductsAsInTheReference(String name, int form, int m, int k, int n) {
        double[][] ab = operands(form, m, k, n, 3L * m + n);
        double[] a = ab[0];
        double[] b = ab[1];
        int ai = form == GemmKernel.TN ? 1 : k; // A(i, p) is at a[i * ai + p * ap]
        int ap = form == GemmKernel.TN ? m : 1;
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.abs(b[i]);
        }
        for (int p = 0; p < k; p++) {
            a[p * ap] = -0.0;                       // the first row of A: C(0, j) = +0.0, as B ≥ 0
        }
        if (m > 1) {                                // the last row of A
            a[(m - 1) * ai] = Double.NaN;
            a[(m - 1) * ai + (k - 1) * ap] = Double.POSITIVE_INFINITY;
        }
        b[1] = -0.0;
        b[b.length / 2] = Double.MIN_VALUE;
        b[b.length - 1] = Double.NEGATIVE_INFINITY; // B(k − 1, n − 1) in every form's layout
        double[] expected = ReferenceProducts.product(form, a, b, m, k, n);
        assertThat(Double.doubleToRawLongBits(expected[0])).isEqualTo(Double.doubleToRawLongBits(0.0));
        for (GemmKernel kernel : List.of(KernelProvider.kernel(), KernelProvider.scalar())) {
            double[] c = garbage(m * n);
            Kernels.multiply(kernel, form, a, b, c, m, k, n, 1);
            assertThat(c).as("%s on %s", name, kernel.name()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> specialValueCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int m : new int[] {1, 2, 3, 5}) {
            for (int[] kn : new int[][] {{9, 10}, {7, 3}, {40, 300}}) {
                for (int form = 0; form < 3; form++) {
                    cases.add(Arguments.of(FORMS[form], form, m, kn[0], kn[1]));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void bandsCoverTheExtentAtAlignedCuts() {
        for (int extent : new int[] {0, 1, 7, 8, 9, 64, 255, 256, 784}) {
            for (int parts = 1; parts <= 5; parts++) {
                int previous = 0;
                for (int part = 1; part <= parts; part++) {
                    int cut = Workers.cut(extent, parts, part, 8);
                    assertThat(cut).isBetween(previous, extent);
                    if (part < parts) {
                        assertThat(cut % 8).isZero();
                    }
                    previous = cut;
                }
                assertThat(previous).isEqualTo(extent);
            }
        }
    }

    @Test
    void workerThreadsAreDaemons() {
        double[][] ab = operands(GemmKernel.NN, 64, 256, 256, 4);
        Kernels.gemm(ab[0], ab[1], new double[64 * 256], 64, 256, 256, 3);
        assertThat(Workers.count()).isGreaterThanOrEqualTo(2);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("backprop4j-worker-")))
                .isNotEmpty()
                .allMatch(Thread::isDaemon);
    }

    /** A and B of the right layout for the form, from a seed; values of mixed sign and magnitude. */
    static double[][] operands(int form, int m, int k, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-8, 8));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-8, 8));
        }
        return new double[][] {a, b};
    }

    /** An output array full of NaN, so that an element the kernel fails to write shows. */
    static double[] garbage(int size) {
        double[] c = new double[size];
        Arrays.fill(c, Double.NaN);
        return c;
    }
}
