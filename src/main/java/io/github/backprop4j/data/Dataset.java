package io.github.backprop4j.data;

import io.github.backprop4j.internal.SampleWeights;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Samples to learn from: a features matrix X ({@code n × in}) and a targets matrix y ({@code n × k}), row
 * i of each belonging to sample i. Targets are one-hot rows for classification (see
 * {@link #classification}) or real values for regression.
 *
 * <p>A dataset is immutable: the constructor copies its matrices, and {@link #features()} and
 * {@link #targets()} return copies. It can therefore be shared between threads. {@link #wrap} builds one over
 * matrices you already hold, without copying them, on your promise not to change them. Every value is finite;
 * NaN and ±∞ are refused on construction.
 *
 * <h2>Sample weights</h2>
 * A dataset may carry one weight wᵢ per sample ({@link #Dataset(Matrix, Matrix, double[])},
 * {@link #withWeights}, or a CSV file's weight column): how much sample i counts in the cost, which the
 * trainer then takes as {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ} instead of the plain mean (see docs/math.md, "Sample
 * weights"). Given weights must be n finite values ≥ 0 with a positive sum; only their ratios matter. They
 * go wherever the rows go: {@link #rows}, {@link #subset}, {@link #batches(int)}, the splits and a scaler's
 * {@link FeatureScaler#transform(Dataset) transform} keep each row's weight, so a part may hold only weights
 * of 0 (the trainer skips such a batch, and refuses such a training or validation set). A dataset without
 * weights is unweighted, every sample counting once: {@link #weights()} then reads as all 1, and training on
 * it is bit for bit what it was before weights existed.
 *
 * <pre>{@code Dataset data = new Dataset(x, y, new double[] {1, 1, 5, 1});   // the third sample counts 5 times
 * Dataset same = new Dataset(x, y).withWeights(new double[] {1, 1, 5, 1});}</pre>
 *
 * <p>Mini-batches come two ways: {@link #batches(int, RandomGenerator)} allocates a list of small
 * datasets, which is convenient; {@link #gatherInto} copies the rows of one batch into matrices the
 * caller allocated once, which is what a trainer's inner loop uses:
 *
 * <pre>{@code int[] order = Shuffle.identity(data.size());
 * Matrix x = Matrix.zeros(batch, data.featureCount());
 * Matrix y = Matrix.zeros(batch, data.targetCount());
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     Shuffle.inPlace(order, random);
 *     for (int from = 0; from + batch <= data.size(); from += batch) {
 *         data.gatherInto(order, from, from + batch, x, y);   // no allocation
 *         ...
 *     }
 * }}</pre>
 */
public final class Dataset {

    private final Matrix features;
    private final Matrix targets;
    /** One weight per row, or null when unweighted; never modified, so datasets may share it. */
    private final double[] weights;

    /**
     * Creates a dataset holding copies of {@code features} and {@code targets}.
     *
     * @param features X, {@code n × in}; copied, not modified
     * @param targets  y, {@code n × k}; copied, not modified
     * @throws ShapeException           if the row counts differ, naming both shapes
     * @throws IllegalArgumentException if an element is NaN or ±∞, naming the matrix, row and column, as in
     *                                  {@code "features (12, 3) is NaN"}
     */
    public Dataset(Matrix features, Matrix targets) {
        this(features.copy(), targets.copy(), null, true);
    }

    /**
     * Creates a dataset holding copies of {@code features}, {@code targets} and the sample weights.
     *
     * @param features X, {@code n × in}; copied, not modified
     * @param targets  y, {@code n × k}; copied, not modified
     * @param weights  n sample weights, each finite and ≥ 0, with a positive sum; copied, not modified
     * @throws ShapeException           if the row counts differ or there are not n weights, naming the sizes
     * @throws IllegalArgumentException if an element is NaN or ±∞, a weight is negative, NaN or ±∞ (naming its
     *                                  index), or the weights sum to 0 or overflow to ∞
     */
    public Dataset(Matrix features, Matrix targets, double[] weights) {
        this(features.copy(), targets.copy(), weights.clone(), true);
        checkWeights("Dataset", size(), this.weights);
    }

    private Dataset(Matrix features, Matrix targets, double[] weights, boolean check) {
        if (check) {
            if (features.rows() != targets.rows()) {
                throw ShapeException.of("Dataset: features are %s and targets %s (row counts %d ≠ %d)",
                        features.shape(), targets.shape(), features.rows(), targets.rows());
            }
            Checks.requireFinite("features", features);
            Checks.requireFinite("targets", targets);
        }
        this.features = features;
        this.targets = targets;
        this.weights = weights;
    }

    /**
     * A dataset over the given matrices themselves, not copies: for data already in memory (a partition of a
     * distributed data set, a memory-mapped file read into arrays) that would not fit twice. The values are
     * checked as by the constructor. The matrices must not change while the dataset is in use: it would see the
     * change, and the finite-value check would no longer hold.
     *
     * @param features X, {@code n × in}; kept, not copied, not modified
     * @param targets  y, {@code n × k}; kept, not copied, not modified
     * @return the dataset
     * @throws ShapeException           if the row counts differ, naming both shapes
     * @throws IllegalArgumentException if an element is NaN or ±∞, naming the matrix, row and column
     */
    public static Dataset wrap(Matrix features, Matrix targets) {
        return new Dataset(features, targets, null, true);
    }

    /** A checked dataset that keeps the given matrices without copying; they must not be shared. */
    static Dataset owning(Matrix features, Matrix targets) {
        return wrap(features, targets);
    }

    /**
     * {@link #owning(Matrix, Matrix)} with sample weights, also kept without copying (checked, unless null).
     */
    static Dataset owning(Matrix features, Matrix targets, double[] weights) {
        Dataset d = new Dataset(features, targets, weights, true);
        if (weights != null) {
            checkWeights("Dataset", d.size(), weights);
        }
        return d;
    }

    /** Refuses weights that are not n values by the rule of {@link SampleWeights#require}. */
    private static void checkWeights(String op, int n, double[] weights) {
        if (weights.length != n) {
            throw ShapeException.of("%s: %d weights for %d samples (one weight per sample)", op, weights.length, n);
        }
        SampleWeights.require(op, weights);
    }

    /**
     * This dataset with the given sample weights instead of its own (if any), sharing its features and
     * targets (which nothing modifies).
     *
     * @param weights n sample weights, each finite and ≥ 0, with a positive sum; copied, not modified
     * @return a new dataset
     * @throws ShapeException           if there are not n weights
     * @throws IllegalArgumentException if a weight is negative, NaN or ±∞ (naming its index), or the weights
     *                                  sum to 0 or overflow to ∞
     */
    public Dataset withWeights(double[] weights) {
        double[] copy = weights.clone();
        checkWeights("withWeights", size(), copy);
        return new Dataset(features, targets, copy, false);
    }

    /**
     * A classification dataset: the targets are the labels one-hot encoded ({@link OneHot#encode}).
     *
     * @param features X, {@code n × in}; copied, not modified
     * @param labels   n class indices, each in {@code [0, classes)}; not modified
     * @param classes  the number of classes k, ≥ 2 (one yes/no output is {@code new Dataset(x, column of 0/1)})
     * @return a dataset with {@code n × classes} one-hot targets
     * @throws ShapeException           if {@code labels.length ≠ n}
     * @throws IllegalArgumentException if {@code classes < 2}, a label is out of range (naming its index and
     *                                  value), or a feature is NaN or ±∞
     */
    public static Dataset classification(Matrix features, int[] labels, int classes) {
        if (classes < 2) {
            // a 1-wide one-hot target would read as the label "1" (one-column targets are their own labels)
            throw new IllegalArgumentException("classification: needs at least 2 classes, got " + classes
                    + "; for one yes/no output use targets of one column of 0 and 1");
        }
        if (labels.length != features.rows()) {
            throw ShapeException.of("classification: features are %s but there are %d labels (row counts %d ≠ %d)",
                    features.shape(), labels.length, features.rows(), labels.length);
        }
        return owning(features.copy(), OneHot.encode(labels, classes));
    }

    // ---------------------------------------------------------------- access

    /**
     * The number of samples n.
     *
     * @return the row count, ≥ 0
     */
    public int size() {
        return features.rows();
    }

    /**
     * The number of features per sample, {@code in}.
     *
     * @return the column count of X
     */
    public int featureCount() {
        return features.cols();
    }

    /**
     * The number of targets per sample, k (the number of classes for one-hot targets).
     *
     * @return the column count of y
     */
    public int targetCount() {
        return targets.cols();
    }

    /**
     * A copy of the features X.
     *
     * @return a new {@code n × in} matrix
     */
    public Matrix features() {
        return features.copy();
    }

    /**
     * A copy of the targets y.
     *
     * @return a new {@code n × k} matrix
     */
    public Matrix targets() {
        return targets.copy();
    }

    /**
     * The class of each sample.
     * <ul>
     *   <li>With k ≥ 2 target columns (one-hot rows, or class scores): the column of the largest value of its
     *       target row (the first on a tie). For one-hot targets these are the labels they were made from.</li>
     *   <li>With one target column: the value itself, which must be a whole number ≥ 0. This reads class
     *       indices stored in one column, and 0/1 targets of a binary classifier. (So the all-1 targets of a
     *       one-class {@link #classification} read as class 1.)</li>
     * </ul>
     * Regression targets have no classes: real values in one column are refused.
     *
     * @return a new array of n labels: in {@code [0, k)} for k ≥ 2 columns, the values for one column
     * @throws IllegalStateException if the dataset has rows but no target columns, or one target column
     *                               holding a value that is not a whole number in {@code [0, 2³¹ − 1]} (naming
     *                               its row and value)
     */
    public int[] labels() {
        return labels("labels");
    }

    private int[] labels(String op) {
        if (targets.cols() == 0 && targets.rows() > 0) {
            throw new IllegalStateException(op + ": the targets (" + targets.shape() + ") have no columns");
        }
        if (targets.cols() != 1) {
            return targets.rowArgMax();
        }
        double[] y = targets.backingArray();
        int[] labels = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            // the label of a one-column target row is its value: a class index, or 0/1 for binary targets
            if (!(y[i] >= 0 && y[i] <= Integer.MAX_VALUE && y[i] == Math.rint(y[i]))) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s: the target of row %d is %s, not a class; with one target column each value is the "
                                + "class label, a whole number ≥ 0 (regression targets have no classes)",
                        op, i, y[i]));
            }
            labels[i] = (int) y[i];
        }
        return labels;
    }

    /**
     * Whether the dataset carries sample weights (given to it, or kept from the dataset it was cut from).
     *
     * @return {@code false} for an unweighted dataset, whose samples all count once
     */
    public boolean hasWeights() {
        return weights != null;
    }

    /**
     * A copy of the sample weights.
     *
     * @return a new array of n weights; all 1 if the dataset has none
     */
    public double[] weights() {
        if (weights == null) {
            double[] ones = new double[size()];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        return weights.clone();
    }

    /**
     * This dataset's targets and weights with other features (as a scaler makes them), kept without copying;
     * checked as the constructor checks features.
     */
    Dataset withFeatures(Matrix newFeatures) {
        return new Dataset(newFeatures, targets, weights, true);
    }

    /** The features themselves, not a copy; for this package's scalers, which only read them. */
    Matrix featuresView() {
        return features;
    }

    // ---------------------------------------------------------------- rows

    /**
     * The samples {@code from} (inclusive) to {@code to} (exclusive), in order.
     *
     * @param from first row, 0 ≤ from ≤ to
     * @param to   end row, from ≤ to ≤ n
     * @return a new dataset of {@code to − from} rows, with their weights if any
     * @throws IndexOutOfBoundsException if the range is not within the rows
     */
    public Dataset rows(int from, int to) {
        if (from < 0 || from > to || to > size()) {
            throw new IndexOutOfBoundsException(String.format(Locale.ROOT,
                    "rows: [%d, %d) is not a range within the %d rows", from, to, size()));
        }
        return new Dataset(features.rowRange(from, to), targets.rowRange(from, to),
                weights == null ? null : Arrays.copyOfRange(weights, from, to), false);
    }

    /**
     * The samples at the given indices, in the order given, with their weights if any; an index may repeat (as
     * in a bootstrap sample).
     *
     * @param indices row indices, each in {@code [0, n)}; not modified
     * @return a new dataset of {@code indices.length} rows
     * @throws IndexOutOfBoundsException if an index is out of range, naming its position and value
     */
    public Dataset subset(int[] indices) {
        return gather(indices, 0, indices.length);
    }

    /**
     * Copies the rows {@code order[from]}, …, {@code order[to − 1]} of X and y into row 0, …, to − from − 1
     * of the given matrices. Allocates nothing: this is the trainer's way to fill a batch.
     *
     * @param order      row indices, each in {@code [0, n)}; not modified
     * @param from       first position in {@code order}, 0 ≤ from ≤ to
     * @param to         end position in {@code order}, from ≤ to ≤ order.length
     * @param featuresOut {@code (to − from) × in}; modified
     * @param targetsOut {@code (to − from) × k}; modified
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not within {@code order}, or one of the
     *                                   indices read is not a row; the outputs are then unchanged
     * @throws ShapeException            if an output has the wrong shape
     */
    public void gatherInto(int[] order, int from, int to, Matrix featuresOut, Matrix targetsOut) {
        if (from < 0 || from > to || to > order.length) {
            throw new IndexOutOfBoundsException(String.format(Locale.ROOT,
                    "gatherInto: [%d, %d) is not a range within order of length %d", from, to, order.length));
        }
        int n = to - from;
        if (!featuresOut.hasShape(n, featureCount())) {
            throw ShapeException.of("gatherInto: featuresOut is %s, expected %s (to − from = %d rows, %d features)",
                    featuresOut.shape(), ShapeException.shape(n, featureCount()), n, featureCount());
        }
        if (!targetsOut.hasShape(n, targetCount())) {
            throw ShapeException.of("gatherInto: targetsOut is %s, expected %s (to − from = %d rows, %d targets)",
                    targetsOut.shape(), ShapeException.shape(n, targetCount()), n, targetCount());
        }
        for (int i = from; i < to; i++) {
            if (order[i] < 0 || order[i] >= size()) {
                throw new IndexOutOfBoundsException(String.format(Locale.ROOT,
                        "gatherInto: order[%d] = %d is not a row index in [0, %d)", i, order[i], size()));
            }
        }
        copyRows(features, order, from, to, featuresOut);
        copyRows(targets, order, from, to, targetsOut);
    }

    /**
     * {@link #gatherInto(int[], int, int, Matrix, Matrix)}, and the weights of the same rows into
     * {@code weightsOut} (1 for every row of an unweighted dataset). Allocates nothing: the trainer's way to fill
     * a weighted batch.
     *
     * @param order       row indices, each in {@code [0, n)}; not modified
     * @param from        first position in {@code order}, 0 ≤ from ≤ to
     * @param to          end position in {@code order}, from ≤ to ≤ order.length
     * @param featuresOut {@code (to − from) × in}; modified
     * @param targetsOut  {@code (to − from) × k}; modified
     * @param weightsOut  {@code to − from} weights; modified
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not within {@code order}, or one of the
     *                                   indices read is not a row; the outputs are then unchanged
     * @throws ShapeException            if an output has the wrong shape or length
     */
    public void gatherInto(int[] order, int from, int to, Matrix featuresOut, Matrix targetsOut,
                           double[] weightsOut) {
        if (from <= to && weightsOut.length != to - from) {
            throw ShapeException.of("gatherInto: weightsOut holds %d weights, expected %d (to − from)",
                    weightsOut.length, to - from);
        }
        gatherInto(order, from, to, featuresOut, targetsOut);
        for (int i = from; i < to; i++) {
            weightsOut[i - from] = weights == null ? 1.0 : weights[order[i]];
        }
    }

    private static void copyRows(Matrix source, int[] order, int from, int to, Matrix out) {
        double[] src = source.backingArray();
        double[] dst = out.backingArray();
        int cols = source.cols();
        for (int i = from; i < to; i++) {
            System.arraycopy(src, order[i] * cols, dst, (i - from) * cols, cols);
        }
    }

    private Dataset gather(int[] order, int from, int to) {
        Matrix x = Matrix.zeros(to - from, featureCount());
        Matrix y = Matrix.zeros(to - from, targetCount());
        if (weights == null) {
            gatherInto(order, from, to, x, y);
            return new Dataset(x, y, null, false);
        }
        double[] w = new double[to - from];
        gatherInto(order, from, to, x, y, w);
        return new Dataset(x, y, w, false);
    }

    // ---------------------------------------------------------------- batches

    /**
     * The samples in order, cut into mini-batches of {@code batchSize} rows; the last batch holds the rest
     * and may be smaller. Allocates a new dataset per batch; see {@link #gatherInto} for the allocation-free
     * way.
     *
     * @param batchSize rows per batch, ≥ 1
     * @return ⌈n / batchSize⌉ new datasets (none if the dataset is empty), with their rows' weights if any
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public List<Dataset> batches(int batchSize) {
        return batches(Shuffle.identity(size()), batchSize);
    }

    /**
     * The samples shuffled ({@link Shuffle#permutation}), then cut into mini-batches of {@code batchSize}
     * rows; the last batch may be smaller. The same seed gives the same batches.
     *
     * @param batchSize rows per batch, ≥ 1
     * @param random    the source of the shuffle; advanced
     * @return ⌈n / batchSize⌉ new datasets, together holding every sample once (with its weight, if any)
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public List<Dataset> batches(int batchSize, RandomGenerator random) {
        requireBatchSize(batchSize);
        return batches(Shuffle.permutation(size(), random), batchSize);
    }

    private List<Dataset> batches(int[] order, int batchSize) {
        requireBatchSize(batchSize);
        List<Dataset> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            out.add(gather(order, from, Math.min(order.length, from + batchSize)));
        }
        return out;
    }

    private static void requireBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batches: batchSize must be ≥ 1, got " + batchSize);
        }
    }

    // ---------------------------------------------------------------- splits

    /**
     * Splits the samples at random: round(testFraction · n) of them go to the test part, the rest to the
     * train part. Each part keeps the samples in their original order, and their weights if any. The same seed
     * gives the same split.
     *
     * @param testFraction the share of samples to hold out, 0 &lt; testFraction &lt; 1
     * @param random       the source of the shuffle; advanced (not on an exception)
     * @return the two parts, neither empty
     * @throws IllegalArgumentException if {@code testFraction} is not in (0, 1), or either part would be empty
     *                                  (as with fewer than two samples), naming both sizes
     */
    public Split split(double testFraction, RandomGenerator random) {
        Checks.requireOpenFraction("split", "testFraction", testFraction);
        int testCount = (int) Math.round(testFraction * size());
        requireTwoParts("split", testFraction, testCount, "");
        int[] order = Shuffle.permutation(size(), random);
        boolean[] test = new boolean[size()];
        for (int i = 0; i < testCount; i++) {
            test[order[i]] = true;
        }
        return splitBy(test);
    }

    /**
     * Splits the samples at random within each class, so that both parts keep the class proportions: of the
     * n꜀ samples of class c, round(testFraction · n꜀) go to the test part. The class of a sample is its
     * {@link #labels() label}: the arg-max of a one-hot target row, or the value of a one-column target (a
     * class index, or 0/1 for binary targets). Each part keeps the samples in their original order, and their
     * weights if any (the split counts samples, not weights). The same seed gives the same split.
     *
     * @param testFraction the share of each class to hold out, 0 &lt; testFraction &lt; 1
     * @param random       the source of the shuffles; advanced (not on an exception)
     * @return the two parts, neither empty
     * @throws IllegalArgumentException if {@code testFraction} is not in (0, 1), or either part would be empty
     *                                  (as when every class is too small to give a sample), naming both sizes
     * @throws IllegalStateException    if the dataset has rows but no target columns, or one target column
     *                                  holding a value that is not a class label (see {@link #labels()})
     */
    public Split splitStratified(double testFraction, RandomGenerator random) {
        Checks.requireOpenFraction("splitStratified", "testFraction", testFraction);
        int[] labels = labels("splitStratified");
        // the rows sorted by (class, row): each class a run, its rows in ascending order
        long[] byClass = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            byClass[i] = (long) labels[i] << 32 | i;
        }
        Arrays.sort(byClass);
        int testCount = 0;
        for (int from = 0, to; from < byClass.length; from = to) {
            to = endOfClass(byClass, from);
            testCount += (int) Math.round(testFraction * (to - from));
        }
        requireTwoParts("splitStratified", testFraction, testCount, " (round(testFraction · n꜀) of each class)");
        boolean[] test = new boolean[size()];
        for (int from = 0, to; from < byClass.length; from = to) {
            to = endOfClass(byClass, from);
            int[] members = new int[to - from];
            for (int m = 0; m < members.length; m++) {
                members[m] = (int) byClass[from + m];
            }
            Shuffle.inPlace(members, random);
            int classTest = (int) Math.round(testFraction * members.length);
            for (int i = 0; i < classTest; i++) {
                test[members[i]] = true;
            }
        }
        return splitBy(test);
    }

    /** The end of the run of rows of the class at {@code byClass[from]}. */
    private static int endOfClass(long[] byClass, int from) {
        long label = byClass[from] >>> 32;
        int to = from + 1;
        while (to < byClass.length && byClass[to] >>> 32 == label) {
            to++;
        }
        return to;
    }

    private void requireTwoParts(String op, double testFraction, int testCount, String rule) {
        if (testCount == 0 || testCount == size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: testFraction %s of %d samples gives a test part of %d and a train part of %d samples%s; "
                            + "each part needs at least one", op, testFraction, size(), testCount, size() - testCount,
                    rule));
        }
    }

    private Split splitBy(boolean[] test) {
        int testCount = 0;
        for (boolean t : test) {
            testCount += t ? 1 : 0;
        }
        int[] trainRows = new int[size() - testCount];
        int[] testRows = new int[testCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < test.length; i++) {
            if (test[i]) {
                testRows[b++] = i;
            } else {
                trainRows[a++] = i;
            }
        }
        return new Split(subset(trainRows), subset(testRows));
    }

    // ---------------------------------------------------------------- object

    /**
     * The size and the column counts, for example {@code "Dataset of 150 samples: 4 features → 3 targets"}, and
     * {@code ", weighted"} after it if the dataset has sample weights.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Dataset of %d samples: %d features → %d targets%s", size(),
                featureCount(), targetCount(), weights == null ? "" : ", weighted");
    }
}
