package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.Locale;

/**
 * Standardizes each feature column: x′ = (x − μ) / σ, with μ the column's mean and σ its population
 * standard deviation, σ = √(Σ (x − μ)² / n), both fitted on the training features. On those, every column
 * then has mean 0 and standard deviation 1. A constant column (σ = 0) is only centred: it is divided by 1,
 * so it becomes all zeros on the training features.
 *
 * <pre>{@code Standardizer s = Standardizer.fit(split.train());   // fitted on the train part only
 * Dataset train = s.transform(split.train());
 * Dataset test = s.transform(split.test());                      // the same μ and σ}</pre>
 *
 * <p>Immutable; may be used from many threads.
 */
public final class Standardizer implements FeatureScaler {

    private final double[] means;
    private final double[] standardDeviations;
    private final ColumnAffine affine;

    private Standardizer(double[] means, double[] standardDeviations) {
        this.means = means;
        this.standardDeviations = standardDeviations;
        double[] divisors = new double[means.length];
        for (int c = 0; c < divisors.length; c++) {
            divisors[c] = standardDeviations[c] == 0.0 ? 1.0 : standardDeviations[c];
        }
        this.affine = new ColumnAffine("Standardizer", means, divisors);
    }

    /**
     * Fits the column means and population standard deviations. A column whose values are all equal gets
     * exactly that value as its mean and σ = 0.
     *
     * @param features the training features, {@code n × in} with n ≥ 1; not modified
     * @return the fitted standardizer for {@code in} columns
     * @throws IllegalArgumentException if there are no rows, an element is NaN or ±∞ (naming row and column),
     *                                  or a column's statistics overflow
     */
    public static Standardizer fit(Matrix features) {
        ColumnAffine.requireFittable("Standardizer.fit", features);
        int n = features.rows();
        int cols = features.cols();
        double[] a = features.backingArray();
        double[] means = new double[cols];
        double[] stds = new double[cols];
        for (int c = 0; c < cols; c++) {
            double sum = 0.0;
            double min = a[c];
            double max = a[c];
            for (int i = c; i < a.length; i += cols) {
                sum += a[i];
                min = Math.min(min, a[i]);
                max = Math.max(max, a[i]);
            }
            if (min == max) {
                means[c] = min; // exact, where sum / n may be off by an ulp
                continue;
            }
            double mean = sum / n; // μ = Σ x / n
            double squares = 0.0;
            for (int i = c; i < a.length; i += cols) {
                double d = a[i] - mean;
                squares += d * d;
            }
            double std = Math.sqrt(squares / n); // σ = √(Σ (x − μ)² / n)
            if (!Double.isFinite(mean) || !Double.isFinite(std)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "Standardizer.fit: column %d overflows (mean %s, standard deviation %s)", c, mean, std));
            }
            means[c] = mean;
            stds[c] = std;
        }
        return new Standardizer(means, stds);
    }

    /**
     * Fits on a dataset's features, without copying them.
     *
     * @param data the training data; not modified
     * @return the fitted standardizer for {@code data.featureCount()} columns
     * @throws IllegalArgumentException if the dataset is empty or a column's statistics overflow
     */
    public static Standardizer fit(Dataset data) {
        return fit(data.featuresView());
    }

    /**
     * A standardizer with known values, for example ones saved with a trained model.
     *
     * @param means              μ per column; copied, not modified
     * @param standardDeviations σ per column, each ≥ 0 (0 means: only centre); copied, not modified
     * @return the standardizer
     * @throws IllegalArgumentException if the lengths differ, or a value is not finite or σ is negative
     */
    public static Standardizer of(double[] means, double[] standardDeviations) {
        if (means.length != standardDeviations.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Standardizer.of: %d means but %d standard deviations", means.length, standardDeviations.length));
        }
        for (int c = 0; c < means.length; c++) {
            if (!Double.isFinite(means[c]) || !Double.isFinite(standardDeviations[c]) || standardDeviations[c] < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "Standardizer.of: column %d has mean %s and standard deviation %s (need finite, σ ≥ 0)", c,
                        means[c], standardDeviations[c]));
            }
        }
        return new Standardizer(means.clone(), standardDeviations.clone());
    }

    /**
     * The fitted column means μ.
     *
     * @return a new array of {@link #featureCount()} values
     */
    public double[] means() {
        return means.clone();
    }

    /**
     * The fitted population standard deviations σ; 0 for a constant column, which is divided by 1 instead.
     *
     * @return a new array of {@link #featureCount()} values
     */
    public double[] standardDeviations() {
        return standardDeviations.clone();
    }

    @Override
    public int featureCount() {
        return affine.columns();
    }

    /**
     * x′ = (x − μ) / σ per column, in a new matrix.
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
     * x ← (x − μ) / σ per column. Allocates nothing.
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
