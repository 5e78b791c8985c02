package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Arrays;
import java.util.Locale;

/**
 * How well a network does on a set of samples: its cost, and for classifiers the accuracy and the
 * confusion matrix.
 *
 * <p>What counts as correct is the loss's to say ({@link ClassificationLoss}): with {@link CrossEntropy} a
 * row is correct when the arg-max of ŷ is the target class; with {@link BinaryCrossEntropy} each output
 * is a yes/no decision at 0.5 and accuracy counts outputs; with a regression loss such as
 * {@link MeanSquaredError} there is no accuracy (NaN) and no confusion matrix.
 *
 * @param cost       the cost C, averaged over the samples as the loss defines it
 * @param accuracy   the fraction of correct predictions in [0, 1], or NaN for a regression loss
 * @param confusion  {@code confusion[actual][predicted]} counts for classifiers (k × k for cross-entropy,
 *                   2 × 2 for a single binary output), or an empty array otherwise
 * @param samples    the number of samples evaluated
 */
public record Evaluation(double cost, double accuracy, long[][] confusion, int samples) {

    /**
     * Copies the confusion matrix, so the record stays immutable.
     *
     * @param cost      the cost
     * @param accuracy  the accuracy or NaN
     * @param confusion the counts; copied
     * @param samples   the number of samples
     */
    public Evaluation {
        confusion = deepCopy(confusion);
    }

    /**
     * The confusion matrix, {@code confusion[actual][predicted]}.
     *
     * @return a copy of the counts
     */
    @Override
    public long[][] confusion() {
        return deepCopy(confusion);
    }

    private static long[][] deepCopy(long[][] m) {
        long[][] copy = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = m[i].clone();
        }
        return copy;
    }

    /**
     * The confusion matrix as a text table with the given class names (rows: actual, columns: predicted).
     *
     * @param classNames one name per class, in class order
     * @return the table, lines separated by {@code \n}
     * @throws IllegalArgumentException if the number of names is not the number of classes
     */
    public String confusionTable(String... classNames) {
        if (classNames.length != confusion.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "confusionTable: %d class names for a %d-class confusion matrix", classNames.length,
                    confusion.length));
        }
        int width = 6;
        for (String name : classNames) {
            width = Math.max(width, name.length() + 1);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "actual\\pred"));
        for (String name : classNames) {
            sb.append(String.format(Locale.ROOT, " %" + Math.max(6, Math.min(width, 12)) + "s", abbreviate(name)));
        }
        for (int i = 0; i < confusion.length; i++) {
            sb.append('\n').append(String.format(Locale.ROOT, "%-" + width + "s", classNames[i]));
            for (long count : confusion[i]) {
                sb.append(String.format(Locale.ROOT, " %" + Math.max(6, Math.min(width, 12)) + "d", count));
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String name) {
        return name.length() <= 12 ? name : name.substring(0, 11) + "…";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && Double.compare(cost, e.cost) == 0
                && Double.compare(accuracy, e.accuracy) == 0 && samples == e.samples
                && Arrays.deepEquals(confusion, e.confusion);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(cost) + Double.hashCode(accuracy)) + Arrays.deepHashCode(confusion);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Evaluation[cost=%.6g, accuracy=%.4f, samples=%d]", cost, accuracy, samples);
    }
}
