package io.github.backprop4j.train;

import io.github.backprop4j.optim.LearningRateSchedule;
import java.util.Locale;
import java.util.Objects;

/**
 * Lowers the learning rate when a monitored quantity has stopped improving: Keras's
 * {@code keras.callbacks.ReduceLROnPlateau} (keras 3, {@code keras/src/callbacks/reduce_lr_on_plateau.py}),
 * with its settings and their meaning. Give it to the trainer:
 * <pre>{@code Trainer trainer = Trainer.builder()
 *         .optimizer(new SgdOptimizer(0.1))
 *         .reduceLearningRateOnPlateau(ReduceLROnPlateau.builder().factor(0.5).patience(3).build())
 *         .epochs(100)
 *         .build();}</pre>
 *
 * <h2>When it reduces</h2>
 * After every epoch it reads the monitored quantity q ({@link EarlyStopping.Monitor}, by default the validation
 * cost) and, exactly as Keras does:
 * <pre>
 *   if in cooldown (cooldownCounter &gt; 0):  cooldownCounter ← cooldownCounter − 1,  wait ← 0
 *   if q improves on best by more than minDelta:  best ← q,  wait ← 0
 *   else if not in cooldown (cooldownCounter = 0, after the decrement above):
 *       wait ← wait + 1
 *       if wait ≥ patience and the current rate &gt; minLearningRate:
 *           m ← m·factor,  cooldownCounter ← cooldown,  wait ← 0
 * </pre>
 * "Improves by more than minDelta" is q &lt; best − minDelta for a cost, q &gt; best + minDelta for an accuracy
 * (Keras's mode "min" or "max", which its mode "auto" infers from the name as the monitor does here); best
 * starts at +∞ (−∞), so the first epoch improves. A NaN never improves. So with patience p and no improvement,
 * the rate is first reduced after the p-th epoch without one. During cooldown no epoch counts towards
 * patience, and an improvement still moves best; the epoch in which the cooldown counter reaches 0 already
 * counts. Once the rate is at its floor it is not reduced again, and (as in Keras) wait is then not reset.
 *
 * <h2>With a learning-rate schedule</h2>
 * The plateau does not replace a {@link LearningRateSchedule}: it keeps a multiplier m, 1 at the start of each
 * {@code fit} and multiplied by factor at each reduction, and the trainer sets, before every step t,
 * <pre>
 *   η(t) = max(m·s(t), min(minLearningRate, s(t)))
 * </pre>
 * where s is the schedule, or the optimizer's own rate when the fit started if there is none. So the plateau
 * scales the schedule's whole curve from its reduction on (a cosine keeps its shape, lower), never takes the
 * rate below minLearningRate itself, and never raises a schedule that goes lower on its own. Without a
 * schedule this is Keras's rule η ← max(η·factor, minLearningRate), up to the rounding of the product
 * (m·η₀ here, Keras multiplies η·factor in turn).
 *
 * <h2>What carries over</h2>
 * Like {@link EarlyStopping}, it starts afresh at each {@code fit}: best, wait, the cooldown and m. What a fit
 * leaves is in the optimizer: its rate, the last one set. So without a schedule a second fit (or a run resumed
 * from a checkpoint, which saves that rate) goes on at the reduced rate, as Keras does; with a schedule the
 * rate is the schedule's again, since it is computed from the step count alone.
 *
 * <p>Its state belongs to the fit that uses it: use one instance per trainer, as a trainer trains one network
 * at a time from one thread.
 */
public final class ReduceLROnPlateau {

    private final EarlyStopping.Monitor monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLearningRate;

    private double best;
    private int wait;
    private int cooldownCounter;
    private double multiplier = 1.0;
    private int reductions;

    private ReduceLROnPlateau(Builder b) {
        this.monitor = b.monitor;
        this.factor = b.factor;
        this.patience = b.patience;
        this.minDelta = b.minDelta;
        this.cooldown = b.cooldown;
        this.minLearningRate = b.minLearningRate;
        this.best = monitor.worst();
    }

    /**
     * A builder with Keras's defaults: the validation cost, factor 0.1, patience 10, minDelta 1e-4, cooldown 0,
     * and minLearningRate {@link LearningRateSchedule#DEFAULT_MINIMUM_RATE} (Keras: 0, which optimizers here
     * refuse as a rate).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a fit: best, wait, the cooldown and the multiplier as new.
     *
     * @throws IllegalArgumentException if the run does not give the monitored quantity
     */
    void start(TrainingListener.TrainStart event) {
        monitor.requireAvailable("reducing the learning rate on a plateau", event);
        best = monitor.worst();
        wait = 0;
        cooldownCounter = 0;
        multiplier = 1.0;
        reductions = 0;
    }

    /**
     * Takes an epoch's result (Keras's {@code on_epoch_end}) and reduces m if the quantity has not improved for
     * {@code patience} epochs. The current rate is the one of the epoch's last step.
     */
    void epochEnd(EpochResult result) {
        double value = monitor.of(result);
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improves(value, best, minDelta)) {
            best = value;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience && result.learningRate() > minLearningRate) {
                // m ← m·factor
                multiplier *= factor;
                reductions++;
                cooldownCounter = cooldown;
                wait = 0;
            }
        }
    }

    /**
     * The rate for a step whose schedule gives {@code scheduled}: η = max(m·s, min(minLearningRate, s)).
     *
     * @param scheduled s, the schedule's rate (or the optimizer's rate at the start of the fit), &gt; 0
     * @return η, &gt; 0
     */
    double rate(double scheduled) {
        return Math.max(multiplier * scheduled, Math.min(minLearningRate, scheduled));
    }

    /**
     * The multiplier m of the rate: 1 at the start of a fit, times factor at each reduction.
     *
     * @return m, in (0, 1]
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * How many times the rate was reduced in the current (or last) fit.
     *
     * @return the count, ≥ 0
     */
    public int reductions() {
        return reductions;
    }

    /**
     * The best monitored value of the current (or last) fit.
     *
     * @return the value, or ±∞ before the first epoch ends
     */
    public double best() {
        return best;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ReduceLROnPlateau(%s, factor=%s, patience=%d, minDelta=%s, cooldown=%d,"
                + " minLearningRate=%s)", monitor.label(), factor, patience, minDelta, cooldown, minLearningRate);
    }

    /** Settings of a {@link ReduceLROnPlateau}; each setter checks its value at once. */
    public static final class Builder {
        private EarlyStopping.Monitor monitor = EarlyStopping.Monitor.VALIDATION_COST;
        private double factor = 0.1;
        private int patience = 10;
        private double minDelta = 1e-4;
        private int cooldown;
        private double minLearningRate = LearningRateSchedule.DEFAULT_MINIMUM_RATE;

        private Builder() {
        }

        /**
         * What to watch (default the validation cost, Keras's {@code "val_loss"}); whether lower or higher is
         * better follows from it.
         *
         * @param monitor the quantity
         * @return this builder
         */
        public Builder monitor(EarlyStopping.Monitor monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        /**
         * The factor the rate is multiplied by at each reduction (default 0.1).
         *
         * @param factor in (0, 1)
         * @return this builder
         * @throws IllegalArgumentException if {@code factor} is not in (0, 1)
         */
        public Builder factor(double factor) {
            if (!(factor > 0.0 && factor < 1.0)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
            }
            this.factor = factor;
            return this;
        }

        /**
         * How many epochs without improvement to wait before reducing (default 10). (Keras's patience 0 acts
         * as 1.)
         *
         * @param patience ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code patience} &lt; 1
         */
        public Builder patience(int patience) {
            if (patience < 1) {
                throw new IllegalArgumentException("ReduceLROnPlateau: patience must be ≥ 1, got " + patience);
            }
            this.patience = patience;
            return this;
        }

        /**
         * How much better a value must be to count as an improvement (default 1e-4).
         *
         * @param minDelta finite, ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if {@code minDelta} is negative or not finite
         */
        public Builder minDelta(double minDelta) {
            if (!(minDelta >= 0.0 && Double.isFinite(minDelta))) {
                throw new IllegalArgumentException("ReduceLROnPlateau: minDelta must be finite and ≥ 0, got "
                        + minDelta);
            }
            this.minDelta = minDelta;
            return this;
        }

        /**
         * How many epochs after a reduction to wait before counting epochs without improvement again
         * (default 0).
         *
         * @param cooldown ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if {@code cooldown} is negative
         */
        public Builder cooldown(int cooldown) {
            if (cooldown < 0) {
                throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be ≥ 0, got " + cooldown);
            }
            this.cooldown = cooldown;
            return this;
        }

        /**
         * The floor below which the plateau does not take the rate (Keras's {@code min_lr}; default
         * {@link LearningRateSchedule#DEFAULT_MINIMUM_RATE}).
         *
         * @param minLearningRate finite, &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if it is not finite or not positive
         */
        public Builder minLearningRate(double minLearningRate) {
            if (!(minLearningRate > 0.0 && Double.isFinite(minLearningRate))) {
                throw new IllegalArgumentException("ReduceLROnPlateau: minLearningRate must be finite and > 0, got "
                        + minLearningRate + " (optimizers refuse a rate of 0)");
            }
            this.minLearningRate = minLearningRate;
            return this;
        }

        /**
         * The plateau rule.
         *
         * @return a new {@link ReduceLROnPlateau}
         */
        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
