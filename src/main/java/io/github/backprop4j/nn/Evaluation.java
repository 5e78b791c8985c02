package io.github.backprop4j.nn;

import io.github.backprop4j.internal.Decimals;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How well a network does on a set of samples ({@link Network#evaluate}): its cost, and the metrics of its
 * task.
 *
 * <p><b>Classifiers.</b> What counts as correct is the loss's to say ({@link ClassificationLoss}): with
 * {@link CrossEntropy} a row is correct when the arg-max of ŷ is the target class; with
 * {@link BinaryCrossEntropy} each output is a yes/no decision at 0.5 and accuracy counts outputs. From the
 * confusion matrix (k × k for cross-entropy, 2 × 2 for a single binary output) come each class's precision,
 * recall, F1 and support ({@link #classScores}), their macro and weighted averages, and
 * {@link #report} in the layout of scikit-learn's {@code classification_report}. Cross-entropy also gives
 * {@link #topKAccuracy}, a single binary output {@link #rocAuc}.
 *
 * <p><b>Regression</b> (any loss that is not a {@link ClassificationLoss}, such as {@link MeanSquaredError},
 * {@link Huber} or {@link MeanAbsoluteError}): no accuracy (NaN) and no confusion matrix, but per output and
 * averaged over the outputs the mean absolute error, the root mean squared error and R², as scikit-learn's
 * {@code mean_absolute_error}, {@code mean_squared_error(squared=False)} and {@code r2_score} define them
 * ({@code multioutput="uniform_average"} for the averages).
 *
 * <p>An evaluation holds only these results: the confusion matrix, one count per class for top-k accuracy,
 * and k numbers per metric of a regression. (While {@code evaluate} runs, the ROC AUC needs one double per
 * sample; see {@link Network#evaluate}.) Metrics whose denominator is 0 follow scikit-learn's
 * {@code zero_division=0}: precision is 0 for a class never predicted, recall 0 for a class without samples.
 * Instances are immutable.
 */
public final class Evaluation {

    /**
     * Precision, recall, F1 and support of one class, or an average of them over the classes.
     *
     * @param precision the fraction of the predictions of the class that are right (0 if it is never
     *                  predicted)
     * @param recall    the fraction of the samples of the class that are predicted as it (0 if it has none)
     * @param f1        their harmonic mean 2·P·R / (P + R) (0 if both are 0)
     * @param support   the samples of the class (for an average: of all classes)
     */
    public record Scores(double precision, double recall, double f1, long support) {
    }

    private final double cost;
    private final double accuracy;
    private final long[][] confusion;
    private final int samples;
    private final long[] ranks;
    private final double rocAuc;
    private final double[] meanAbsoluteErrors;
    private final double[] rootMeanSquaredErrors;
    private final double[] r2;

    /** The results of {@link EvaluationAccumulator}, which built the arrays for this evaluation alone. */
    Evaluation(double cost, double accuracy, long[][] confusion, int samples, long[] ranks, double rocAuc,
               double[] meanAbsoluteErrors, double[] rootMeanSquaredErrors, double[] r2) {
        this.cost = cost;
        this.accuracy = accuracy;
        this.confusion = deepCopy(confusion);
        this.samples = samples;
        this.ranks = ranks.clone();
        this.rocAuc = rocAuc;
        this.meanAbsoluteErrors = meanAbsoluteErrors.clone();
        this.rootMeanSquaredErrors = rootMeanSquaredErrors.clone();
        this.r2 = r2.clone();
    }

    /**
     * The cost C, averaged over the samples as the loss defines it; for an evaluation with sample weights
     * ({@link Network#evaluate(Matrix, Matrix, double[])}), the weighted mean {@code Σᵢ wᵢ Cᵢ / Σᵢ wᵢ}.
     *
     * @return C (0 for no samples)
     */
    public double cost() {
        return cost;
    }

    /**
     * The fraction of correct predictions.
     *
     * @return a value in [0, 1], or NaN for a regression loss or no samples
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The number of samples evaluated.
     *
     * @return n
     */
    public int samples() {
        return samples;
    }

    /**
     * The confusion matrix, {@code confusion[actual][predicted]}.
     *
     * @return a copy of the counts: k × k for cross-entropy, 2 × 2 (no, yes) for a single binary output,
     *         empty otherwise
     */
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

    // ---------------------------------------------------------------- classification

    /**
     * The number of classes of the confusion matrix.
     *
     * @return k for cross-entropy, 2 for a single binary output, 0 otherwise
     */
    public int classes() {
        return confusion.length;
    }

    /**
     * Precision, recall, F1 and support of one class, from the confusion matrix: with tp its diagonal count,
     * precision = tp / (column sum), recall = tp / (row sum), F1 = 2·P·R / (P + R), support = row sum.
     *
     * @param c the class, in [0, {@link #classes()})
     * @return its scores
     * @throws IllegalArgumentException if {@code c} is not a class (or this evaluation has none)
     */
    public Scores classScores(int c) {
        if (c < 0 || c >= confusion.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "classScores: class %d is not in [0, %d)%s",
                    c, confusion.length, confusion.length == 0 ? ": this evaluation has no confusion matrix (a"
                            + " regression loss, or several binary outputs)" : ""));
        }
        long tp = confusion[c][c];
        long support = 0;
        long predicted = 0;
        for (int i = 0; i < confusion.length; i++) {
            support += confusion[c][i];
            predicted += confusion[i][c];
        }
        double precision = predicted == 0 ? 0.0 : (double) tp / predicted;
        double recall = support == 0 ? 0.0 : (double) tp / support;
        double f1 = precision + recall == 0.0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new Scores(precision, recall, f1, support);
    }

    /**
     * The unweighted mean of each class's precision, recall and F1 (scikit-learn's {@code average="macro"}):
     * every class counts the same, however rare.
     *
     * @return the averages, with the total support; all NaN for an evaluation without classes
     */
    public Scores macroAverage() {
        return average(false);
    }

    /**
     * The mean of each class's precision, recall and F1 weighted by its support (scikit-learn's
     * {@code average="weighted"}).
     *
     * @return the averages, with the total support; NaN without classes or samples
     */
    public Scores weightedAverage() {
        return average(true);
    }

    private Scores average(boolean weighted) {
        double p = 0.0;
        double r = 0.0;
        double f = 0.0;
        double weights = 0.0;
        long support = 0;
        for (int c = 0; c < confusion.length; c++) {
            Scores s = classScores(c);
            double w = weighted ? s.support() : 1.0;
            p += w * s.precision();
            r += w * s.recall();
            f += w * s.f1();
            weights += w;
            support += s.support();
        }
        return new Scores(p / weights, r / weights, f / weights, support);
    }

    /**
     * The fraction of rows whose true class is among the k classes the network scores highest (ranked by the
     * output layer's weighted input Zo, which orders as ŷ does without the ties of ŷ's rounding); a class
     * tied with the k-th counts as among them. Top-1 is the accuracy, except where scores tie.
     *
     * @param k how many of the highest-scored classes count, ≥ 1 (k ≥ the number of classes gives 1)
     * @return the fraction in [0, 1]; NaN unless the loss is {@link CrossEntropy}, or without samples
     * @throws IllegalArgumentException if {@code k} &lt; 1
     */
    public double topKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("topKAccuracy: k must be at least 1, got " + k);
        }
        if (ranks.length == 0 || samples == 0) {
            return Double.NaN;
        }
        long hits = 0;
        for (int r = 0; r < Math.min(k, ranks.length); r++) {
            hits += ranks[r];
        }
        return (double) hits / samples;
    }

    /**
     * The area under the ROC curve of a single binary output (sigmoid with binary cross-entropy): the
     * probability that a random positive sample (target ≥ 0.5) scores higher than a random negative one, ties
     * counting ½ — scikit-learn's {@code roc_auc_score}. It uses every sample's score, not only the decision at
     * 0.5.
     *
     * @return the AUC in [0, 1]; NaN for any other loss or width, when the samples hold only one of the two
     *         classes, or when a score is NaN
     */
    public double rocAuc() {
        return rocAuc;
    }

    /**
     * The classification report, in the layout of scikit-learn's {@code classification_report(y_true, y_pred,
     * labels=range(k), target_names=classNames)} with two decimals: for each class its precision, recall, F1
     * and support, then the accuracy and the macro and weighted averages. Numbers are rounded half to even
     * from their exact values, as Python prints them. For targets 0, 1, 2, 2, 2 predicted as 0, 0, 2, 2, 1:
     *
     * <pre>
     *               precision    recall  f1-score   support
     *
     *            0       0.50      1.00      0.67         1
     *            1       0.00      0.00      0.00         1
     *            2       1.00      0.67      0.80         3
     *
     *     accuracy                           0.60         5
     *    macro avg       0.50      0.56      0.49         5
     * weighted avg       0.70      0.60      0.61         5
     * </pre>
     *
     * @param classNames one name per class in class order, or none for the class numbers 0, 1, …
     * @return the report, lines ending in {@code \n}
     * @throws IllegalStateException    if this evaluation has no confusion matrix (a regression loss, or
     *                                  several binary outputs)
     * @throws IllegalArgumentException if names are given and their number is not the number of classes
     */
    public String report(String... classNames) {
        if (confusion.length == 0) {
            throw new IllegalStateException("report: this evaluation has no confusion matrix (a regression loss,"
                    + " or several binary outputs); see meanAbsoluteError, rootMeanSquaredError and r2 for"
                    + " regression");
        }
        String[] names = classNames.length == 0 ? classNumbers() : classNames;
        requireNames("report", names);
        int width = "weighted avg".length();
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", width)).append(' ');
        for (String header : new String[] {"precision", "recall", "f1-score", "support"}) {
            sb.append(' ').append(pad(header, 9));
        }
        sb.append("\n\n");
        long diagonal = 0;
        for (int c = 0; c < names.length; c++) {
            reportLine(sb, names[c], classScores(c), width);
            diagonal += confusion[c][c];
        }
        Scores macro = macroAverage();
        double accuracyOfTable = macro.support() == 0 ? 0.0 : (double) diagonal / macro.support();
        sb.append('\n').append(pad("accuracy", width)).append(' ').append(' ').append(pad("", 9)).append(' ')
                .append(pad("", 9)).append(' ').append(pad(Decimals.fixed(accuracyOfTable, 2), 9)).append(' ')
                .append(pad(Long.toString(macro.support()), 9)).append('\n');
        reportLine(sb, "macro avg", macro, width);
        reportLine(sb, "weighted avg", weightedAverage(), width);
        return sb.toString();
    }

    private static void reportLine(StringBuilder sb, String name, Scores s, int width) {
        sb.append(pad(name, width)).append(' ');
        for (double v : new double[] {s.precision(), s.recall(), s.f1()}) {
            sb.append(' ').append(pad(Decimals.fixed(Double.isNaN(v) ? 0.0 : v, 2), 9));
        }
        sb.append(' ').append(pad(Long.toString(s.support()), 9)).append('\n');
    }

    /** Right-aligned in {@code width} characters, as Python's {@code {:>width}}. */
    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private String[] classNumbers() {
        String[] names = new String[confusion.length];
        for (int c = 0; c < names.length; c++) {
            names[c] = Integer.toString(c);
        }
        return names;
    }

    private void requireNames(String op, String[] names) {
        if (names.length != confusion.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %d class names for a %d-class"
                    + " confusion matrix", op, names.length, confusion.length));
        }
        for (String name : names) {
            Objects.requireNonNull(name, op + ": a class name is null");
        }
    }

    /**
     * The confusion matrix as a text table with the given class names (rows: actual, columns: predicted).
     *
     * @param classNames one name per class, in class order
     * @return the table, lines separated by {@code \n}
     * @throws IllegalArgumentException if the number of names is not the number of classes
     */
    public String confusionTable(String... classNames) {
        requireNames("confusionTable", classNames);
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

    // ---------------------------------------------------------------- regression

    /**
     * The number of outputs with regression metrics.
     *
     * @return the network's outputs k for a regression loss, 0 for a classification loss
     */
    public int regressionOutputs() {
        return r2.length;
    }

    /**
     * The mean absolute error, (1/n) · Σᵢ |ŷᵢⱼ − yᵢⱼ|, averaged over the outputs j.
     *
     * @return the MAE; NaN for a classification loss or no samples
     */
    public double meanAbsoluteError() {
        return mean(meanAbsoluteErrors);
    }

    /**
     * The mean absolute error of one output, (1/n) · Σᵢ |ŷᵢⱼ − yᵢⱼ|.
     *
     * @param output the output j, in [0, {@link #regressionOutputs()})
     * @return its MAE (NaN without samples)
     * @throws IllegalArgumentException if {@code output} is out of range
     */
    public double meanAbsoluteError(int output) {
        return meanAbsoluteErrors[requireOutput("meanAbsoluteError", output)];
    }

    /**
     * The root mean squared error √((1/n) · Σᵢ (ŷᵢⱼ − yᵢⱼ)²) of each output, averaged over the outputs (the
     * mean of the per-output RMSEs, as scikit-learn averages them).
     *
     * @return the RMSE; NaN for a classification loss or no samples
     */
    public double rootMeanSquaredError() {
        return mean(rootMeanSquaredErrors);
    }

    /**
     * The root mean squared error of one output, √((1/n) · Σᵢ (ŷᵢⱼ − yᵢⱼ)²).
     *
     * @param output the output j, in [0, {@link #regressionOutputs()})
     * @return its RMSE (NaN without samples)
     * @throws IllegalArgumentException if {@code output} is out of range
     */
    public double rootMeanSquaredError(int output) {
        return rootMeanSquaredErrors[requireOutput("rootMeanSquaredError", output)];
    }

    /**
     * The coefficient of determination R² of each output, averaged over the outputs.
     *
     * @return R²; NaN for a classification loss or no samples
     */
    public double r2() {
        return mean(r2);
    }

    /**
     * The coefficient of determination of one output, R² = 1 − Σᵢ (yᵢⱼ − ŷᵢⱼ)² / Σᵢ (yᵢⱼ − ȳⱼ)²: 1 for perfect
     * predictions, 0 for predicting the mean, negative for worse. For constant targets (a denominator of 0) it
     * is 1 if every prediction is exact, else 0, as scikit-learn's {@code r2_score} has it.
     *
     * @param output the output j, in [0, {@link #regressionOutputs()})
     * @return its R² (NaN without samples)
     * @throws IllegalArgumentException if {@code output} is out of range
     */
    public double r2(int output) {
        return r2[requireOutput("r2", output)];
    }

    private static double mean(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private int requireOutput(String op, int output) {
        if (output < 0 || output >= r2.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: output %d is not in [0, %d)%s", op,
                    output, r2.length, r2.length == 0 ? ": regression metrics are kept for regression losses only"
                            : ""));
        }
        return output;
    }

    // ---------------------------------------------------------------- value semantics

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && Double.compare(cost, e.cost) == 0
                && Double.compare(accuracy, e.accuracy) == 0 && samples == e.samples
                && Arrays.deepEquals(confusion, e.confusion) && Arrays.equals(ranks, e.ranks)
                && Double.compare(rocAuc, e.rocAuc) == 0 && Arrays.equals(meanAbsoluteErrors, e.meanAbsoluteErrors)
                && Arrays.equals(rootMeanSquaredErrors, e.rootMeanSquaredErrors) && Arrays.equals(r2, e.r2);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cost, accuracy, samples, Arrays.deepHashCode(confusion), Arrays.hashCode(ranks), rocAuc,
                Arrays.hashCode(meanAbsoluteErrors), Arrays.hashCode(rootMeanSquaredErrors), Arrays.hashCode(r2));
    }

    /**
     * The cost, the accuracy, the number of samples, and the task's headline metrics.
     *
     * @return e.g. {@code Evaluation[cost=0.312000, accuracy=0.8890, samples=10000]} or
     *         {@code Evaluation[cost=0.0412, samples=500, mae=0.161, rmse=0.203, r2=0.912]}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Evaluation[cost=%.6g", cost));
        if (r2.length == 0) {
            sb.append(String.format(Locale.ROOT, ", accuracy=%.4f", accuracy));
        }
        sb.append(", samples=").append(samples);
        if (!Double.isNaN(rocAuc)) {
            sb.append(String.format(Locale.ROOT, ", rocAuc=%.4f", rocAuc));
        }
        if (r2.length > 0) {
            sb.append(String.format(Locale.ROOT, ", mae=%.4g, rmse=%.4g, r2=%.4f", meanAbsoluteError(),
                    rootMeanSquaredError(), r2()));
        }
        return sb.append(']').toString();
    }
}
