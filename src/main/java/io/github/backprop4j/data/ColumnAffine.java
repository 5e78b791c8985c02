package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;

/**
 * The arithmetic both scalers share: x′ = (x − offset[c]) / divisor[c] for each column c. Division rather
 * than multiplication by the reciprocal, so the results match numpy's {@code (x - mean) / std} exactly.
 */
final class ColumnAffine {

    private final String owner;
    private final double[] offsets;
    private final double[] divisors;

    /**
     * @param owner    the scaler's name, for messages
     * @param offsets  subtracted from each column; kept, not copied
     * @param divisors each column is then divided by these; kept, not copied; none 0
     */
    ColumnAffine(String owner, double[] offsets, double[] divisors) {
        this.owner = owner;
        this.offsets = offsets;
        this.divisors = divisors;
    }

    int columns() {
        return offsets.length;
    }

    Matrix applyInPlace(Matrix m) {
        int cols = offsets.length;
        if (m.cols() != cols) {
            throw ShapeException.of("%s.transform: a %s matrix has %d columns, the scaler was fitted on %d",
                    owner, m.shape(), m.cols(), cols);
        }
        double[] a = m.backingArray();
        for (int i = 0; i < a.length; i += cols) {
            for (int c = 0; c < cols; c++) {
                a[i + c] = (a[i + c] - offsets[c]) / divisors[c];
            }
        }
        return m;
    }

    /** Refuses a matrix with no rows or a non-finite element, before fitting. */
    static void requireFittable(String op, Matrix m) {
        if (m.rows() == 0) {
            throw new IllegalArgumentException(op + ": cannot fit on a " + m.shape() + " matrix (no rows)");
        }
        Checks.requireFinite(op + ": features", m);
    }
}
