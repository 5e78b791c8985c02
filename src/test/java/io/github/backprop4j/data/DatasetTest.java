package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetTest {

    /** Five samples; feature row i is (i, 10·i), target row i is one-hot of class i mod 2. */
    private static Dataset five() {
        Matrix x = Matrix.of(5, 2, 0, 0, 1, 10, 2, 20, 3, 30, 4, 40);
        return Dataset.classification(x, new int[] {0, 1, 0, 1, 0}, 2);
    }

    /** A dataset whose feature 0 is the original row index, so tests can see which rows went where. */
    private static Dataset indexed(int n, int classes, SplittableRandom random) {
        Matrix x = Matrix.zeros(n, 3);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x.set(i, 0, i);
            x.set(i, 1, random.nextDouble());
            x.set(i, 2, -i);
            labels[i] = random.nextInt(classes);
        }
        return Dataset.classification(x, labels, classes);
    }

    private static int[] rowIds(Dataset d) {
        Matrix x = d.features();
        return IntStream.range(0, d.size()).map(i -> (int) x.get(i, 0)).toArray();
    }

    // ------------------------------------------------------------ construction and access

    @Test
    void constructorCopiesAndAccessorsReturnCopies() {
        Matrix x = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        Matrix y = Matrix.of(2, 1, 0.5, -0.5);
        Dataset d = new Dataset(x, y);
        x.set(0, 0, 99);
        y.set(0, 0, 99);
        d.features().set(1, 1, 99);
        d.targets().set(1, 0, 99);
        assertThat(d.features()).isEqualTo(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6));
        assertThat(d.targets()).isEqualTo(Matrix.of(2, 1, 0.5, -0.5));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureCount()).isEqualTo(3);
        assertThat(d.targetCount()).isEqualTo(1);
        assertThat(d).hasToString("Dataset of 2 samples: 3 features → 1 targets");
    }

    @Test
    void classificationStoresOneHotTargetsAndLabelsReadThemBack() {
        Dataset d = five();
        assertThat(d.targets()).isEqualTo(Matrix.of(5, 2, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0));
        assertThat(d.labels()).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void emptyDatasetIsAllowed() {
        Dataset d = new Dataset(Matrix.zeros(0, 3), Matrix.zeros(0, 2));
        assertThat(d.size()).isZero();
        assertThat(d.labels()).isEmpty();
        assertThat(d.batches(4)).isEmpty();
    }

    @Test
    void refusesRowCountMismatchNamingBothShapes() {
        assertThatThrownBy(() -> new Dataset(Matrix.zeros(3, 2), Matrix.zeros(4, 1)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Dataset: features are 3×2 and targets 4×1 (row counts 3 ≠ 4)");
        assertThatThrownBy(() -> Dataset.classification(Matrix.zeros(3, 2), new int[] {0, 1}, 2))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("features are 3×2 but there are 2 labels");
    }

    @Test
    void refusesNonFiniteValuesNamingRowAndColumn() {
        Matrix x = Matrix.zeros(13, 4);
        x.set(12, 3, Double.NaN);
        assertThatThrownBy(() -> new Dataset(x, Matrix.zeros(13, 1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("features (12, 3) is NaN");
        Matrix y = Matrix.zeros(2, 2);
        y.set(1, 0, Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> new Dataset(Matrix.zeros(2, 1), y)).hasMessage("targets (1, 0) is -Infinity");
        y.set(1, 0, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> new Dataset(Matrix.zeros(2, 1), y)).hasMessage("targets (1, 0) is Infinity");
        Matrix x2 = Matrix.zeros(2, 2);
        x2.set(0, 1, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> Dataset.classification(x2, new int[] {0, 0}, 2))
                .hasMessage("features (0, 1) is Infinity");
    }

    @Test
    void classificationRefusesLabelOutOfRangeNamingIndexAndValue() {
        assertThatThrownBy(() -> Dataset.classification(Matrix.zeros(3, 1), new int[] {0, 2, 3}, 3))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("encode: label 3 at index 2 is outside [0, 3)");
        assertThatThrownBy(() -> Dataset.classification(Matrix.zeros(1, 1), new int[] {-1}, 3))
                .hasMessageContaining("label -1 at index 0");
        assertThatThrownBy(() -> Dataset.classification(Matrix.zeros(1, 1), new int[] {0}, 1))
                .hasMessageContaining("needs at least 2 classes, got 1");
    }

    @Test
    void labelsNeedTargetColumns() {
        Dataset d = new Dataset(Matrix.zeros(2, 1), Matrix.zeros(2, 0));
        assertThatThrownBy(d::labels).isInstanceOf(IllegalStateException.class).hasMessageContaining("2×0");
    }

    // ------------------------------------------------------------ rows, subset, gatherInto

    @Test
    void rowsAndSubsetCopyTheChosenRows() {
        Dataset d = five();
        Dataset middle = d.rows(1, 3);
        assertThat(middle.features()).isEqualTo(Matrix.of(2, 2, 1, 10, 2, 20));
        assertThat(middle.labels()).containsExactly(1, 0);
        assertThat(d.rows(5, 5).size()).isZero();
        Dataset picked = d.subset(new int[] {4, 1, 1});
        assertThat(picked.features()).isEqualTo(Matrix.of(3, 2, 4, 40, 1, 10, 1, 10));
        assertThat(picked.labels()).containsExactly(0, 1, 1);
    }

    @Test
    void rowsAndSubsetRefuseBadIndices() {
        Dataset d = five();
        assertThatThrownBy(() -> d.rows(3, 6)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows: [3, 6) is not a range within the 5 rows");
        assertThatThrownBy(() -> d.rows(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.rows(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.subset(new int[] {0, 5})).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("order[1] = 5 is not a row index in [0, 5)");
    }

    @Test
    void gatherIntoCopiesRowsByOrderIntoPreallocatedMatrices() {
        Dataset d = five();
        Matrix x = Matrix.filled(2, 2, -1);
        Matrix y = Matrix.filled(2, 2, -1);
        int[] order = {4, 3, 2, 1, 0};
        double[] xStorage = x.backingArray();
        d.gatherInto(order, 1, 3, x, y);
        assertThat(x).isEqualTo(Matrix.of(2, 2, 3, 30, 2, 20));
        assertThat(y).isEqualTo(Matrix.of(2, 2, 0, 1, 1, 0));
        assertThat(x.backingArray()).isSameAs(xStorage);
        assertThat(order).containsExactly(4, 3, 2, 1, 0);
    }

    @Test
    void gatherIntoRefusesWrongShapesAndIndicesAndLeavesOutputsAlone() {
        Dataset d = five();
        int[] order = {0, 1, 7};
        Matrix x = Matrix.zeros(2, 2);
        Matrix y = Matrix.zeros(2, 2);
        assertThatThrownBy(() -> d.gatherInto(order, 0, 2, Matrix.zeros(3, 2), y))
                .isInstanceOf(ShapeException.class)
                .hasMessage("gatherInto: featuresOut is 3×2, expected 2×2 (to − from = 2 rows, 2 features)");
        assertThatThrownBy(() -> d.gatherInto(order, 0, 2, x, Matrix.zeros(2, 3)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("gatherInto: targetsOut is 2×3, expected 2×2 (to − from = 2 rows, 2 targets)");
        assertThatThrownBy(() -> d.gatherInto(order, 2, 4, Matrix.zeros(2, 2), y))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("gatherInto: [2, 4) is not a range within order of length 3");
        assertThatThrownBy(() -> d.gatherInto(order, 2, 1, Matrix.zeros(0, 2), Matrix.zeros(0, 2)))
                .isInstanceOf(IndexOutOfBoundsException.class);
        x.fill(-1);
        assertThatThrownBy(() -> d.gatherInto(order, 1, 3, x, y))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("gatherInto: order[2] = 7 is not a row index in [0, 5)");
        assertThat(x).isEqualTo(Matrix.filled(2, 2, -1));
    }

    // ------------------------------------------------------------ batches

    @Test
    void batchesInOrderWithASmallerLastBatch() {
        List<Dataset> batches = five().batches(2);
        assertThat(batches).extracting(Dataset::size).containsExactly(2, 2, 1);
        assertThat(batches.get(2).features()).isEqualTo(Matrix.row(4, 40));
        assertThat(batches.get(1).labels()).containsExactly(0, 1);
        assertThatThrownBy(() -> five().batches(0)).hasMessage("batches: batchSize must be ≥ 1, got 0");
        assertThatThrownBy(() -> five().batches(-1, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<int[]> shapes() {
        SplittableRandom r = new SplittableRandom(20260101);
        return IntStream.range(0, 25).mapToObj(i -> new int[] {r.nextInt(0, 60), r.nextInt(1, 20), r.nextInt(2, 5)});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void shuffledBatchesHoldEveryRowOnceAndRepeatWithTheSeed(int[] shape) {
        int n = shape[0];
        int batchSize = shape[1];
        Dataset d = indexed(n, shape[2], new SplittableRandom(n));
        List<Dataset> a = d.batches(batchSize, new SplittableRandom(7));
        List<Dataset> b = d.batches(batchSize, new SplittableRandom(7));
        assertThat(a).hasSize((n + batchSize - 1) / batchSize);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).features()).isEqualTo(b.get(i).features());
            assertThat(a.get(i).targets()).isEqualTo(b.get(i).targets());
            int[] ids = rowIds(a.get(i));
            // each row keeps its own target
            assertThat(a.get(i).targets()).isEqualTo(d.subset(ids).targets());
            Arrays.stream(ids).forEach(seen::add);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).boxed().toList());
    }

    @Test
    void differentSeedsShuffleDifferently() {
        Dataset d = indexed(50, 2, new SplittableRandom(3));
        int[] a = rowIds(d.batches(50, new SplittableRandom(1)).get(0));
        int[] b = rowIds(d.batches(50, new SplittableRandom(2)).get(0));
        assertThat(a).isNotEqualTo(b);
    }

    // ------------------------------------------------------------ splits

    @ParameterizedTest
    @MethodSource("shapes")
    void splitIsDisjointCompleteSizedAndRepeatable(int[] shape) {
        int n = shape[0];
        double fraction = shape[1] / 20.0 * 0.9 + 0.05;
        Dataset d = indexed(n, shape[2], new SplittableRandom(n));
        int testCount = (int) Math.round(fraction * n);
        if (testCount == 0 || testCount == n) {
            assertThatIllegalArgumentException().isThrownBy(() -> d.split(fraction, new SplittableRandom(11)))
                    .withMessageContainingAll("split: testFraction", n + " samples", "test part of " + testCount,
                            "train part of " + (n - testCount), "each part needs at least one");
            return;
        }
        Split s = d.split(fraction, new SplittableRandom(11));
        Split again = d.split(fraction, new SplittableRandom(11));
        assertThat(s.test().size()).isEqualTo(testCount);
        assertThat(s.train().size() + s.test().size()).isEqualTo(n);
        int[] train = rowIds(s.train());
        int[] test = rowIds(s.test());
        assertThat(train).isSorted();
        assertThat(test).isSorted();
        assertThat(IntStream.concat(IntStream.of(train), IntStream.of(test)).sorted().toArray())
                .isEqualTo(IntStream.range(0, n).toArray());
        assertThat(s.train().targets()).isEqualTo(d.subset(train).targets());
        assertThat(rowIds(again.test())).isEqualTo(test);
    }

    @Test
    void splitStratifiedKeepsEachClassProportion() {
        // 60 of class 0, 30 of class 1, 10 of class 2, interleaved
        int[] labels = IntStream.range(0, 100).map(i -> i % 10 == 0 ? 2 : i % 3 == 0 ? 1 : 0).toArray();
        int[] counts = new int[3];
        Arrays.stream(labels).forEach(l -> counts[l]++);
        Matrix x = Matrix.zeros(100, 1);
        for (int i = 0; i < 100; i++) {
            x.set(i, 0, i);
        }
        Dataset d = Dataset.classification(x, labels, 3);
        Split s = d.splitStratified(0.2, new SplittableRandom(5));
        int[] testCounts = new int[3];
        Arrays.stream(s.test().labels()).forEach(l -> testCounts[l]++);
        for (int c = 0; c < 3; c++) {
            assertThat(testCounts[c]).as("class %d", c).isEqualTo((int) Math.round(0.2 * counts[c]));
        }
        assertThat(s.train().size() + s.test().size()).isEqualTo(100);
        assertThat(rowIds(s.test())).isSorted().doesNotContain(rowIds(s.train()));
        assertThat(rowIds(d.splitStratified(0.2, new SplittableRandom(5)).test())).isEqualTo(rowIds(s.test()));
    }

    /** Before: the arg-max over one column made every label 0, so stratifying was a plain split. */
    @Test
    void oneColumnTargetsAreTheirOwnLabels() {
        Matrix x = Matrix.zeros(6, 1);
        Dataset binary = new Dataset(x, Matrix.of(6, 1, 0, 1, 1, 0, 1, 1));
        assertThat(binary.labels()).containsExactly(0, 1, 1, 0, 1, 1);
        Dataset indices = new Dataset(x, Matrix.of(6, 1, 2, 0, 7, 2, 0, 1));
        assertThat(indices.labels()).containsExactly(2, 0, 7, 2, 0, 1);
        assertThat(new Dataset(Matrix.zeros(0, 1), Matrix.zeros(0, 1)).labels()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, -1.0, -0.0 - 1e-300, 3e9})
    void oneColumnTargetsThatAreNotClassesAreRefusedNamingRowAndValue(double value) {
        Dataset d = new Dataset(Matrix.zeros(3, 1), Matrix.of(3, 1, 1, 0, value));
        assertThatIllegalStateException().isThrownBy(d::labels)
                .withMessageContainingAll("labels:", "row 2", String.valueOf(value), "whole number ≥ 0");
        assertThatIllegalStateException().isThrownBy(() -> d.splitStratified(0.5, new SplittableRandom(1)))
                .withMessageContainingAll("splitStratified:", "row 2", String.valueOf(value));
    }

    @Test
    void noTargetColumnsHaveNoLabels() {
        Dataset d = new Dataset(Matrix.zeros(2, 1), Matrix.zeros(2, 0));
        assertThatIllegalStateException().isThrownBy(d::labels).withMessageContainingAll("labels", "2×0");
        assertThatIllegalStateException().isThrownBy(() -> d.splitStratified(0.5, new SplittableRandom(1)))
                .withMessageContainingAll("splitStratified", "no columns");
    }

    @Test
    void splitStratifiedStratifiesBinaryZeroOneTargets() {
        // 16 negatives, 4 positives: each part keeps 1 positive in 5
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            y[i] = i % 5 == 4 ? 1 : 0;
        }
        Matrix x = Matrix.zeros(20, 1);
        for (int i = 0; i < 20; i++) {
            x.set(i, 0, i);
        }
        Dataset d = new Dataset(x, Matrix.of(20, 1, y));
        for (int seed = 0; seed < 20; seed++) {
            Split s = d.splitStratified(0.5, new SplittableRandom(seed));
            assertThat(Arrays.stream(s.test().labels()).sum()).as("seed %d", seed).isEqualTo(2);
            assertThat(Arrays.stream(s.train().labels()).sum()).as("seed %d", seed).isEqualTo(2);
            assertThat(s.test().size()).isEqualTo(10);
        }
    }

    @Test
    void splitStratifiedOfOneColumnClassIndicesMatchesItsOneHotTwin() {
        int[] labels = IntStream.range(0, 40).map(i -> (i * 7) % 3).toArray();
        Matrix x = Matrix.zeros(40, 1);
        Matrix column = Matrix.zeros(40, 1);
        for (int i = 0; i < 40; i++) {
            x.set(i, 0, i);
            column.set(i, 0, labels[i]);
        }
        Split oneHot = Dataset.classification(x, labels, 3).splitStratified(0.25, new SplittableRandom(9));
        Split indices = new Dataset(x, column).splitStratified(0.25, new SplittableRandom(9));
        assertThat(rowIds(indices.test())).isEqualTo(rowIds(oneHot.test()));
        assertThat(rowIds(indices.train())).isEqualTo(rowIds(oneHot.train()));
    }

    @Test
    void splitsRefuseToLeaveAPartEmptyNamingTheSizes() {
        Dataset five = five();
        assertThatIllegalArgumentException().isThrownBy(() -> five.split(0.05, new SplittableRandom(1)))
                .withMessage("split: testFraction 0.05 of 5 samples gives a test part of 0 and a train part of 5 "
                        + "samples; each part needs at least one");
        assertThatIllegalArgumentException().isThrownBy(() -> five.split(0.95, new SplittableRandom(1)))
                .withMessageContainingAll("test part of 5", "train part of 0");
        Dataset one = five.rows(0, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> one.split(0.5, new SplittableRandom(1)))
                .withMessageContainingAll("1 samples", "each part needs at least one");
        Dataset none = five.rows(0, 0);
        assertThatIllegalArgumentException().isThrownBy(() -> none.splitStratified(0.5, new SplittableRandom(1)))
                .withMessageContainingAll("splitStratified", "0 samples");
        // five() has 3 of class 0 and 2 of class 1: round(0.1·3) + round(0.1·2) = 0
        assertThatIllegalArgumentException().isThrownBy(() -> five.splitStratified(0.1, new SplittableRandom(1)))
                .withMessage("splitStratified: testFraction 0.1 of 5 samples gives a test part of 0 and a train part "
                        + "of 5 samples (round(testFraction · n꜀) of each class); each part needs at least one");
    }

    @Test
    void aRefusedSplitLeavesTheGeneratorUntouched() {
        SplittableRandom random = new SplittableRandom(3);
        SplittableRandom twin = new SplittableRandom(3);
        assertThatIllegalArgumentException().isThrownBy(() -> five().splitStratified(0.1, random));
        assertThat(random.nextLong()).isEqualTo(twin.nextLong());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
    void splitsRefuseFractionsOutsideTheOpenUnitInterval(double fraction) {
        Dataset d = five();
        assertThatThrownBy(() -> d.split(fraction, new SplittableRandom(1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("split: testFraction must be in (0, 1), got " + fraction);
        assertThatThrownBy(() -> d.splitStratified(fraction, new SplittableRandom(1)))
                .hasMessageStartingWith("splitStratified: testFraction must be in (0, 1)");
    }

    @Test
    void splitRefusesNullParts() {
        assertThatThrownBy(() -> new Split(five(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void wrapKeepsTheMatricesWithoutCopyingAndChecksThem() {
        Matrix x = Matrix.of(3, 2, 1, 2, 3, 4, 5, 6);
        Matrix y = Matrix.column(0, 1, 0);
        Dataset wrapped = Dataset.wrap(x, y);
        assertThat(wrapped.features()).isEqualTo(x);
        x.set(1, 0, 30);  // not a copy: the dataset sees it (which is why the caller must not change them)
        Matrix row = Matrix.zeros(1, 2);
        wrapped.gatherInto(new int[] {1}, 0, 1, row, Matrix.zeros(1, 1));
        assertThat(row).isEqualTo(Matrix.row(30, 4));
        assertThatThrownBy(() -> Dataset.wrap(x, Matrix.column(0, 1))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("row counts 3 ≠ 2");
        assertThatIllegalArgumentException().isThrownBy(() -> Dataset.wrap(Matrix.row(1, Double.NaN), Matrix.row(0)))
                .withMessageContaining("features (0, 1) is NaN");
    }

    // ------------------------------------------------------------ sample weights

    /** {@link #indexed} with the weight of row i = i / 4 (so row 0 weighs 0, and a weight names its row). */
    private static Dataset weighted(int n, int classes, SplittableRandom random) {
        Dataset d = indexed(n, classes, random);
        return d.withWeights(IntStream.range(0, n).mapToDouble(i -> i / 4.0).toArray());
    }

    /** Each row of {@code part} still has the weight of the row it came from. */
    private static void assertWeightsFollowTheRows(Dataset part) {
        assertThat(part.hasWeights()).isTrue();
        int[] ids = rowIds(part);
        double[] w = part.weights();
        for (int i = 0; i < ids.length; i++) {
            assertThat(w[i]).as("row %d (was %d)", i, ids[i]).isEqualTo(ids[i] / 4.0);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void weightsGoWhereverTheRowsGo(int[] shape) {
        int n = Math.max(shape[0], 4);
        Dataset d = weighted(n, shape[2], new SplittableRandom(n));
        assertWeightsFollowTheRows(d);
        assertWeightsFollowTheRows(d.rows(1, n - 1));
        assertWeightsFollowTheRows(d.subset(new int[] {3, 1, 3, 2}));
        d.batches(shape[1]).forEach(DatasetTest::assertWeightsFollowTheRows);
        d.batches(shape[1], new SplittableRandom(5)).forEach(DatasetTest::assertWeightsFollowTheRows);
        Split split = d.split(0.25, new SplittableRandom(6));
        assertWeightsFollowTheRows(split.train());
        assertWeightsFollowTheRows(split.test());
        if (n >= 8) {
            Split stratified = d.splitStratified(0.5, new SplittableRandom(7));
            assertWeightsFollowTheRows(stratified.train());
            assertWeightsFollowTheRows(stratified.test());
        }
        // a scaler changes the features (the row ids too) but keeps the rows in order
        assertThat(Standardizer.fit(d).transform(d).weights()).isEqualTo(d.weights());
        assertThat(MinMaxScaler.fit(d).transform(d).weights()).isEqualTo(d.weights());
        int[] order = Shuffle.permutation(n, new SplittableRandom(8));
        Matrix x = Matrix.zeros(n - 1, 3);
        Matrix y = Matrix.zeros(n - 1, shape[2]);
        double[] w = new double[n - 1];
        d.gatherInto(order, 1, n, x, y, w);
        for (int i = 0; i < n - 1; i++) {
            assertThat(w[i]).isEqualTo(order[i + 1] / 4.0);
        }
        assertThat(x).isEqualTo(d.subset(Arrays.copyOfRange(order, 1, n)).features());
    }

    @Test
    void withoutWeightsEverySampleCountsOnceAndNothingElseChanges() {
        Dataset d = five();
        assertThat(d.hasWeights()).isFalse();
        assertThat(d.weights()).containsExactly(1, 1, 1, 1, 1);
        assertThat(d.rows(1, 3).hasWeights()).isFalse();
        assertThat(d.split(0.4, new SplittableRandom(1)).test().hasWeights()).isFalse();
        assertThat(d.toString()).isEqualTo("Dataset of 5 samples: 2 features → 2 targets");
        double[] w = {9, 9};
        d.gatherInto(new int[] {4, 0}, 0, 2, Matrix.zeros(2, 2), Matrix.zeros(2, 2), w);
        assertThat(w).containsExactly(1, 1);

        double[] given = {1, 2, 0, 0.5, 3};
        Dataset weighted = new Dataset(d.features(), d.targets(), given);
        given[0] = 100; // the dataset holds a copy
        assertThat(weighted.weights()).containsExactly(1, 2, 0, 0.5, 3);
        weighted.weights()[1] = 100; // and hands out copies
        assertThat(weighted.weights()).containsExactly(1, 2, 0, 0.5, 3);
        assertThat(d.withWeights(new double[] {1, 2, 0, 0.5, 3}).weights()).isEqualTo(weighted.weights());
        assertThat(weighted.features()).isEqualTo(d.features());
        assertThat(weighted.toString()).isEqualTo("Dataset of 5 samples: 2 features → 2 targets, weighted");
        // a part may hold only weights of 0: it is cut, not refused (the trainer skips or refuses it)
        assertThat(weighted.rows(2, 3).weights()).containsExactly(0);
    }

    @Test
    void badWeightsAreRefusedNamingIndexAndRule() {
        Dataset d = five();
        Matrix x = d.features();
        Matrix y = d.targets();
        assertThatThrownBy(() -> new Dataset(x, y, new double[4])).isInstanceOf(ShapeException.class)
                .hasMessage("Dataset: 4 weights for 5 samples (one weight per sample)");
        assertThatIllegalArgumentException().isThrownBy(() -> d.withWeights(new double[] {1, 1, -2, 1, 1}))
                .withMessage("withWeights: weight 2 is -2.0; weights must be finite and ≥ 0");
        assertThatIllegalArgumentException().isThrownBy(() -> d.withWeights(new double[] {1, Double.NaN, 1, 1, 1}))
                .withMessage("withWeights: weight 1 is NaN; weights must be finite and ≥ 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Dataset(x, y, new double[] {1, 1, 1, 1, Double.POSITIVE_INFINITY}))
                .withMessage("Dataset: weight 4 is Infinity; weights must be finite and ≥ 0");
        assertThatIllegalArgumentException().isThrownBy(() -> d.withWeights(new double[] {0, -0.0, 0, 0, 0}))
                .withMessageStartingWith("withWeights: the 5 weights sum to 0; at least one must be > 0");
        double big = Double.MAX_VALUE;
        assertThatIllegalArgumentException().isThrownBy(() -> d.withWeights(new double[] {big, big, 0, 0, 0}))
                .withMessageStartingWith("withWeights: the 5 weights sum to Infinity, beyond the range of double");
        assertThatIllegalArgumentException().isThrownBy(() -> new Dataset(Matrix.zeros(0, 2), Matrix.zeros(0, 1),
                new double[0])).withMessageContaining("the 0 weights sum to 0");
        assertThatThrownBy(() -> d.gatherInto(new int[] {0, 1}, 0, 2, Matrix.zeros(2, 2), Matrix.zeros(2, 2),
                new double[3])).isInstanceOf(ShapeException.class)
                .hasMessage("gatherInto: weightsOut holds 3 weights, expected 2 (to − from)");
        assertThatThrownBy(() -> d.withWeights(null)).isInstanceOf(NullPointerException.class);
    }
}
