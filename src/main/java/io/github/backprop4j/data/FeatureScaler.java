package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;

/**
 * A per-column transformation of features, fitted once on the training features and then applied,
 * unchanged, to the training, validation and test features and to every input at inference time.
 *
 * <p>Fit on the training part only: a scaler fitted on all the data has seen the test rows, and the test
 * score then no longer measures how the model does on data it has never seen.
 *
 * <p>A fitted scaler is immutable and may be used from many threads.
 */
public interface FeatureScaler {

    /**
     * The number of feature columns the scaler was fitted on.
     *
     * @return the column count every input must have
     */
    int featureCount();

    /**
     * The transformed features, in a new matrix.
     *
     * @param features an {@code n × featureCount()} matrix; not modified
     * @return a new {@code n × featureCount()} matrix
     * @throws ShapeException if the column count differs from {@link #featureCount()}
     */
    Matrix transform(Matrix features);

    /**
     * Transforms the features in place. Allocates nothing.
     *
     * @param features an {@code n × featureCount()} matrix; modified
     * @return {@code features}
     * @throws ShapeException if the column count differs from {@link #featureCount()}
     */
    Matrix transformInPlace(Matrix features);

    /**
     * A dataset with the features transformed and the same targets and sample weights.
     *
     * @param data a dataset with {@link #featureCount()} features; not modified
     * @return a new dataset
     * @throws ShapeException           if the feature count differs from {@link #featureCount()}
     * @throws IllegalArgumentException if a transformed feature overflows to ±∞
     */
    default Dataset transform(Dataset data) {
        return data.withFeatures(transformInPlace(data.features()));
    }
}
