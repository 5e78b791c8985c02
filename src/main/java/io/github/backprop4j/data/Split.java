package io.github.backprop4j.data;

import java.util.Objects;

/**
 * A dataset cut in two disjoint parts, as made by {@link Dataset#split} and
 * {@link Dataset#splitStratified}: every row of the original is in exactly one of them.
 *
 * @param train the rows to train on (and to fit scalers on)
 * @param test  the rows held out for evaluation
 */
public record Split(Dataset train, Dataset test) {

    /**
     * Creates a split.
     *
     * @param train the rows to train on
     * @param test  the rows held out for evaluation
     * @throws NullPointerException if either part is null
     */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }
}
