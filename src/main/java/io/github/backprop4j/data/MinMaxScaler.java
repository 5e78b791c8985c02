package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.Locale;

/**
 * Scales each feature column to [0, 1]: x′ = (x − min) / (max − min), with the column's minimum and
 * maximum fitted on the training features. A constant column (max = min) becomes all zeros on the
 * training features: it is only shifted, x′ = x − min. Other data is transformed with the same minimum and
 * maximum and may fall outside [0, 1]; it is not clipped.
 *
 * <p>Immutable; may be used from many threads.
 */
public final class MinMaxScaler implements FeatureScaler {

    private final double[] minimums;
    private final double[] maximums;
    private final ColumnAffine affine;

    private MinMaxScaler(double[] minimums, double[] maximums) {
        this.minimums = minimums;
        this.maximums = maximums;
        double[] divisors = new double[minimums.length];
        for (int c = 0; c < divisors.length; c++) {
            double range = maximums[c] - minimums[c];
            if (!Double.isFinite(range)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "MinMaxScaler: column %d's range %s − %s overflows", c, maximums[c], minimums[c]));
            }
            divisors[c] = range == 0.0 ? 1.0 : range;
        }
        this.affine = new ColumnAffine("MinMaxScaler", minimums, divisors);
    }

    /**
     * Fits the minimum and maximum of each column.
     *
     * @param features the training features, {@code n × in} with n ≥ 1; not modified
     * @return the fitted scaler for {@code in} columns
     * @throws IllegalArgumentException if there are no rows, an element is NaN or ±∞ (naming row and column),
     *                                  or a column's range max − min overflows
     */
    public static MinMaxScaler fit(Matrix features) {
        ColumnAffine.requireFittable("MinMaxScaler.fit", features);
        int cols = features.cols();
        double[] a = features.backingArray();
        double[] min = new double[cols];
        double[] max = new double[cols];
        for (int c = 0; c < cols; c++) {
            min[c] = a[c];
            max[c] = a[c];
            for (int i = c; i < a.length; i += cols) {
                min[c] = Math.min(min[c], a[i]);
                max[c] = Math.max(max[c], a[i]);
            }
        }
        return new MinMaxScaler(min, max);
    }

    /**
     * Fits on a dataset's features, without copying them.
     *
     * @param data the training data; not modified
     * @return the fitted scaler for {@code data.featureCount()} columns
     * @throws IllegalArgumentException if the dataset is empty or a column's range overflows
     */
    public static MinMaxScaler fit(Dataset data) {
        return fit(data.featuresView());
    }

    /**
     * A scaler with known values, for example ones saved with a trained model.
     *
     * @param minimums the minimum per column; copied, not modified
     * @param maximums the maximum per column, each ≥ its minimum; copied, not modified
     * @return the scaler
     * @throws IllegalArgumentException if the lengths differ, a value is not finite, a maximum is below its
     *                                  minimum, or a range overflows
     */
    public static MinMaxScaler of(double[] minimums, double[] maximums) {
        if (minimums.length != maximums.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "MinMaxScaler.of: %d minimums but %d maximums", minimums.length, maximums.length));
        }
        for (int c = 0; c < minimums.length; c++) {
            if (!Double.isFinite(minimums[c]) || !Double.isFinite(maximums[c]) || maximums[c] < minimums[c]) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "MinMaxScaler.of: column %d has minimum %s and maximum %s (need finite, min ≤ max)", c,
                        minimums[c], maximums[c]));
            }
        }
        return new MinMaxScaler(minimums.clone(), maximums.clone());
    }

    /**
     * The fitted minimum of each column.
     *
     * @return a new array of {@link #featureCount()} values
     */
    public double[] minimums() {
        return minimums.clone();
    }

    /**
     * The fitted maximum of each column.
     *
     * @return a new array of {@link #featureCount()} values
     */
    public double[] maximums() {
        return maximums.clone();
    }

    @Override
    public int featureCount() {
        return affine.columns();
    }

    /**
     * x′ = (x − min) / (max − min) per column, in a new matrix.
     *
     * @param features an {@code n × featureCount()} matrix; not modified
     * @return a new {@code n × featureCount()} matrix
     * @throws ShapeException if the column count differs from {@link #featureCount()}
     */
    @Override
    public Matrix transform(Matrix features) {
        return affine.applyInPlace(features.copy());
    }

    /**
     * x ← (x − min) / (max − min) per column. Allocates nothing.
     *
     * @param features an {@code n × featureCount()} matrix; modified
     * @return {@code features}
     * @throws ShapeException if the column count differs from {@link #featureCount()}
     */
    @Override
    public Matrix transformInPlace(Matrix features) {
        return affine.applyInPlace(features);
    }
}
