package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts as numpy's {@code np.format_float_positional/scientific(v, precision=d, unique=False)} trims them. */
class DecimalsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0                 | 6  | 0",
        "-0.0                | 6  | 0",
        "-0.6000000000000001 | 6  | -0.6",
        "0.31999999999999995 | 6  | 0.32",
        "0.05363333333333334 | 6  | 0.0536333",
        "0.05363333333333334 | 16 | 0.05363333333333334",
        "0.05363333333333334 | 17 | 0.05363333333333334",
        "0.1                 | 17 | 0.1",
        "-0.6000000000000001 | 17 | -0.6000000000000001",
        "1.0                 | 1  | 1",
        "2.5                 | 1  | 2",
        "3.5                 | 1  | 4",
        "123456.7            | 6  | 123457",
        "1234567.0           | 6  | 1.23457e+06",
        "1234567.0           | 7  | 1234567",
        "0.00001234          | 3  | 0.0000123",
        "0.000001234         | 3  | 1.23e-06",
        "-2.5e-300           | 6  | -2.5e-300",
        "1.7976931348623157e308 | 6 | 1.79769e+308",
        "4.9e-324            | 6  | 4.94066e-324",
        "100.0               | 6  | 100",
    })
    void significantDigitsCorrectlyRoundedWithoutTrailingZeros(double v, int digits, String expected) {
        assertThat(Decimals.significant(v, digits)).isEqualTo(expected);
    }

    @Test
    void nonFiniteValuesAreNamedAsNumpyNamesThem() {
        assertThat(Decimals.significant(Double.NaN, 6)).isEqualTo("nan");
        assertThat(Decimals.significant(Double.POSITIVE_INFINITY, 6)).isEqualTo("inf");
        assertThat(Decimals.significant(Double.NEGATIVE_INFINITY, 6)).isEqualTo("-inf");
    }

    /** As Python's format(v, ".2f") and format(v, ".0f") print them (Python 3.11, values in the comments). */
    @Test
    void fixedDecimalsRoundHalfToEvenFromTheExactValueAsPythonDoes() {
        String[][] cases = {
            {"0.125", "0.12", "0"}, {"0.375", "0.38", "0"}, {"2.675", "2.67", "3"}, {"1.005", "1.00", "1"},
            {"0.5", "0.50", "0"}, {"2.5", "2.50", "2"}, {"-0.001", "-0.00", "-0"}, {"-0.0", "-0.00", "-0"},
            {"0.995", "0.99", "1"}, {"1234.5678", "1234.57", "1235"},
        };
        for (String[] c : cases) {
            double v = Double.parseDouble(c[0]);
            assertThat(Decimals.fixed(v, 2)).as(c[0]).isEqualTo(c[1]);
            assertThat(Decimals.fixed(v, 0)).as(c[0]).isEqualTo(c[2]);
        }
        assertThat(String.format(java.util.Locale.ROOT, "%.2f", 0.125)).isEqualTo("0.13"); // why fixed exists
        assertThatIllegalArgumentException().isThrownBy(() -> Decimals.fixed(Double.NaN, 2))
                .withMessageContaining("fixed: cannot write NaN with 2 decimals");
        assertThatIllegalArgumentException().isThrownBy(() -> Decimals.fixed(1, 18))
                .withMessageContaining("0 … 17 decimals");
    }

    @Test
    void digitsOutOfRangeAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Decimals.significant(1, 0))
                .withMessage("significant digits must be in 1 … 17, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Decimals.significant(1, 18));
        assertThatIllegalArgumentException().isThrownBy(() -> MatrixText.block(new double[1], 1, 1, 0, ""));
    }

    @Test
    void blocksAlignOnTheDecimalPointAndElideTheMiddle() {
        assertThat(MatrixText.block(new double[] {1, -2.5, 3, 4, 5, 0.125}, 2, 3, 6, "> "))
                .isEqualTo("> 1  -2.5  3\n> 4   5    0.125");
        assertThat(MatrixText.block(new double[0], 0, 3, 6, "")).isEmpty();
        double[] big = new double[20 * 30];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        String text = MatrixText.block(big, 20, 30, 6, "");
        assertThat(text.lines()).hasSize(2 * MatrixText.ROWS_KEPT + 1);
        assertThat(text.lines().findFirst()).hasValue("  0    1    2  …   27   28   29");
        assertThat(text).contains("⋮", "⋱").endsWith("570  571  572  …  597  598  599");
        assertThatIllegalArgumentException().isThrownBy(() -> MatrixText.block(new double[5], 2, 3, 6, ""))
                .withMessageContaining("5 values for 2×3");
    }
}
