package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PowerTest {

    @Test
    void wholePowersByRepeatedSquaring() {
        assertThat(Power.of(0.9, 0)).isEqualTo(1.0);
        assertThat(Power.of(0.9, 1)).isEqualTo(0.9);
        assertThat(Power.of(0.5, 10)).isEqualTo(1.0 / 1024);
        for (long n : new long[] {2, 3, 7, 100, 1_000, 123_457}) {
            double exact = StrictMath.pow(0.999, n);
            assertThat(Power.of(0.999, n)).as("0.999^%d", n).isCloseTo(exact, within(1e-13 * exact));
        }
        assertThat(Power.of(0.9, Long.MAX_VALUE)).isZero();
    }
}
