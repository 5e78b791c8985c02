package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The softmax, row by row: ŷᵢₖ = e^(zᵢₖ) / Σⱼ e^(zᵢⱼ), turning each row of scores into probabilities.
 *
 * <p>Computed with the row's maximum subtracted first (e^(z − max) / Σ e^(z − max)), which gives the same
 * value without overflow. Softmax mixes the elements of a row, so it has no element-wise derivative: it
 * may only be the output activation, paired with {@link CrossEntropy}, whose fused output error is
 * {@code Eo = ŷ − y}. Networks refuse any other use when they are built.
 */
public record Softmax() implements Activation {

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public boolean isElementwise() {
        return false;
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Activation.requireSameShape("softmax", z, a);
        double[] zs = z.backingArray();
        double[] as = a.backingArray();
        int k = z.cols();
        for (int base = 0; base < as.length; base += k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, zs[base + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(zs[base + j] - max);
                as[base + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < k; j++) {
                as[base + j] *= inv;
            }
        }
    }

    /**
     * Always throws: softmax has no element-wise derivative.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        throw unsupported();
    }

    /**
     * Always throws: softmax has no element-wise derivative.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("softmax has no element-wise derivative; use it only as the"
                + " output activation with cross-entropy, whose output error is Eo = ŷ − y");
    }

    @Override
    public String toString() {
        return "Softmax";
    }
}
