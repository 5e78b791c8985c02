package io.github.backprop4j.optim;

/**
 * The learning rate η for each optimizer step t = 0, 1, 2, …
 *
 * <p>t counts optimizer steps (batches), not epochs. PyTorch's schedulers, which the factories below cite, are
 * usually advanced once per epoch; to follow such a recipe, convert its settings with the number of steps per
 * epoch S: an exponential γ per epoch is γ^(1/S) per step ({@code Math.pow(gammaPerEpoch, 1.0 / S)}), and a
 * step decay every N epochs is one every N·S steps.
 *
 * <p>The contract with the trainer: before each step it sets the rate for that step, numbered by the
 * optimizer's own count (which survives a save and resume), then steps:
 * <pre>{@code optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
 * optimizer.step(net);}</pre>
 * So {@code rate(0)} is used by the first step. A schedule is a pure function of t: it keeps no state, so
 * a resumed run needs only the step count. The factories below compute powers by multiplication and cosines
 * with {@link StrictMath}, so they give the same bits on every JVM, and allocate nothing. A schedule may be a
 * lambda; it must return a finite rate &gt; 0 for every t ≥ 0, as {@link Optimizer#setLearningRate} refuses
 * anything else. So step and exponential decay never go below a floor η_min: γᵗ would otherwise underflow to
 * 0 after enough steps (about a thousand halvings) and stop training midway. The floor is
 * {@link #DEFAULT_MINIMUM_RATE} unless given.
 *
 * <pre>{@code LearningRateSchedule schedule = LearningRateSchedule.cosineAnnealing(0.1, 1e-4, 10_000)
 *         .withWarmUp(500);}</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The floor of {@link #stepDecay(double, long, double)} and {@link #exponential(double, double)}:
     * {@link Double#MIN_NORMAL} (about 2.2·10⁻³⁰⁸), the smallest rate that is not rounded to 0 by underflow.
     * It only keeps the rate positive: a step at this rate leaves the parameters as they are. Give a floor of
     * your own to keep training at a useful rate. (An η₀ below it is its own floor.)
     */
    double DEFAULT_MINIMUM_RATE = Double.MIN_NORMAL;

    /**
     * The learning rate for step {@code step}.
     *
     * @param step the step number t, counted from 0
     * @return η(t), finite and &gt; 0
     * @throws IllegalArgumentException if {@code step} is negative (the factories below check it)
     */
    double rate(long step);

    /**
     * This schedule with a linear warm-up over the first {@code warmUpSteps} steps, multiplying it by
     * (t + 1)/W, the schedule's own clock running on underneath:
     * <pre>
     *   η(t) = s(t)·(t + 1)/W   for t &lt; W
     *   η(t) = s(t)             for t ≥ W
     * </pre>
     * The first step so takes s(0)/W, and step W − 1 the full s(W − 1).
     *
     * @param warmUpSteps W, ≥ 0; 0 gives this schedule unchanged
     * @return the schedule with warm-up
     * @throws IllegalArgumentException if W is negative
     */
    default LearningRateSchedule withWarmUp(long warmUpSteps) {
        Checks.atLeast("warmUpSteps", warmUpSteps, 0);
        return warmUpSteps == 0 ? this : new Schedules.LinearWarmUp(this, warmUpSteps);
    }

    /**
     * The same rate at every step: η(t) = η.
     *
     * @param rate η, finite and &gt; 0
     * @return the schedule
     * @throws IllegalArgumentException if η is not finite or not positive
     */
    static LearningRateSchedule constant(double rate) {
        return new Schedules.Constant(Checks.positive("rate", rate));
    }

    /**
     * Step decay: the rate is multiplied by γ every N steps, η(t) = max(η₀·γ^⌊t/N⌋, η_min) with the floor
     * η_min = {@link #DEFAULT_MINIMUM_RATE}. Like PyTorch's {@code StepLR}, except that t counts optimizer
     * steps, not epochs: to decay every E epochs of S steps, N = E·S.
     *
     * @param initialRate η₀, finite and &gt; 0
     * @param everySteps  N, ≥ 1
     * @param gamma       γ, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if a setting is out of its range
     */
    static LearningRateSchedule stepDecay(double initialRate, long everySteps, double gamma) {
        return stepDecay(initialRate, everySteps, gamma, Math.min(DEFAULT_MINIMUM_RATE, initialRate));
    }

    /**
     * Step decay with a floor: η(t) = max(η₀·γ^⌊t/N⌋, η_min), t counting optimizer steps.
     *
     * @param initialRate η₀, finite and &gt; 0
     * @param everySteps  N, ≥ 1
     * @param gamma       γ, in (0, 1]
     * @param minimumRate η_min, 0 &lt; η_min ≤ η₀: the rate never goes below it
     * @return the schedule
     * @throws IllegalArgumentException if a setting is out of its range
     */
    static LearningRateSchedule stepDecay(double initialRate, long everySteps, double gamma, double minimumRate) {
        Checks.positive("initialRate", initialRate);
        return new Schedules.StepDecay(initialRate, Checks.atLeast("everySteps", everySteps, 1),
                Schedules.checkGamma(gamma), Schedules.checkMinimum(initialRate, minimumRate));
    }

    /**
     * Exponential decay: η(t) = max(η₀·γᵗ, η_min) with the floor η_min = {@link #DEFAULT_MINIMUM_RATE}.
     * Like PyTorch's {@code ExponentialLR}, except that t counts optimizer steps, not epochs: a decay of
     * γ_epoch per epoch of S steps is γ = γ_epoch^(1/S) per step,
     * <pre>{@code double gamma = Math.pow(gammaPerEpoch, 1.0 / stepsPerEpoch);}</pre>
     *
     * @param initialRate η₀, finite and &gt; 0
     * @param gamma       γ per step, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if a setting is out of its range
     */
    static LearningRateSchedule exponential(double initialRate, double gamma) {
        return exponential(initialRate, gamma, Math.min(DEFAULT_MINIMUM_RATE, initialRate));
    }

    /**
     * Exponential decay with a floor: η(t) = max(η₀·γᵗ, η_min), t counting optimizer steps.
     *
     * @param initialRate η₀, finite and &gt; 0
     * @param gamma       γ per step, in (0, 1]
     * @param minimumRate η_min, 0 &lt; η_min ≤ η₀: the rate never goes below it
     * @return the schedule
     * @throws IllegalArgumentException if a setting is out of its range
     */
    static LearningRateSchedule exponential(double initialRate, double gamma, double minimumRate) {
        Checks.positive("initialRate", initialRate);
        return new Schedules.Exponential(initialRate, Schedules.checkGamma(gamma),
                Schedules.checkMinimum(initialRate, minimumRate));
    }

    /**
     * Cosine annealing from η₀ down to η_min over T steps, from Loshchilov &amp; Hutter (2017), "SGDR:
     * Stochastic Gradient Descent with Warm Restarts", without the restarts (PyTorch's
     * {@code CosineAnnealingLR} for its first T steps):
     * <pre>
     *   η(t) = η_min + ½·(η₀ − η_min)·(1 + cos(π·t/T))   for t &lt; T
     *   η(t) = η_min                                     for t ≥ T
     * </pre>
     *
     * @param initialRate η₀, finite and &gt; 0
     * @param minimumRate η_min, 0 &lt; η_min ≤ η₀ (not 0: optimizers refuse a rate of 0; a tiny rate such as
     *                    η₀/1000 anneals as far)
     * @param steps       T, ≥ 1
     * @return the schedule
     * @throws IllegalArgumentException if a setting is out of its range
     */
    static LearningRateSchedule cosineAnnealing(double initialRate, double minimumRate, long steps) {
        Checks.positive("initialRate", initialRate);
        return new Schedules.CosineAnnealing(initialRate, Schedules.checkMinimum(initialRate, minimumRate),
                Checks.atLeast("steps", steps, 1));
    }
}
