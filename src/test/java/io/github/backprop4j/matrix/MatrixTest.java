package io.github.backprop4j.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MatrixTest {

    // ------------------------------------------------------------ known values (worked by hand)

    @Test
    void timesMultipliesRowsByColumns() {
        Matrix a = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        Matrix b = Matrix.of(3, 2, 7, 8, 9, 10, 11, 12);
        // [1 2 3; 4 5 6]·[7 8; 9 10; 11 12] = [58 64; 139 154]
        assertThat(a.times(b)).isEqualTo(Matrix.of(2, 2, 58, 64, 139, 154));
    }

    @Test
    void fillTakesValuesInRowMajorOrder() {
        double[] next = {0};
        Matrix m = Matrix.zeros(2, 3).fill(() -> ++next[0]);
        assertThat(m).isEqualTo(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6));
        assertThat(Matrix.zeros(2, 2).fill(7.5)).isEqualTo(Matrix.filled(2, 2, 7.5));
        assertThat(Matrix.zeros(0, 4).fill(() -> { throw new AssertionError("no elements to fill"); }).rows()).isZero();
    }

    @Test
    void transposedProductsMatchHandValues() {
        Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
        Matrix b = Matrix.of(2, 2, 5, 6, 7, 8);
        // Aᵀ·B = [1 3; 2 4]·[5 6; 7 8] = [26 30; 38 44]
        assertThat(a.transposeTimes(b)).isEqualTo(Matrix.of(2, 2, 26, 30, 38, 44));
        // A·Bᵀ = [1 2; 3 4]·[5 7; 6 8] = [17 23; 39 53]
        assertThat(a.timesTranspose(b)).isEqualTo(Matrix.of(2, 2, 17, 23, 39, 53));
    }

    @Test
    void elementwiseOperations() {
        Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
        Matrix b = Matrix.of(2, 2, 10, 20, 30, 40);
        assertThat(a.plus(b)).isEqualTo(Matrix.of(2, 2, 11, 22, 33, 44));
        assertThat(b.minus(a)).isEqualTo(Matrix.of(2, 2, 9, 18, 27, 36));
        assertThat(a.hadamard(b)).isEqualTo(Matrix.of(2, 2, 10, 40, 90, 160));
        assertThat(a.scale(0.5)).isEqualTo(Matrix.of(2, 2, 0.5, 1, 1.5, 2));
        assertThat(a.plusRow(Matrix.row(100, 200))).isEqualTo(Matrix.of(2, 2, 101, 202, 103, 204));
        assertThat(a.columnSums()).isEqualTo(Matrix.row(4, 6));
        assertThat(a.map(v -> v * v)).isEqualTo(Matrix.of(2, 2, 1, 4, 9, 16));
        assertThat(a.transpose()).isEqualTo(Matrix.of(2, 2, 1, 3, 2, 4));
        assertThat(a.sum()).isEqualTo(10.0);
        assertThat(a.copy().plusScaledInPlace(-0.25, b.scale(0.4))).isEqualTo(Matrix.of(2, 2, 0, 0, 0, 0));
        assertThat(a.copy().plusScaledInPlace(2, a)).isEqualTo(Matrix.of(2, 2, 3, 6, 9, 12));
        // the readable forms leave their operands alone
        assertThat(a).isEqualTo(Matrix.of(2, 2, 1, 2, 3, 4));
    }

    @Test
    void factoriesCopyAndWrapDoesNot() {
        double[] values = {1, 2, 3, 4};
        Matrix copied = Matrix.of(2, 2, values);
        Matrix wrapped = Matrix.wrap(2, 2, values);
        values[0] = 99;
        assertThat(copied.get(0, 0)).isEqualTo(1.0);
        assertThat(wrapped.get(0, 0)).isEqualTo(99.0);
        double[][] rows = {{1, 2}, {3, 4}};
        Matrix fromRows = Matrix.fromRows(rows);
        rows[1][1] = -1;
        assertThat(fromRows.get(1, 1)).isEqualTo(4.0);
        assertThat(fromRows.toArray2D()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
        assertThat(Matrix.identity(2)).isEqualTo(Matrix.of(2, 2, 1, 0, 0, 1));
        assertThat(Matrix.filled(1, 3, 7)).isEqualTo(Matrix.row(7, 7, 7));
        assertThat(Matrix.column(1, 2)).satisfies(m -> assertThat(m.shape()).isEqualTo("2×1"));
        assertThat(fromRows.rowRange(1, 2)).isEqualTo(Matrix.row(3, 4));
    }

    @Test
    void rowArgMaxTakesFirstOnTies() {
        Matrix m = Matrix.of(3, 3, 1, 5, 5, -1, -2, -3, 0, Double.NaN, 9);
        assertThat(m.rowArgMax()).containsExactly(1, 0, 1);
    }

    @Test
    void equalsHashCodeAndToString() {
        Matrix a = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        assertThat(a).isEqualTo(a.copy()).hasSameHashCodeAs(a.copy());
        assertThat(a).isNotEqualTo(Matrix.of(3, 2, 1, 2, 3, 4, 5, 6));
        assertThat(a.toString()).isEqualTo("Matrix 2×3\n  1  2  3\n  4  5  6");
        // the Javadoc's example: aligned on the decimal point, no trailing zeros, 0 for −0
        assertThat(Matrix.of(2, 3, 1, -2.5, 3, 4, 5, 0.125).toString())
                .isEqualTo("Matrix 2×3\n  1  -2.5  3\n  4   5    0.125");
        assertThat(Matrix.row(-0.0, -0.6000000000000001).toString()).isEqualTo("Matrix 1×2\n  0  -0.6");
        String big = Matrix.zeros(100, 200).toString();
        assertThat(big).startsWith("Matrix 100×200\n").contains("…").contains("⋮");
        assertThat(big.lines()).hasSize(1 + 9);
    }

    // ------------------------------------------------------------ zero sizes

    @Test
    void zeroSizeMatricesBehave() {
        Matrix a = Matrix.zeros(0, 3);
        Matrix b = Matrix.zeros(3, 2);
        assertThat(a.times(b).shape()).isEqualTo("0×2");
        assertThat(Matrix.zeros(2, 0).times(Matrix.zeros(0, 4))).isEqualTo(Matrix.zeros(2, 4));
        assertThat(a.transposeTimes(Matrix.zeros(0, 5))).isEqualTo(Matrix.zeros(3, 5));
        assertThat(a.timesTranspose(Matrix.zeros(4, 3)).shape()).isEqualTo("0×4");
        assertThat(a.columnSums()).isEqualTo(Matrix.zeros(1, 3));
        assertThat(a.transpose().shape()).isEqualTo("3×0");
        assertThat(a.plusRow(Matrix.zeros(1, 3)).shape()).isEqualTo("0×3");
        assertThat(a.scaleRowsInPlace(new double[0])).isEqualTo(Matrix.zeros(0, 3));
        assertThat(Matrix.zeros(2, 0).scaleRowsInPlace(new double[] {1, 2}).shape()).isEqualTo("2×0");
        assertThat(a.rowArgMax()).isEmpty();
        assertThat(Matrix.fromRows().shape()).isEqualTo("0×0");
        assertThat(a.toString()).isEqualTo("Matrix 0×3");
    }

    // ------------------------------------------------------------ bad input

    @Test
    void productShapeErrorsNameOperationShapesAndRule() {
        assertThatThrownBy(() -> Matrix.zeros(3, 1).times(Matrix.zeros(2, 2)))
                .isInstanceOf(ShapeException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("times: cannot multiply 3×1 by 2×2 (left.cols 1 ≠ right.rows 2)");
        assertThatThrownBy(() -> Matrix.zeros(3, 1).transposeTimes(Matrix.zeros(2, 2)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("transposeTimes: cannot multiply (3×1)ᵀ by 2×2 (left.rows 3 ≠ right.rows 2)");
        assertThatThrownBy(() -> Matrix.zeros(3, 1).timesTranspose(Matrix.zeros(2, 2)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("timesTranspose: cannot multiply 3×1 by (2×2)ᵀ (left.cols 1 ≠ right.cols 2)");
    }

    @Test
    void elementwiseShapeErrors() {
        Matrix a = Matrix.zeros(2, 3);
        Matrix b = Matrix.zeros(3, 2);
        for (Runnable op : new Runnable[] {() -> a.plus(b), () -> a.minus(b), () -> a.hadamard(b),
            () -> a.plusInPlace(b), () -> a.minusInPlace(b), () -> a.hadamardInPlace(b),
            () -> a.plusScaledInPlace(1, b), () -> a.setTo(b), () -> a.minusInto(a, b), () -> a.mapInto(v -> v, b),
            () -> a.maxAbsDifference(b)}) {
            assertThatThrownBy(op::run).isInstanceOf(ShapeException.class).hasMessageContaining("2×3")
                    .hasMessageContaining("3×2");
        }
        assertThatThrownBy(() -> a.plusRow(Matrix.zeros(1, 2))).isInstanceOf(ShapeException.class)
                .hasMessage("plusRow: cannot add 1×2 to each row of 2×3 (expected a 1×3 row)");
        assertThatThrownBy(() -> a.plusRow(Matrix.zeros(2, 3))).isInstanceOf(ShapeException.class);
        assertThatThrownBy(() -> a.columnSumsInto(Matrix.zeros(1, 2))).isInstanceOf(ShapeException.class)
                .hasMessage("columnSums: output is 1×2, expected 1×3");
        assertThatThrownBy(() -> a.scaleRowsInPlace(new double[3])).isInstanceOf(ShapeException.class)
                .hasMessage("scaleRows: 3 factors for the 2 rows of 2×3 (expected one per row)");
    }

    /** The m × m diagonal matrix of s, row-major. */
    private static double[] diagonal(double[] s) {
        double[] d = new double[s.length * s.length];
        for (int i = 0; i < s.length; i++) {
            d[i * s.length + i] = s[i];
        }
        return d;
    }

    @Test
    void intoFormsRefuseWrongOrAliasedOutputs() {
        Matrix a = Matrix.zeros(2, 2);
        Matrix b = Matrix.zeros(2, 2);
        assertThatThrownBy(() -> a.timesInto(b, Matrix.zeros(2, 3))).isInstanceOf(ShapeException.class)
                .hasMessage("times: output is 2×3, expected 2×2");
        assertThatThrownBy(() -> a.timesInto(b, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not share storage");
        assertThatThrownBy(() -> a.transposeTimesInto(b, b)).hasMessageContaining("must not share storage");
        assertThatThrownBy(() -> a.transposeTimesInto(b, 0.5, a, 1)).hasMessageContaining("must not share storage");
        assertThatThrownBy(() -> a.transposeTimesInto(b, 0.5, Matrix.zeros(3, 2), 1))
                .isInstanceOf(ShapeException.class).hasMessage("transposeTimes: output is 3×2, expected 2×2");
        assertThatThrownBy(() -> a.transposeTimesInto(Matrix.zeros(3, 2), 0.5, Matrix.zeros(2, 2), 1))
                .isInstanceOf(ShapeException.class).hasMessageContaining("left.rows 2 ≠ right.rows 3");
        assertThatThrownBy(() -> a.transposeTimesInto(b, 0.5, Matrix.zeros(2, 2), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("transposeTimes: the thread count must be ≥ 1, got 0");
        assertThatThrownBy(() -> a.timesTransposeInto(b, Matrix.wrap(2, 2, a.backingArray())))
                .hasMessageContaining("must not share storage");
    }

    @Test
    void badFactoryArgumentsAndIndices() {
        assertThatThrownBy(() -> Matrix.of(2, 2, 1, 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: 3 values given for a 2×2 matrix, expected 4");
        assertThatThrownBy(() -> Matrix.zeros(-1, 2)).hasMessageContaining("≥ 0");
        assertThatThrownBy(() -> Matrix.zeros(100_000, 100_000)).hasMessageContaining("more elements");
        assertThatThrownBy(() -> Matrix.wrap(1, 2, new double[3])).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> Matrix.fromRows(new double[] {1, 2}, new double[] {3}))
                .hasMessage("fromRows: row 1 has 1 values, row 0 has 2");
        Matrix m = Matrix.zeros(2, 3);
        assertThatThrownBy(() -> m.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index (2, 0) is outside a 2×3 matrix");
        assertThatThrownBy(() -> m.set(0, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.rowRange(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Matrix.zeros(2, 0).rowArgMax()).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------ properties on random shapes

    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 1000L + i);
    }

    private static Matrix random(SplittableRandom r, int rows, int cols) {
        Matrix m = Matrix.zeros(rows, cols);
        double[] d = m.backingArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-2, 2);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void transposeOfProductIsProductOfTransposes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = r.nextInt(0, 40);
        int k = r.nextInt(0, 40);
        int n = r.nextInt(0, 40);
        Matrix a = random(r, m, k);
        Matrix b = random(r, k, n);
        // (AB)ᵀ = BᵀAᵀ: the same products, summed in the same order, so bitwise equal
        assertThat(a.times(b).transpose()).isEqualTo(b.transpose().times(a.transpose()));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void transposedProductsEqualTransposeThenMultiply(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = r.nextInt(0, 70);
        int k = r.nextInt(0, 70);
        int n = r.nextInt(0, 70);
        Matrix a = random(r, k, m);
        Matrix b = random(r, k, n);
        assertThat(a.transposeTimes(b)).isEqualTo(a.transpose().times(b));
        Matrix c = random(r, m, k);
        Matrix d = random(r, n, k);
        assertThat(c.timesTranspose(d)).isEqualTo(c.times(d.transpose()));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void inPlaceAndIntoFormsEqualAllocatingForms(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = r.nextInt(0, 30);
        int n = r.nextInt(0, 30);
        Matrix a = random(r, m, n);
        Matrix b = random(r, m, n);
        Matrix row = random(r, 1, n);
        double s = r.nextDouble(-3, 3);
        assertThat(a.copy().plusInPlace(b)).isEqualTo(a.plus(b));
        assertThat(a.copy().minusInPlace(b)).isEqualTo(a.minus(b));
        assertThat(a.minusInto(b, Matrix.zeros(m, n))).isEqualTo(a.minus(b));
        assertThat(a.copy().hadamardInPlace(b)).isEqualTo(a.hadamard(b));
        assertThat(a.copy().scaleInPlace(s)).isEqualTo(a.scale(s));
        assertThat(a.copy().plusRowInPlace(row)).isEqualTo(a.plusRow(row));
        double[] factors = r.doubles(m, -3, 3).toArray();
        assertThat(a.copy().scaleRowsInPlace(factors))
                .isEqualTo(Matrix.wrap(m, m, diagonal(factors)).times(a)); // diag(s)·A
        assertThat(a.columnSumsInto(Matrix.zeros(1, n))).isEqualTo(a.columnSums());
        assertThat(a.mapInto(Math::sin, Matrix.zeros(m, n))).isEqualTo(a.map(Math::sin));
        int k = r.nextInt(0, 30);
        Matrix c = random(r, n, k);
        assertThat(a.timesInto(c, Matrix.filled(m, k, 5))).isEqualTo(a.times(c));
        Matrix d = random(r, m, k);
        assertThat(a.transposeTimesInto(d, Matrix.filled(n, k, 5))).isEqualTo(a.transposeTimes(d));
        for (int threads = 1; threads <= 2; threads++) { // s·(Aᵀ·D) in one pass: the product, then one multiplication
            assertThat(a.transposeTimesInto(d, s, Matrix.filled(n, k, 5), threads))
                    .isEqualTo(a.transposeTimes(d).scaleInPlace(s));
        }
        Matrix e = random(r, k, n);
        assertThat(a.timesTransposeInto(e, Matrix.filled(m, k, 5))).isEqualTo(a.timesTranspose(e));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void productMatchesTextbookSum(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = r.nextInt(1, 20);
        int k = r.nextInt(1, 20);
        int n = r.nextInt(1, 20);
        Matrix a = random(r, m, k);
        Matrix b = random(r, k, n);
        Matrix c = a.times(b);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a.get(i, p) * b.get(p, j);
                }
                assertThat(c.get(i, j)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }
}
