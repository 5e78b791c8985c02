package io.github.backprop4j.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AxisTest {

    private static List<String> labels(Axis axis) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < axis.tickCount(); k++) {
            out.add(axis.label(k));
        }
        return out;
    }

    /** The step is 1, 2 or 5 times a power of ten. */
    private static void assertNice(double step) {
        assertThat(step).isPositive().isFinite();
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertThat(Math.min(Math.min(Math.abs(mantissa - 1), Math.abs(mantissa - 2)),
                Math.min(Math.abs(mantissa - 5), Math.abs(mantissa - 10))))
                .as("mantissa of step %s", step).isLessThan(1e-9);
    }

    @Test
    void unitRangeHasTenthsOrFifths() {
        Axis axis = Axis.covering(0, 1, 5);

        assertThat(axis.step()).isEqualTo(0.2);
        assertThat(labels(axis)).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertThat(axis.min()).isEqualTo(0.0);
        assertThat(axis.max()).isEqualTo(1.0);
    }

    @Test
    void epochsOneToThirtyStepByFive() {
        Axis axis = Axis.covering(1, 30, 6);

        assertThat(labels(axis)).containsExactly("0", "5", "10", "15", "20", "25", "30");
    }

    @Test
    void lossRangeEndsOnTheTicksJustOutsideTheData() {
        Axis axis = Axis.covering(0.23, 2.31, 5);

        assertThat(axis.step()).isEqualTo(0.5);
        assertThat(labels(axis)).containsExactly("0.0", "0.5", "1.0", "1.5", "2.0", "2.5");
    }

    @Test
    void labelsAreExactDecimalsNotBinaryNoise() {
        Axis axis = Axis.covering(0.1, 0.7, 6);

        assertThat(labels(axis)).containsExactly("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7");
    }

    @Test
    void wholeNumbersGetAStepOfAtLeastOne() {
        assertThat(labels(Axis.covering(1, 5, 8))).containsExactly("1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0",
                "4.5", "5.0");
        assertThat(labels(Axis.covering(1, 5, 8, true))).containsExactly("1", "2", "3", "4", "5");
        assertThat(labels(Axis.covering(1, 1, 5, true))).containsExactly("0", "1", "2");
        assertThat(labels(Axis.covering(0, 100, 5, true))).containsExactly("0", "20", "40", "60", "80", "100");
    }

    @Test
    void negativeRange() {
        Axis axis = Axis.covering(-3, 7, 5);

        assertThat(labels(axis)).containsExactly("-4", "-2", "0", "2", "4", "6", "8");
    }

    @Test
    void noDataGivesZeroToOne() {
        Axis axis = Axis.covering(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 5);

        assertThat(axis.min()).isEqualTo(0.0);
        assertThat(axis.max()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource({
        "5, 4.4, 5.6",          // ±10 % of the value
        "0, -1, 1",             // ±1 around zero
        "-2, -2.2, -1.8",
        "1e-300, 9e-301, 1.1e-300",
        "1e300, 9e299, 1.1e300",
    })
    void singleValueIsWidenedAroundItself(double v, double min, double max) {
        Axis axis = Axis.covering(v, v, 5);

        assertThat(axis.min()).isLessThan(v).isCloseTo(min, withinPercentage(1e-6));
        assertThat(axis.max()).isGreaterThan(v).isCloseTo(max, withinPercentage(1e-6));
        assertNice(axis.step());
    }

    @Test
    void largeAndSmallMagnitudesUseScientificLabels() {
        assertThat(labels(Axis.covering(0, 3e300, 3))).containsExactly("0", "1e300", "2e300", "3e300");
        assertThat(labels(Axis.covering(-2.5e-7, 0, 5))).containsExactly("-2.5e-7", "-2e-7", "-1.5e-7", "-1e-7",
                "-5e-8", "0");
        assertThat(labels(Axis.covering(0, 5e6, 5))).endsWith("5000000");
    }

    @Test
    void fullDoubleRangeDoesNotOverflow() {
        Axis axis = Axis.covering(-Double.MAX_VALUE, Double.MAX_VALUE, 5);

        assertThat(axis.min()).isEqualTo(-Double.MAX_VALUE);
        assertThat(axis.max()).isEqualTo(Double.MAX_VALUE);
        assertThat(labels(axis)).contains("0", "1e308", "-1e308").doesNotContain("Infinity");
        assertThat(axis.fraction(0)).isCloseTo(0.5, offset(1e-12));
        assertThat(axis.fraction(Double.MAX_VALUE)).isEqualTo(1.0);
        assertThat(axis.fraction(-Double.MAX_VALUE)).isEqualTo(0.0);
    }

    @Test
    void subnormalValuesGiveANormalStep() {
        Axis axis = Axis.covering(Double.MIN_VALUE, 3 * Double.MIN_VALUE, 5);

        assertThat(axis.step()).isGreaterThanOrEqualTo(Double.MIN_NORMAL);
        assertThat(axis.fraction(Double.MIN_VALUE)).isBetween(0.0, 1.0);
        assertNice(axis.step());
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomRangesGiveNiceAscendingTicksThatCoverTheData(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double a = randomValue(random);
        double b = random.nextInt(4) == 0 ? a : randomValue(random);
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        int target = 1 + random.nextInt(10);

        Axis axis = Axis.covering(lo, hi, target);

        assertThat(axis.min()).isLessThanOrEqualTo(lo).isFinite();
        assertThat(axis.max()).isGreaterThanOrEqualTo(hi).isGreaterThan(axis.min()).isFinite();
        assertNice(axis.step());
        assertThat(axis.tickCount()).isBetween(1, 2 * target + 4);
        for (int k = 0; k < axis.tickCount(); k++) {
            assertThat(axis.tick(k)).isFinite().isBetween(axis.min(), axis.max());
            assertThat(Double.parseDouble(axis.label(k))).as("label %s", axis.label(k))
                    .isCloseTo(axis.tick(k), offset(1e-9 * axis.step()));
            if (k > 0) {
                assertThat(axis.tick(k)).isGreaterThan(axis.tick(k - 1));
            }
        }
        for (double v : new double[] {lo, hi, lo / 2 + hi / 2}) {
            assertThat(axis.fraction(v)).isBetween(0.0, 1.0);
        }
    }

    /** A finite double of random sign and a magnitude from 1e-320 to 1.7e308, or zero. */
    static double randomValue(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> 0.0;
            case 1 -> random.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE;
            case 2 -> random.nextBoolean() ? Double.MIN_VALUE : -Double.MIN_VALUE;
            default -> (random.nextBoolean() ? 1 : -1) * random.nextDouble(1, 10)
                    * Math.pow(10, random.nextInt(-320, 308));
        };
    }
}
