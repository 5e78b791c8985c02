package io.github.backprop4j.optim;

/**
 * The schedules {@link LearningRateSchedule}'s factories return: records, so that they print their settings.
 */
final class Schedules {

    private Schedules() {
    }

    static double checkGamma(double gamma) {
        if (!(gamma > 0.0 && gamma <= 1.0)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
        return gamma;
    }

    /** A floor of a decaying schedule: 0 &lt; η_min ≤ η₀. */
    static double checkMinimum(double initialRate, double minimumRate) {
        if (!(minimumRate > 0.0 && minimumRate <= initialRate)) {
            throw new IllegalArgumentException("minimumRate must be in (0, initialRate " + initialRate + "], got "
                    + minimumRate);
        }
        return minimumRate;
    }

    private static long checkStep(long step) {
        return Checks.atLeast("step", step, 0);
    }

    /** η(t) = η. */
    record Constant(double rate) implements LearningRateSchedule {
        @Override
        public double rate(long step) {
            checkStep(step);
            return rate;
        }
    }

    /** η(t) = max(η₀·γ^⌊t/N⌋, η_min). */
    record StepDecay(double initialRate, long everySteps, double gamma, double minimumRate)
            implements LearningRateSchedule {
        @Override
        public double rate(long step) {
            // max(…, η_min): γ^⌊t/N⌋ underflows to 0 after enough steps, and optimizers refuse η = 0
            return Math.max(initialRate * Power.of(gamma, checkStep(step) / everySteps), minimumRate);
        }
    }

    /** η(t) = max(η₀·γᵗ, η_min). */
    record Exponential(double initialRate, double gamma, double minimumRate) implements LearningRateSchedule {
        @Override
        public double rate(long step) {
            // max(…, η_min): γᵗ underflows to 0 after enough steps, and optimizers refuse η = 0
            return Math.max(initialRate * Power.of(gamma, checkStep(step)), minimumRate);
        }
    }

    /** η(t) = η_min + ½·(η₀ − η_min)·(1 + cos(π·t/T)) for t &lt; T, then η_min. */
    record CosineAnnealing(double initialRate, double minimumRate, long steps) implements LearningRateSchedule {
        @Override
        public double rate(long step) {
            if (checkStep(step) >= steps) {
                return minimumRate;
            }
            return minimumRate + 0.5 * (initialRate - minimumRate) * (1.0 + StrictMath.cos(Math.PI * step / steps));
        }
    }

    /** η(t) = s(t)·(t + 1)/W for t &lt; W, then s(t). */
    record LinearWarmUp(LearningRateSchedule schedule, long warmUpSteps) implements LearningRateSchedule {
        @Override
        public double rate(long step) {
            double rate = schedule.rate(checkStep(step));
            return step < warmUpSteps ? rate * (step + 1) / warmUpSteps : rate;
        }
    }
}
