package io.github.backprop4j.optim;

import static io.github.backprop4j.optim.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Each schedule at the steps below against {@code src/test/resources/optim/optimizer_reference.py} (its output
 * "schedules at t = …", pasted per schedule).
 */
class LearningRateScheduleTest {

    private static final long[] STEPS = {0, 1, 2, 3, 4, 5, 9, 10, 11, 50, 99, 100, 150};

    private static double[] rates(LearningRateSchedule schedule) {
        double[] rates = new double[STEPS.length];
        for (int i = 0; i < STEPS.length; i++) {
            rates[i] = schedule.rate(STEPS[i]);
        }
        return rates;
    }

    @Test
    void constant() {
        assertThat(rates(LearningRateSchedule.constant(0.1)))
                .containsOnly(0.1);
    }

    @Test
    void stepDecay() {
        assertClose(rates(LearningRateSchedule.stepDecay(0.1, 3, 0.5)), new double[] {0.1, 0.1, 0.1, 0.05, 0.05,
            0.05, 0.0125, 0.0125, 0.0125, 1.52587890625e-06, 1.1641532182693482e-11, 1.1641532182693482e-11,
            8.881784197001253e-17});
    }

    @Test
    void exponential() {
        assertClose(rates(LearningRateSchedule.exponential(0.1, 0.95)), new double[] {0.1, 0.095, 0.09025,
            0.0857375, 0.081450625, 0.07737809374999999, 0.0630249409724609, 0.05987369392383787,
            0.05688000922764597, 0.007694497527671315, 0.0006232136021404209, 0.0005920529220333997,
            4.555549744836572e-05});
    }

    @Test
    void cosineAnnealing() {
        assertClose(rates(LearningRateSchedule.cosineAnnealing(0.1, 0.001, 100)), new double[] {0.1,
            0.09997557473810371, 0.09990232305719944, 0.09978031724785247, 0.09960967771506667,
            0.09939057285945932, 0.09803453744100869, 0.09757729755661011, 0.09707359806323416, 0.0505,
            0.0010244252618962857, 0.001, 0.001});
    }

    @Test
    void warmUpOverCosineAnnealing() {
        assertClose(rates(LearningRateSchedule.cosineAnnealing(0.1, 0.001, 100).withWarmUp(10)), new double[] {
            0.01, 0.019995114947620744, 0.029970696917159832, 0.03991212689914099, 0.04980483885753333,
            0.059634343715675595, 0.09803453744100869, 0.09757729755661011, 0.09707359806323416, 0.0505,
            0.0010244252618962857, 0.001, 0.001});
    }

    @Test
    void warmUpOverExponential() {
        assertClose(rates(LearningRateSchedule.exponential(0.1, 0.95).withWarmUp(4)), new double[] {0.025,
            0.0475, 0.0676875, 0.0857375, 0.081450625, 0.07737809374999999, 0.0630249409724609,
            0.05987369392383787, 0.05688000922764597, 0.007694497527671315, 0.0006232136021404209,
            0.0005920529220333997, 4.555549744836572e-05});
    }

    @Test
    void warmUpOverALambda() {
        LearningRateSchedule schedule = ((LearningRateSchedule) step -> 0.2).withWarmUp(4);
        assertThat(new double[] {schedule.rate(0), schedule.rate(1), schedule.rate(3), schedule.rate(4)})
                .containsExactly(0.05, 0.1, 0.2, 0.2);
    }

    @Test
    void noWarmUpIsTheScheduleItself() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(0.1);
        assertThat(schedule.withWarmUp(0)).isSameAs(schedule);
    }

    @Test
    void schedulesPrintTheirSettings() {
        assertThat(LearningRateSchedule.stepDecay(0.1, 3, 0.5, 1e-4))
                .hasToString("StepDecay[initialRate=0.1, everySteps=3, gamma=0.5, minimumRate=1.0E-4]");
    }

    /** Without a floor, γᵗ underflowed to 0 after about a thousand halvings and the optimizer refused it. */
    @Test
    void decayNeverGoesBelowItsFloorAndNeverReachesZero() {
        long[] late = {1_000_000L, Long.MAX_VALUE};
        SgdOptimizer sgd = new SgdOptimizer(0.1);
        for (long t : late) {
            assertThat(LearningRateSchedule.exponential(0.1, 0.5).rate(t)).as("t = %d", t)
                    .isEqualTo(LearningRateSchedule.DEFAULT_MINIMUM_RATE).isEqualTo(Double.MIN_NORMAL);
            assertThat(LearningRateSchedule.stepDecay(0.1, 3, 0.5).rate(t)).as("t = %d", t)
                    .isEqualTo(Double.MIN_NORMAL);
            assertThat(LearningRateSchedule.exponential(0.1, 0.5, 1e-5).rate(t)).as("t = %d", t).isEqualTo(1e-5);
            assertThat(LearningRateSchedule.stepDecay(0.1, 3, 0.5, 1e-5).rate(t)).as("t = %d", t).isEqualTo(1e-5);
            assertThat(LearningRateSchedule.exponential(0.1, 0.5).withWarmUp(10).rate(t)).as("t = %d", t)
                    .isEqualTo(Double.MIN_NORMAL);
            // and the optimizer accepts it, so training goes on
            sgd.setLearningRate(LearningRateSchedule.exponential(0.1, 0.5).rate(t));
            assertThat(sgd.learningRate()).isPositive();
        }
        // γ = 1 and a slow decay stay above the floor
        assertThat(LearningRateSchedule.exponential(0.1, 1.0).rate(Long.MAX_VALUE)).isEqualTo(0.1);
        assertThat(LearningRateSchedule.exponential(0.1, 0.9999).rate(1_000_000L))
                .isCloseTo(0.1 * Math.exp(1_000_000 * Math.log(0.9999)), within(1e-50));
    }

    @Test
    void theFloorDoesNotChangeTheEarlyRates() {
        assertThat(rates(LearningRateSchedule.exponential(0.1, 0.95, 1e-9)))
                .isEqualTo(rates(LearningRateSchedule.exponential(0.1, 0.95)));
        assertThat(rates(LearningRateSchedule.stepDecay(0.1, 3, 0.5, 1e-20)))
                .isEqualTo(rates(LearningRateSchedule.stepDecay(0.1, 3, 0.5)));
        // a floor of 0.05 takes over from t = 14 on (0.1·0.95¹⁴ ≈ 0.0488)
        assertThat(LearningRateSchedule.exponential(0.1, 0.95, 0.05).rate(13)).isGreaterThan(0.05);
        assertThat(LearningRateSchedule.exponential(0.1, 0.95, 0.05).rate(14)).isEqualTo(0.05);
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.constant(0.0))
                .withMessageContainingAll("rate", "> 0", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.constant(Double.NaN))
                .withMessageContainingAll("rate", "NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.stepDecay(-0.1, 3, 0.5))
                .withMessageContainingAll("initialRate", "-0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.stepDecay(0.1, 0, 0.5))
                .withMessageContainingAll("everySteps", "≥ 1", "0");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.stepDecay(0.1, 3, 1.5))
                .withMessageContainingAll("gamma", "(0, 1]", "1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.exponential(0.1, 0.0))
                .withMessageContainingAll("gamma", "0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LearningRateSchedule.exponential(Double.POSITIVE_INFINITY, 0.9))
                .withMessageContainingAll("initialRate", "Infinity");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.exponential(0.1, 0.9, 0.0))
                .withMessageContainingAll("minimumRate", "(0, initialRate 0.1]", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.stepDecay(0.1, 3, 0.9, 0.2))
                .withMessageContainingAll("minimumRate", "(0, initialRate 0.1]", "0.2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LearningRateSchedule.exponential(0.1, 0.9, Double.NaN))
                .withMessageContainingAll("minimumRate", "NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.cosineAnnealing(0.1, 0.2, 10))
                .withMessageContainingAll("minimumRate", "0.2");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.cosineAnnealing(0.1, -1e-3, 10))
                .withMessageContainingAll("minimumRate", "-0.001");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.cosineAnnealing(0.1, 0.0, 10))
                .withMessageContainingAll("minimumRate", "(0, initialRate 0.1]", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.cosineAnnealing(0.1, 0.01, 0))
                .withMessageContainingAll("steps", "0");
        assertThatIllegalArgumentException().isThrownBy(() -> LearningRateSchedule.constant(0.1).withWarmUp(-1))
                .withMessageContainingAll("warmUpSteps", "-1");
    }

    @Test
    void negativeStepsAreRefused() {
        LearningRateSchedule[] schedules = {LearningRateSchedule.constant(0.1),
            LearningRateSchedule.stepDecay(0.1, 3, 0.5), LearningRateSchedule.exponential(0.1, 0.9),
            LearningRateSchedule.cosineAnnealing(0.1, 0.01, 10), LearningRateSchedule.constant(0.1).withWarmUp(5)};
        for (LearningRateSchedule schedule : schedules) {
            assertThatIllegalArgumentException().as("%s", schedule).isThrownBy(() -> schedule.rate(-1))
                    .withMessageContainingAll("step", "-1");
        }
    }

    @Test
    void theTrainerContractSetsTheRateOfEachStep() {
        LearningRateSchedule schedule = LearningRateSchedule.exponential(0.1, 0.5);
        SgdOptimizer sgd = new SgdOptimizer(1.0);
        var parameters = Fixtures.parameters();
        for (int t = 0; t < 3; t++) {
            sgd.setLearningRate(schedule.rate(sgd.stepCount()));
            assertThat(sgd.learningRate()).isEqualTo(0.1 * Math.pow(0.5, t));
            sgd.step(parameters);
        }
        assertThat(sgd.stepCount()).isEqualTo(3);
    }
}
