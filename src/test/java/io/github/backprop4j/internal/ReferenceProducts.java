package io.github.backprop4j.internal;

/**
 * The readable reference for the kernels: each element of C is one chain of fused multiply-adds over
 * ascending k, from 0, exactly as the kernels promise. The fast kernels must match it bit for bit.
 */
final class ReferenceProducts {

    private ReferenceProducts() {
    }

    /** C = op(A)·op(B) for the given form; A(i, p) and B(p, j) read through the form's layout. */
    static double[] product(int form, double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    double aip = form == GemmKernel.TN ? a[p * m + i] : a[i * k + p];
                    double bpj = form == GemmKernel.NT ? b[j * k + p] : b[p * n + j];
                    sum = Math.fma(aip, bpj, sum);
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }
}
