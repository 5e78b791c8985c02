package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The one finite-value check: the fast test sees every NaN and ±∞, and the message names the element. */
class FiniteTest {

    @Test
    void allSeesNaNAndInfinityAtEveryPosition() {
        assertThat(Finite.all(new double[] {1, -0.0, 3e300})).isTrue();
        assertThat(Finite.all(new double[] {1, Double.NaN})).isFalse();
        assertThat(Finite.all(new double[] {Double.NEGATIVE_INFINITY, 1})).isFalse();
        assertThat(Finite.all(new double[0])).isTrue();
        // up to 40 values: the Vector API kernel's form (run by the build's vector test runs) takes 2 vectors of
        // 8 (or 4) values at a time, then the rest one by one
        for (int length = 1; length <= 40; length++) {
            for (int bad = 0; bad < length; bad++) {
                double[] v = new double[length];
                Arrays.fill(v, 1e308);
                assertThat(Finite.all(v)).isTrue();
                v[bad] = bad % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
                assertThat(Finite.all(v)).as("length %d, bad at %d", length, bad).isFalse();
                assertThat(Finite.all(v, 0, bad)).isTrue();
                assertThat(Finite.all(v, bad + 1, length)).isTrue();
            }
        }
    }

    @Test
    void theMessageNamesTheMatrixRowColumnAndValue() {
        double[] values = {0, 1, 2, 3, 4, Double.NEGATIVE_INFINITY, 6, Double.NaN};
        assertThat(Finite.describe("W", values, 0, 6, 3)).isEqualTo("W (1, 2) is -Infinity");
        assertThat(Finite.describe("B", values, 6, 2, 2)).isEqualTo("B (0, 1) is NaN");
        assertThat(Finite.describe("W", values, 0, 5, 5)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> Finite.require("op", "W", values, 2))
                .withMessage("op: W (2, 1) is -Infinity; values must be finite");
    }
}
