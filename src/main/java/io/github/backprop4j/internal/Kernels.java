package io.github.backprop4j.internal;

/**
 * The matrix products behind every {@code Matrix} product, on row-major {@code double[]} storage.
 *
 * <p>Every element of a product is the same chain of fused multiply-adds in ascending {@code k}:
 * {@code c = fma(a[i][k], b[k][j], c)} from {@code c = 0}. Any blocking, tiling or splitting of the
 * work that keeps that chain per element gives bitwise identical results, which is what lets the
 * fast kernels be tested bit for bit against this order and lets threads split the output freely.
 *
 * <p>The work is done by the kernel {@link KernelProvider} chose ({@link ScalarGemm}, or the Vector API
 * kernel). With more than one thread, a product large enough to pay for the hand-off is cut into bands
 * of rows of C (or of columns, when C has too few rows) and the bands are computed at once by the calling
 * thread and the library's {@link Workers}. Bands never split the sum over k, so the result is bitwise
 * the same for every thread count.
 */
public final class Kernels {

    /** Products of fewer multiply-adds than this run on the calling thread alone (≈ 10 µs of work). */
    static final long PARALLEL_MIN_FMAS = 1L << 18;
    /** No thread gets a part of fewer multiply-adds than this. */
    static final long PART_MIN_FMAS = 1L << 17;
    /** Column bands are cut at multiples of this (a whole number of 512-bit vectors). */
    static final int COLUMN_ALIGN = 8;
    /** Row bands are cut at multiples of this (the tallest micro-kernel). */
    static final int ROW_ALIGN = 4;
    /** Split by rows when every thread gets at least this many rows. */
    static final int MIN_BAND_ROWS = 32;
    /** Else split by columns when every thread gets at least this many columns; else by rows again. */
    static final int MIN_BAND_COLUMNS = 64;
    /**
     * Bands beyond one per thread are at least this tall (or wide): each band repacks the whole of the
     * other operand, so narrow bands cost more packing than they save in balance (measurements in
     * {@code multiply}). So up to 1024 rows each thread gets one band.
     */
    static final int MIN_CHUNK = 512;

    private Kernels() {
    }

    /**
     * C = A·B on the calling thread. A is m×k, B is k×n, C is m×n; C is overwritten.
     *
     * @param a A, row-major, not modified
     * @param b B, row-major, not modified
     * @param c C, row-major, modified
     * @param m rows of A and C
     * @param k cols of A, rows of B
     * @param n cols of B and C
     */
    public static void gemm(double[] a, double[] b, double[] c, int m, int k, int n) {
        multiply(GemmKernel.NN, a, b, c, m, k, n, 1);
    }

    /**
     * C = A·B on up to {@code threads} threads; bitwise the same result for any count.
     *
     * @param a       A, m×k, not modified
     * @param b       B, k×n, not modified
     * @param c       C, m×n, modified
     * @param m       rows of A and C
     * @param k       cols of A, rows of B
     * @param n       cols of B and C
     * @param threads the most threads to use, the calling thread included, ≥ 1
     */
    public static void gemm(double[] a, double[] b, double[] c, int m, int k, int n, int threads) {
        multiply(GemmKernel.NN, a, b, c, m, k, n, threads);
    }

    /**
     * C = Aᵀ·B without forming Aᵀ, on the calling thread. A is k×m, B is k×n, C is m×n; C is overwritten.
     *
     * @param a A, row-major, not modified
     * @param b B, row-major, not modified
     * @param c C, row-major, modified
     * @param m cols of A, rows of C
     * @param k rows of A and B
     * @param n cols of B and C
     */
    public static void gemmTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
        multiply(GemmKernel.TN, a, b, c, m, k, n, 1);
    }

    /**
     * C = Aᵀ·B on up to {@code threads} threads; bitwise the same result for any count.
     *
     * @param a       A, k×m, not modified
     * @param b       B, k×n, not modified
     * @param c       C, m×n, modified
     * @param m       cols of A, rows of C
     * @param k       rows of A and B
     * @param n       cols of B and C
     * @param threads the most threads to use, the calling thread included, ≥ 1
     */
    public static void gemmTransA(double[] a, double[] b, double[] c, int m, int k, int n, int threads) {
        multiply(GemmKernel.TN, a, b, c, m, k, n, threads);
    }

    /**
     * C = s·(Aᵀ·B) on up to {@code threads} threads: each element's sum, then one multiplication by s as it is
     * stored, so bitwise the same as {@link #gemmTransA(double[], double[], double[], int, int, int, int)}
     * followed by {@code c[i] *= s} over C, without that second pass over C (the gradient
     * C′(W) = (1/n)·Inputᵀ·E). Bitwise the same for any thread count.
     *
     * @param a       A, k×m, not modified
     * @param b       B, k×n, not modified
     * @param c       C, m×n, modified
     * @param m       cols of A, rows of C
     * @param k       rows of A and B
     * @param n       cols of B and C
     * @param scale   s
     * @param threads the most threads to use, the calling thread included, ≥ 1
     */
    public static void gemmTransA(double[] a, double[] b, double[] c, int m, int k, int n, double scale,
                                  int threads) {
        multiply(KernelProvider.kernel(), GemmKernel.TN, a, b, c, m, k, n, scale, threads);
    }

    /**
     * C = A·Bᵀ without forming Bᵀ, on the calling thread. A is m×k, B is n×k, C is m×n; C is overwritten.
     *
     * @param a A, row-major, not modified
     * @param b B, row-major, not modified
     * @param c C, row-major, modified
     * @param m rows of A and C
     * @param k cols of A and B
     * @param n rows of B, cols of C
     */
    public static void gemmTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        multiply(GemmKernel.NT, a, b, c, m, k, n, 1);
    }

    /**
     * C = A·Bᵀ on up to {@code threads} threads; bitwise the same result for any count.
     *
     * @param a       A, m×k, not modified
     * @param b       B, n×k, not modified
     * @param c       C, m×n, modified
     * @param m       rows of A and C
     * @param k       cols of A and B
     * @param n       rows of B, cols of C
     * @param threads the most threads to use, the calling thread included, ≥ 1
     */
    public static void gemmTransB(double[] a, double[] b, double[] c, int m, int k, int n, int threads) {
        multiply(GemmKernel.NT, a, b, c, m, k, n, threads);
    }

    /**
     * The name of the kernel in use: {@code "scalar"} or the Vector API kernel's description.
     *
     * @return the active kernel's name
     */
    public static String kernelName() {
        return KernelProvider.kernel().name();
    }

    /**
     * Whether the products run on the Vector API kernel.
     *
     * @return {@code true} if the JVM has {@code jdk.incubator.vector} and the kernel loaded
     */
    public static boolean isVectorApi() {
        return !(KernelProvider.kernel() instanceof ScalarGemm);
    }

    /**
     * The default thread count: the processors available to the JVM.
     *
     * @return {@code Runtime.getRuntime().availableProcessors()}
     */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs parts 0 … {@code count − 1} of {@code task}, each once, on up to {@code threads} threads: the calling
     * thread and the library's workers take the parts one at a time from a shared counter, so a worker the OS
     * does not schedule leaves its parts to the others. With one thread or one part, in order on the calling
     * thread. Allocates nothing once the workers exist. Because each part writes only its own elements, the
     * result is the same for every thread count.
     *
     * @param task    the work; its parts are run by several threads at once
     * @param count   the number of parts, ≥ 0
     * @param threads the most threads to use, the calling thread included, ≥ 1
     * @throws RuntimeException (or an {@link Error}) that a part threw, after every part has run or failed
     */
    public static void runParts(Parts task, int count, int threads) {
        if (threads <= 1 || count <= 1) {
            for (int part = 0; part < count; part++) {
                task.run(part);
            }
            return;
        }
        Workers.runParts(task, count, Math.min(threads, count));
    }

    static void multiply(int form, double[] a, double[] b, double[] c, int m, int k, int n, int threads) {
        multiply(KernelProvider.kernel(), form, a, b, c, m, k, n, 1.0, threads);
    }

    /** Runs one product with the given kernel, split over up to {@code threads} threads. */
    static void multiply(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n,
                         int threads) {
        multiply(kernel, form, a, b, c, m, k, n, 1.0, threads);
    }

    /** Runs one product, C = s·(the product), with the given kernel, split over up to {@code threads} threads. */
    static void multiply(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n,
                         double scale, int threads) {
        long fmas = (long) m * n * Math.max(k, 1);
        int parts = fmas < PARALLEL_MIN_FMAS ? 1 : (int) Math.min(threads, fmas / PART_MIN_FMAS);
        if (parts > 1) {
            // Rows first. A band of rows computes its rows against all of B and packs all of B; a band of
            // columns packs all of A, and packing A (four rows gathered at a time) costs more than packing
            // B. Measured on the batch-256 step's products with the vector kernel, 2 threads: the old
            // 32-column bands ran at 1.4 × one thread, 128-row bands at 1.9–2.0 ×, 512-row bands (one per
            // thread up to 1024 rows) at 1.9–2.1 ×, and 1024³ at 2.0 × against 1.9 × with 128-row bands.
            // A band that a worker has not started still goes back to the caller (see Workers).
            if (m >= parts * MIN_BAND_ROWS) {
                Workers.run(kernel, form, a, b, c, m, k, n, scale, parts, false, ROW_ALIGN, MIN_CHUNK);
                return;
            }
            if (n >= parts * MIN_BAND_COLUMNS) { // a short C (a small batch): bands of columns
                Workers.run(kernel, form, a, b, c, m, k, n, scale, parts, true, COLUMN_ALIGN, MIN_CHUNK);
                return;
            }
            parts = Math.min(parts, m / ROW_ALIGN);
            if (parts > 1) {
                Workers.run(kernel, form, a, b, c, m, k, n, scale, parts, false, ROW_ALIGN, MIN_CHUNK);
                return;
            }
        }
        kernel.multiply(form, a, b, c, m, k, n, 0, m, 0, n, scale, Scratch.get());
    }
}
