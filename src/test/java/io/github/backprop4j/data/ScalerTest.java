package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standardizer and MinMaxScaler. The reference values come from src/test/resources/data/scalers.py
 * (numpy; its output is in scalers.out), on the TRAIN and TEST matrices below.
 */
class ScalerTest {

    private static final double TOLERANCE = 1e-12;

    // column 2 is constant; column 0 is worked by hand below
    private static final Matrix TRAIN = Matrix.of(4, 4,
            1, 10, 5, -2.5,
            2, 20, 5, 0.5,
            4, 60, 5, 3,
            7, 30, 5, 1.25);
    private static final Matrix TEST = Matrix.of(2, 4,
            0, 100, 6, -1,
            3, 15, 4, 2);

    // ------------------------------------------------------------ Standardizer

    @Test
    void standardizerFitsMeanAndPopulationStd() {
        Standardizer s = Standardizer.fit(TRAIN);
        // by hand, column 0: μ = (1 + 2 + 4 + 7) / 4 = 3.5,
        // σ² = (2.5² + 1.5² + 0.5² + 3.5²) / 4 = 21 / 4 = 5.25, σ = √5.25
        assertThat(s.means()[0]).isEqualTo(3.5);
        assertThat(s.standardDeviations()[0]).isCloseTo(Math.sqrt(5.25), within(TOLERANCE));
        // numpy: TRAIN.mean(axis=0), TRAIN.std(axis=0)
        assertThat(s.means()).containsExactly(new double[] {3.5, 30.0, 5.0, 0.5625}, within(TOLERANCE));
        assertThat(s.standardDeviations()).containsExactly(
                new double[] {2.29128784747792, 18.708286933869708, 0.0, 1.9872641369480808}, within(TOLERANCE));
        assertThat(s.featureCount()).isEqualTo(4);
    }

    @Test
    void standardizerTransformsTrainAndTestWithTheTrainingValues() {
        Standardizer s = Standardizer.fit(TRAIN);
        // numpy: (TRAIN - mean) / where(std == 0, 1, std)
        Matrix train = Matrix.of(4, 4,
                -1.091089451179962, -1.0690449676496976, 0, -1.5410633861199754,
                -0.6546536707079772, -0.5345224838248488, 0, -0.031450273186121945,
                0.2182178902359924, 1.6035674514745462, 0, 1.226560654258756,
                1.5275252316519468, 0, 0, 0.34595300504734144);
        // numpy: (TEST - mean) / where(std == 0, 1, std): the constant column is only centred
        Matrix test = Matrix.of(2, 4,
                -1.5275252316519468, 3.7416573867739413, 1, -0.7862568296530487,
                -0.2182178902359924, -0.8017837257372731, -1, 0.7233562832808048);
        assertThat(s.transform(TRAIN).maxAbsDifference(train)).isLessThan(TOLERANCE);
        assertThat(s.transform(TEST).maxAbsDifference(test)).isLessThan(TOLERANCE);
        assertThat(TRAIN.get(0, 0)).isEqualTo(1.0); // not modified
    }

    @Test
    void constantColumnIsCentredExactlyEvenWhenTheMeanIsInexact() {
        // 0.1 + 0.1 + 0.1 = 0.30000000000000004; / 3 is not 0.1, but the fitted mean is exactly 0.1
        Matrix x = Matrix.of(3, 1, 0.1, 0.1, 0.1);
        Standardizer s = Standardizer.fit(x);
        assertThat(s.means()).containsExactly(0.1);
        assertThat(s.standardDeviations()).containsExactly(0.0);
        assertThat(s.transform(x)).isEqualTo(Matrix.zeros(3, 1));
    }

    @Test
    void transformInPlaceModifiesAndReturnsItsArgument() {
        Standardizer s = Standardizer.fit(TRAIN);
        Matrix m = TEST.copy();
        assertThat(s.transformInPlace(m)).isSameAs(m).isEqualTo(s.transform(TEST));
        MinMaxScaler mm = MinMaxScaler.fit(TRAIN);
        Matrix n = TEST.copy();
        assertThat(mm.transformInPlace(n)).isSameAs(n).isEqualTo(mm.transform(TEST));
    }

    @Test
    void transformDatasetScalesFeaturesAndKeepsTargets() {
        Dataset train = new Dataset(TRAIN, Matrix.column(1, 2, 3, 4));
        Standardizer s = Standardizer.fit(train);
        assertThat(s.means()).isEqualTo(Standardizer.fit(TRAIN).means());
        Dataset scaled = s.transform(train);
        assertThat(scaled.features()).isEqualTo(s.transform(TRAIN));
        assertThat(scaled.targets()).isEqualTo(Matrix.column(1, 2, 3, 4));
        assertThat(train.features()).isEqualTo(TRAIN);
        MinMaxScaler m = MinMaxScaler.fit(train);
        assertThat(m.transform(train).features()).isEqualTo(m.transform(TRAIN));
    }

    @Test
    void standardizerOfUsesGivenValues() {
        double[] means = {1, 2};
        Standardizer s = Standardizer.of(means, new double[] {2, 0});
        means[0] = 99;
        assertThat(s.transform(Matrix.row(5, 7))).isEqualTo(Matrix.row(2, 5));
        assertThat(s.means()).containsExactly(1, 2);
        assertThatThrownBy(() -> Standardizer.of(new double[2], new double[3]))
                .hasMessage("Standardizer.of: 2 means but 3 standard deviations");
        assertThatThrownBy(() -> Standardizer.of(new double[] {0, 0}, new double[] {1, -1}))
                .hasMessageContaining("column 1 has mean 0.0 and standard deviation -1.0");
        assertThatThrownBy(() -> Standardizer.of(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<int[]> shapes() {
        SplittableRandom r = new SplittableRandom(424242);
        return IntStream.range(0, 20).mapToObj(i -> new int[] {r.nextInt(2, 80), r.nextInt(1, 12), i});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void standardizedTrainingColumnsHaveMeanZeroAndStdOne(int[] shape) {
        Matrix x = random(shape[0], shape[1], new SplittableRandom(shape[2]));
        Standardizer s = Standardizer.fit(x);
        Standardizer again = Standardizer.fit(s.transform(x));
        assertThat(again.means()).containsExactly(filled(shape[1], 0.0), within(1e-12));
        assertThat(again.standardDeviations()).containsExactly(filled(shape[1], 1.0), within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void minMaxTrainingColumnsSpanZeroToOne(int[] shape) {
        Matrix x = random(shape[0], shape[1], new SplittableRandom(shape[2]));
        MinMaxScaler again = MinMaxScaler.fit(MinMaxScaler.fit(x).transform(x));
        assertThat(again.minimums()).containsExactly(filled(shape[1], 0.0));
        assertThat(again.maximums()).containsExactly(filled(shape[1], 1.0), within(1e-15));
    }

    private static double[] filled(int n, double value) {
        return Matrix.filled(1, n, value).toArray();
    }

    private static Matrix random(int rows, int cols, SplittableRandom r) {
        Matrix x = Matrix.zeros(rows, cols);
        for (int c = 0; c < cols; c++) {
            double offset = r.nextDouble(-100, 100);
            double spread = r.nextDouble(0.01, 50);
            for (int i = 0; i < rows; i++) {
                x.set(i, c, offset + spread * r.nextDouble(-1, 1));
            }
        }
        return x;
    }

    // ------------------------------------------------------------ MinMaxScaler

    @Test
    void minMaxFitsColumnExtremes() {
        MinMaxScaler m = MinMaxScaler.fit(TRAIN);
        assertThat(m.minimums()).containsExactly(1, 10, 5, -2.5);
        assertThat(m.maximums()).containsExactly(7, 60, 5, 3);
        assertThat(m.featureCount()).isEqualTo(4);
    }

    @Test
    void minMaxTransformsTrainToUnitRangeAndTestWithTheSameValues() {
        MinMaxScaler m = MinMaxScaler.fit(TRAIN);
        // numpy: (TRAIN - lo) / where(hi == lo, 1, hi - lo); by hand column 0: (x − 1) / 6
        Matrix train = Matrix.of(4, 4,
                0, 0, 0, 0,
                0.16666666666666666, 0.2, 0, 0.5454545454545454,
                0.5, 1, 0, 1,
                1, 0.4, 0, 0.6818181818181818);
        // outside [0, 1] is kept, not clipped; the constant column is only shifted
        Matrix test = Matrix.of(2, 4,
                -0.16666666666666666, 1.8, 1, 0.2727272727272727,
                0.3333333333333333, 0.1, -1, 0.8181818181818182);
        assertThat(m.transform(TRAIN).maxAbsDifference(train)).isLessThan(TOLERANCE);
        assertThat(m.transform(TEST).maxAbsDifference(test)).isLessThan(TOLERANCE);
    }

    @Test
    void minMaxOfUsesGivenValues() {
        MinMaxScaler m = MinMaxScaler.of(new double[] {0, 3}, new double[] {10, 3});
        assertThat(m.transform(Matrix.row(5, 4))).isEqualTo(Matrix.row(0.5, 1));
        assertThat(m.minimums()).containsExactly(0, 3);
        assertThat(m.maximums()).containsExactly(10, 3);
        assertThatThrownBy(() -> MinMaxScaler.of(new double[1], new double[2]))
                .hasMessage("MinMaxScaler.of: 1 minimums but 2 maximums");
        assertThatThrownBy(() -> MinMaxScaler.of(new double[] {2}, new double[] {1}))
                .hasMessageContaining("column 0 has minimum 2.0 and maximum 1.0");
        assertThatThrownBy(() -> MinMaxScaler.of(new double[] {-Double.MAX_VALUE}, new double[] {Double.MAX_VALUE}))
                .hasMessageContaining("overflows");
    }

    // ------------------------------------------------------------ errors shared by both

    @Test
    void transformRefusesAColumnCountMismatch() {
        assertThatThrownBy(() -> Standardizer.fit(TRAIN).transform(Matrix.zeros(3, 5)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Standardizer.transform: a 3×5 matrix has 5 columns, the scaler was fitted on 4");
        assertThatThrownBy(() -> MinMaxScaler.fit(TRAIN).transformInPlace(Matrix.zeros(1, 3)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("MinMaxScaler.transform: a 1×3 matrix has 3 columns, the scaler was fitted on 4");
        Dataset wrong = new Dataset(Matrix.zeros(2, 3), Matrix.zeros(2, 1));
        assertThatThrownBy(() -> Standardizer.fit(TRAIN).transform(wrong)).isInstanceOf(ShapeException.class);
    }

    @Test
    void fitRefusesEmptyAndNonFiniteInput() {
        assertThatThrownBy(() -> Standardizer.fit(Matrix.zeros(0, 3)))
                .hasMessage("Standardizer.fit: cannot fit on a 0×3 matrix (no rows)");
        assertThatThrownBy(() -> MinMaxScaler.fit(Matrix.zeros(0, 3)))
                .hasMessage("MinMaxScaler.fit: cannot fit on a 0×3 matrix (no rows)");
        Matrix x = Matrix.zeros(3, 2);
        x.set(2, 1, Double.NaN);
        assertThatThrownBy(() -> Standardizer.fit(x)).hasMessage("Standardizer.fit: features (2, 1) is NaN");
        assertThatThrownBy(() -> MinMaxScaler.fit(x)).hasMessage("MinMaxScaler.fit: features (2, 1) is NaN");
    }

    @Test
    void fitRefusesColumnsWhoseStatisticsOverflow() {
        Matrix huge = Matrix.column(Double.MAX_VALUE, -Double.MAX_VALUE);
        assertThatThrownBy(() -> MinMaxScaler.fit(huge)).hasMessageContaining("column 0's range");
        Matrix big = Matrix.column(Double.MAX_VALUE, Double.MAX_VALUE / 2);
        assertThatThrownBy(() -> Standardizer.fit(big)).hasMessageStartingWith("Standardizer.fit: column 0 overflows");
    }

    @Test
    void transformedDatasetOverflowIsRefused() {
        Standardizer s = Standardizer.of(new double[] {0}, new double[] {1e-300});
        Dataset d = new Dataset(Matrix.column(1e300), Matrix.column(0));
        assertThatThrownBy(() -> s.transform(d)).hasMessage("features (0, 0) is Infinity");
    }
}
