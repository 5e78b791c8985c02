package io.github.backprop4j.train;

import io.github.backprop4j.nn.ClassificationLoss;
import java.util.Locale;
import java.util.Objects;

/**
 * Stops training when a monitored quantity has not improved for {@code patience} epochs and, if asked,
 * puts back the weights of the best epoch when training ends.
 *
 * <pre>{@code trainer.listener(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 3, 1e-4, true));}</pre>
 */
public final class EarlyStopping implements TrainingListener {

    /**
     * What to watch, and in which direction it improves: down for a cost, up for an accuracy (Keras's
     * {@code mode}, "min" or "max", as its {@code "auto"} infers it). {@link ReduceLROnPlateau} watches the same.
     */
    public enum Monitor {
        /** The validation cost; lower is better. Needs a validation set. */
        VALIDATION_COST(true, "validation cost"),
        /** The validation accuracy; higher is better. Needs a validation set and a classifier. */
        VALIDATION_ACCURACY(false, "validation accuracy"),
        /** The training cost; lower is better. */
        TRAINING_COST(true, "training cost");

        private final boolean lowerIsBetter;
        private final String label;

        Monitor(boolean lowerIsBetter, String label) {
            this.lowerIsBetter = lowerIsBetter;
            this.label = label;
        }

        double of(EpochResult r) {
            return switch (this) {
                case VALIDATION_COST -> r.validationCost();
                case VALIDATION_ACCURACY -> r.validationAccuracy();
                case TRAINING_COST -> r.trainingCost();
            };
        }

        /** The starting best, which any value improves on: +∞ for a cost, −∞ for an accuracy. */
        double worst() {
            return lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        /**
         * Whether {@code value} improves on {@code best} by more than {@code minDelta} (Keras's
         * {@code monitor_op}): value &lt; best − minDelta for a cost, value &gt; best + minDelta for an accuracy.
         * NaN never improves.
         */
        boolean improves(double value, double best, double minDelta) {
            return lowerIsBetter ? value < best - minDelta : value > best + minDelta;
        }

        /**
         * Refuses a training run that does not give this quantity: a validation quantity without a validation
         * set, an accuracy without a classifier.
         *
         * @param who what watches it, for the message, e.g. {@code "early stopping"}
         */
        void requireAvailable(String who, TrainStart event) {
            if (this != TRAINING_COST && event.validationSamples() == 0) {
                throw new IllegalArgumentException(who + " on the " + label
                        + " needs a validation set: pass one to fit(network, training, validation)");
            }
            if (this == VALIDATION_ACCURACY && !(event.control().network().loss() instanceof ClassificationLoss)) {
                throw new IllegalArgumentException(who + " on the validation accuracy needs a classifier"
                        + " (cross-entropy or binary cross-entropy); monitor the validation cost instead");
            }
        }

        /** The quantity's name in messages, e.g. {@code "validation cost"}. */
        String label() {
            return label;
        }
    }

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;

    private double best;
    private int bestEpoch;
    private int epochsWithoutImprovement;
    private double[] bestParameters;

    /**
     * Creates the listener.
     *
     * @param monitor     what to watch
     * @param patience    how many epochs without improvement to allow, ≥ 1
     * @param minDelta    how much better a value must be to count as an improvement, ≥ 0
     * @param restoreBest whether to put back the best epoch's weights when training ends
     * @throws IllegalArgumentException if {@code patience} &lt; 1 or {@code minDelta} is negative or NaN
     */
    public EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping: patience must be ≥ 1, got " + patience);
        }
        if (!(minDelta >= 0.0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("early stopping: minDelta must be finite and ≥ 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
    }

    @Override
    public void onTrainStart(TrainStart event) {
        monitor.requireAvailable("early stopping", event);
        best = monitor.worst();
        bestEpoch = 0;
        epochsWithoutImprovement = 0;
        bestParameters = null;
    }

    @Override
    public void onEpochEnd(EpochEnd event) {
        double value = monitor.of(event.result());
        if (monitor.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = event.result().epoch();
            epochsWithoutImprovement = 0;
            if (restoreBest) {
                bestParameters = event.control().network().flatParameters();
            }
            return;
        }
        epochsWithoutImprovement++;
        if (epochsWithoutImprovement >= patience) {
            event.control().requestStop(String.format(Locale.ROOT,
                    "early stopping: the %s has not improved for %d epochs (best %.6g at epoch %d)", monitor.label,
                    epochsWithoutImprovement, best, bestEpoch));
        }
    }

    @Override
    public void onTrainEnd(TrainEnd event) {
        if (restoreBest && bestParameters != null) {
            event.network().setFlatParameters(bestParameters);
        }
    }

    /**
     * The epoch with the best monitored value so far.
     *
     * @return the epoch, from 1, or 0 before the first epoch ends
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The best monitored value so far.
     *
     * @return the value, or ±∞ before the first epoch ends
     */
    public double best() {
        return best;
    }
}
