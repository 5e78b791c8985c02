package io.github.backprop4j.internal;

/**
 * The matrix products behind every {@code Matrix} product, on row-major {@code double[]} storage.
 *
 * <p>Every element of a product is the same chain of fused multiply-adds in ascending {@code k}:
 * {@code c = fma(a[i][k], b[k][j], c)} from {@code c = 0}. Any blocking, tiling or splitting of the
 * work that keeps that chain per element gives bitwise identical results, which is what lets the
 * fast kernels be tested bit for bit against this order and lets threads split the output freely.
 */
public final class Kernels {

    private Kernels() {
    }

    /**
     * C = A·B. A is m×k, B is k×n, C is m×n; C is overwritten.
     *
     * @param a A, row-major, not modified
     * @param b B, row-major, not modified
     * @param c C, row-major, modified
     * @param m rows of A and C
     * @param k cols of A, rows of B
     * @param n cols of B and C
     */
    public static void gemm(double[] a, double[] b, double[] c, int m, int k, int n) {
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        // i-k-j order: the inner loop walks a row of B and a row of C with stride 1.
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    /**
     * C = Aᵀ·B without forming Aᵀ. A is k×m, B is k×n, C is m×n; C is overwritten.
     *
     * @param a A, row-major, not modified
     * @param b B, row-major, not modified
     * @param c C, row-major, modified
     * @param m cols of A, rows of C
     * @param k rows of A and B
     * @param n cols of B and C
     */
    public static void gemmTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        for (int p = 0; p < k; p++) {
            int ap = p * m;
            int bp = p * n;
            for (int i = 0; i < m; i++) {
                double api = a[ap + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(api, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    /**
     * C = A·Bᵀ without forming Bᵀ. A is m×k, B is n×k, C is m×n; C is overwritten.
     *
     * @param a A, row-major, not modified
     * @param b B, row-major, not modified
     * @param c C, row-major, modified
     * @param m rows of A and C
     * @param k cols of A and B
     * @param n rows of B, cols of C
     */
    public static void gemmTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ai + p], b[bj + p], sum);
                }
                c[i * n + j] = sum;
            }
        }
    }
}
