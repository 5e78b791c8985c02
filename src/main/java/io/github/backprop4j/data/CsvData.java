package io.github.backprop4j.data;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CsvReader} read: the dataset and the names that go with its columns.
 *
 * @param dataset      the samples: one feature column per non-label CSV column, in file order; targets
 *                     one-hot ({@code n × classNames.size()}) for class labels, {@code n × 1} for a numeric
 *                     label, or {@code n × k} for k label columns, in the order they were chosen
 * @param featureNames the header names of the feature columns, in order; empty if the file has no header
 * @param labelNames   the header names of the label columns, in target order (one for a single label);
 *                     empty if the file has no header
 * @param classNames   for class labels, the name of each class, class i at index i; empty for numeric labels
 */
public record CsvData(Dataset dataset, List<String> featureNames, List<String> labelNames, List<String> classNames) {

    /**
     * Creates the result, copying the lists.
     *
     * @param dataset      the samples
     * @param featureNames the feature columns' names, or an empty list; copied
     * @param labelNames   the label columns' names, or an empty list; copied
     * @param classNames   the class names, or an empty list; copied
     * @throws NullPointerException if an argument or a name is null
     */
    public CsvData {
        Objects.requireNonNull(dataset, "dataset");
        featureNames = List.copyOf(featureNames);
        labelNames = List.copyOf(labelNames);
        classNames = List.copyOf(classNames);
    }
}
