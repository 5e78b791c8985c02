package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerTest {

    @Test
    void exactCases() {
        assertThat(Power.of(0.9, 0)).isEqualTo(1.0);
        assertThat(Power.of(0.0, 0)).isEqualTo(1.0);
        assertThat(Power.of(0.0, 3)).isEqualTo(0.0);
        assertThat(Power.of(1.0, Long.MAX_VALUE)).isEqualTo(1.0);
        assertThat(Power.of(0.9, 1)).isEqualTo(0.9);
        assertThat(Power.of(0.5, 10)).isEqualTo(1.0 / 1024);
        assertThat(Power.of(0.9, Long.MAX_VALUE)).isZero();
    }

    @Test
    void withinTwoUlpsOfStrictMathForAnyExponent() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            double x = i % 2 == 0 ? random.nextDouble(0.9, 1.0) : random.nextDouble(0.0, 1.0);
            long n = random.nextLong(1, i % 3 == 0 ? 1_000_000 : 1_000);
            double exact = StrictMath.pow(x, n);
            if (exact > Double.MIN_NORMAL / Math.ulp(1.0)) {  // well above the subnormals
                assertThat(Power.of(x, n)).as("%s^%d", x, n).isCloseTo(exact, within(2 * Math.ulp(exact)));
            }
        }
    }
}
