package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Arrays;

/**
 * Collects an {@link Evaluation} over the chunks of rows that {@link Network#evaluate} works through, keeping
 * only what the metrics need:
 *
 * <ul>
 *   <li>always: the sum of the chunks' costs (each times its rows), or with sample weights Σᵢ wᵢ Cᵢ (one cost
 *       per row of a chunk, allocated once);</li>
 *   <li>a {@link ClassificationLoss}: the correct and total predictions, and the confusion matrix (k × k
 *       longs);</li>
 *   <li>{@link CrossEntropy}: how many rows had their true class in each rank r = the number of classes
 *       scored above it (k longs), from which top-k accuracy follows for every k;</li>
 *   <li>{@link BinaryCrossEntropy} with one output: every row's score Zo, split by its target into positives
 *       and negatives (one double per row, 8 bytes, allocated once), for the ROC AUC, which needs the ranks of
 *       all scores;</li>
 *   <li>any other loss: per output, the count, mean and sum of squared deviations of the targets (merged
 *       chunk by chunk, Chan et al. 1979), and the sums of |ŷ − y| and (ŷ − y)² (5 doubles per output).</li>
 * </ul>
 *
 * So memory stays bounded by the number of outputs, except for the ROC AUC's one double per row. Not
 * thread-safe: one accumulator per evaluation.
 */
final class EvaluationAccumulator {

    private final Loss loss;
    private final ClassificationLoss classifier;
    private final long[][] confusion;
    private final long[] ranks;
    /** ROC AUC scores: positives from the front, negatives from the back; null if no AUC is kept. */
    private final double[] scores;
    private int positives;
    private int negatives;
    private final Regression regression;
    private double costSum;
    /** The sample weights and their sum Σw, or null; and the per-sample costs of a chunk. */
    private final double[] weights;
    private final double weightSum;
    private double[] sampleCosts = new double[0];
    private long correct;
    private long predictions;
    private int samples;

    /**
     * An empty accumulator.
     *
     * @param loss    the network's loss
     * @param outputs the network's outputs k
     * @param rows    the number of rows that will be added (the size of the ROC AUC's score array)
     * @param weights the rows' sample weights, checked, or null for the plain mean cost; not modified
     * @param weightSum Σw, if there are weights
     */
    EvaluationAccumulator(Loss loss, int outputs, int rows, double[] weights, double weightSum) {
        this.weights = weights;
        this.weightSum = weightSum;
        this.loss = loss;
        this.classifier = loss instanceof ClassificationLoss c ? c : null;
        int classes = classifier == null ? 0 : classifier.confusionClasses(outputs);
        this.confusion = new long[classes][classes];
        this.ranks = loss instanceof CrossEntropy ? new long[outputs] : new long[0];
        this.scores = loss instanceof BinaryCrossEntropy && outputs == 1 ? new double[rows] : null;
        this.regression = classifier == null ? new Regression(outputs) : null;
    }

    /**
     * Adds a chunk of rows.
     *
     * @param zo the output layer's weighted input Zo, {@code m × k}; not modified
     * @param o  ŷ = R(Zo), {@code m × k}; not modified
     * @param y  the chunk's targets, in a form the loss accepts; not modified
     * @throws io.github.backprop4j.matrix.ShapeException if {@code y} does not fit {@code o}
     * @throws IllegalArgumentException                 if the loss refuses the targets
     */
    void add(Matrix zo, Matrix o, Matrix y) {
        if (weights == null) {
            costSum += loss.cost(zo, o, y) * o.rows(); // checks the targets first
        } else {
            if (sampleCosts.length != o.rows()) {
                sampleCosts = new double[o.rows()];  // the first chunk's size, then the last's
            }
            // Σᵢ wᵢ Cᵢ, row i of this chunk being row samples + i of the whole
            costSum += SampleCosts.weightedSum(loss, zo, o, y, weights, samples, sampleCosts);
        }
        samples += o.rows();
        if (classifier != null) {
            correct += classifier.countCorrect(o, y, confusion.length > 0 ? confusion : null);
            predictions += classifier.predictionCount(o);
        }
        if (ranks.length > 0) {
            addRanks(zo, o, y);
        }
        if (scores != null) {
            addScores(zo, y);
        }
        if (regression != null && y.cols() == o.cols()) {
            regression.add(o, y);
        }
    }

    /** For each row, the number of classes whose score Zo is above the true class's (ties count for it). */
    private void addRanks(Matrix zo, Matrix o, Matrix y) {
        int k = zo.cols();
        double[] z = zo.backingArray();
        for (int i = 0; i < zo.rows(); i++) {
            double truth = z[i * k + CrossEntropy.targetClass(o, y, i)];
            int above = 0;
            for (int j = 0; j < k; j++) {
                if (z[i * k + j] > truth) {
                    above++;
                }
            }
            ranks[above]++;
        }
    }

    private void addScores(Matrix zo, Matrix y) {
        double[] z = zo.backingArray();
        double[] t = y.backingArray();
        for (int i = 0; i < z.length; i++) {
            if (BinaryCrossEntropy.decision(t[i]) == 1) {
                scores[positives++] = z[i];
            } else {
                scores[scores.length - 1 - negatives++] = z[i];
            }
        }
    }

    /**
     * The evaluation of everything added.
     *
     * @return the evaluation
     */
    Evaluation result() {
        // C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ with weights, else the mean (1/n) · Σ of the chunks' costs × rows
        double cost = weights != null ? costSum / weightSum : samples == 0 ? 0.0 : costSum / samples;
        double accuracy = predictions == 0 ? Double.NaN : (double) correct / predictions;
        double auc = scores == null ? Double.NaN : rocAuc();
        Regression r = regression == null ? new Regression(0) : regression;
        return new Evaluation(cost, accuracy, confusion, samples, ranks, auc, r.meanAbsoluteErrors(),
                r.rootMeanSquaredErrors(), r.r2());
    }

    /**
     * The area under the ROC curve, as the Mann–Whitney statistic: the fraction of (positive, negative) pairs
     * whose positive scores higher, a tie counting ½. NaN without both classes, or with a NaN score.
     */
    private double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        int n = scores.length;
        Arrays.sort(scores, 0, positives);
        Arrays.sort(scores, n - negatives, n);
        if (Double.isNaN(scores[positives - 1]) || Double.isNaN(scores[n - 1])) {
            return Double.NaN; // NaN sorts last
        }
        // 2U = Σ over positives p of (2·#{negatives < p} + #{negatives = p}), in longs: exact
        long twiceU = 0;
        int below = n - negatives; // the first negative not below p
        int notAbove = below;      // the first negative above p
        for (int i = 0; i < positives; i++) {
            double p = scores[i];
            while (below < n && scores[below] < p) {
                below++;
            }
            notAbove = Math.max(notAbove, below);
            while (notAbove < n && scores[notAbove] <= p) {
                notAbove++;
            }
            long less = below - (n - negatives);
            long equal = notAbove - below;
            twiceU += 2 * less + equal;
        }
        return twiceU / (2.0 * positives * negatives);
    }

    /** The running sums of the regression metrics, per output. */
    private static final class Regression {
        private final long[] count;
        private final double[] mean;
        private final double[] squaredDeviations;
        private final double[] absoluteErrors;
        private final double[] squaredErrors;

        Regression(int outputs) {
            count = new long[outputs];
            mean = new double[outputs];
            squaredDeviations = new double[outputs];
            absoluteErrors = new double[outputs];
            squaredErrors = new double[outputs];
        }

        void add(Matrix o, Matrix y) {
            int k = o.cols();
            int m = o.rows();
            if (m == 0) {
                return;
            }
            double[] os = o.backingArray();
            double[] ys = y.backingArray();
            for (int j = 0; j < k; j++) {
                double sum = 0.0;
                for (int i = 0; i < m; i++) {
                    sum += ys[i * k + j];
                }
                double chunkMean = sum / m;
                double deviations = 0.0;
                for (int i = 0; i < m; i++) {
                    double dy = ys[i * k + j] - chunkMean;
                    deviations += dy * dy;
                    double d = os[i * k + j] - ys[i * k + j];
                    absoluteErrors[j] += Math.abs(d);
                    squaredErrors[j] += d * d;
                }
                // merge (count, mean, Σ(y − ȳ)²) with the chunk's: Chan, Golub & LeVeque's pairwise update
                long before = count[j];
                long total = before + m;
                double delta = chunkMean - mean[j];
                mean[j] += delta * m / total;
                squaredDeviations[j] += deviations + delta * delta * ((double) before * m / total);
                count[j] = total;
            }
        }

        /** MAE = (1/n) · Σ |ŷ − y| per output. */
        double[] meanAbsoluteErrors() {
            double[] mae = new double[count.length];
            for (int j = 0; j < mae.length; j++) {
                mae[j] = absoluteErrors[j] / count[j];
            }
            return mae;
        }

        /** RMSE = √((1/n) · Σ (ŷ − y)²) per output. */
        double[] rootMeanSquaredErrors() {
            double[] rmse = new double[count.length];
            for (int j = 0; j < rmse.length; j++) {
                rmse[j] = Math.sqrt(squaredErrors[j] / count[j]);
            }
            return rmse;
        }

        /**
         * R² = 1 − Σ (y − ŷ)² / Σ (y − ȳ)² per output; for constant targets (Σ (y − ȳ)² = 0), 1 if every
         * prediction is exact, else 0, as scikit-learn's {@code r2_score} (force_finite) defines it.
         */
        double[] r2() {
            double[] r2 = new double[count.length];
            for (int j = 0; j < r2.length; j++) {
                if (count[j] == 0) {
                    r2[j] = Double.NaN;
                } else if (squaredDeviations[j] == 0.0) {
                    r2[j] = squaredErrors[j] == 0.0 ? 1.0 : 0.0;
                } else {
                    r2[j] = 1.0 - squaredErrors[j] / squaredDeviations[j];
                }
            }
            return r2;
        }
    }
}
