package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Arrays;
import java.util.Locale;

/**
 * How well a network does on a set of samples: its cost, and for classifiers the accuracy and the
 * confusion matrix.
 *
 * <p>What counts as correct depends on the loss: with {@link CrossEntropy} a row is correct when the
 * arg-max of ŷ is the target class; with {@link BinaryCrossEntropy} each output is a yes/no decision at
 * 0.5 and accuracy counts outputs; with a regression loss such as {@link MeanSquaredError} there is no
 * accuracy (NaN) and no confusion matrix.
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
     * Whether the loss is a classifier's, for which accuracy and confusion are defined.
     *
     * @param loss the loss
     * @return {@code true} for cross-entropy and binary cross-entropy
     */
    public static boolean isClassification(Loss loss) {
        return loss instanceof CrossEntropy || loss instanceof BinaryCrossEntropy;
    }

    /**
     * Counts correct predictions in a batch, as described in the class documentation, and adds each
     * prediction to {@code confusion} if it is not {@code null}. Allocates nothing.
     *
     * @param loss      the network's loss, which decides what "correct" means
     * @param o         ŷ, {@code n × k}; not modified
     * @param y         the targets in a form the loss accepts; not modified
     * @param confusion counts to add to, {@code [actual][predicted]}, or {@code null}; modified
     * @return the number of correct predictions (rows for cross-entropy, outputs for binary cross-entropy),
     *         or 0 for a regression loss
     */
    public static int countCorrect(Loss loss, Matrix o, Matrix y, long[][] confusion) {
        double[] out = o.backingArray();
        double[] t = y.backingArray();
        int k = o.cols();
        int correct = 0;
        if (loss instanceof CrossEntropy) {
            boolean indices = y.cols() == 1 && k > 1;
            for (int i = 0; i < o.rows(); i++) {
                int predicted = argMax(out, i * k, k);
                int actual = indices ? (int) t[i] : argMax(t, i * k, k);
                if (predicted == actual) {
                    correct++;
                }
                if (confusion != null) {
                    confusion[actual][predicted]++;
                }
            }
        } else if (loss instanceof BinaryCrossEntropy) {
            for (int i = 0; i < out.length; i++) {
                int predicted = out[i] >= 0.5 ? 1 : 0;
                int actual = t[i] >= 0.5 ? 1 : 0;
                if (predicted == actual) {
                    correct++;
                }
                if (confusion != null && k == 1) {
                    confusion[actual][predicted]++;
                }
            }
        }
        return correct;
    }

    /**
     * How many predictions a batch holds for accuracy: rows for cross-entropy, outputs for binary
     * cross-entropy, 0 for regression.
     *
     * @param loss the loss
     * @param o    ŷ, {@code n × k}
     * @return the count
     */
    public static int predictionCount(Loss loss, Matrix o) {
        if (loss instanceof CrossEntropy) {
            return o.rows();
        }
        return loss instanceof BinaryCrossEntropy ? o.size() : 0;
    }

    /**
     * An empty confusion matrix of the right size for this network's loss and outputs.
     *
     * @param loss    the loss
     * @param outputs the number of outputs k
     * @return k × k for cross-entropy, 2 × 2 for binary cross-entropy with one output, else 0 × 0
     */
    static long[][] emptyConfusion(Loss loss, int outputs) {
        if (loss instanceof CrossEntropy) {
            return new long[outputs][outputs];
        }
        return loss instanceof BinaryCrossEntropy && outputs == 1 ? new long[2][2] : new long[0][0];
    }

    private static int argMax(double[] v, int base, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[base + j] > v[base + best]) {
                best = j;
            }
        }
        return best;
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
