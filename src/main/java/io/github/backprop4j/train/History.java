package io.github.backprop4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The per-epoch record of a training run: training and validation cost and accuracy, learning rate and
 * time. A {@link Trainer} always keeps one and returns it from {@link Trainer#fit}.
 */
public final class History implements TrainingListener {

    private final List<EpochResult> epochs = new ArrayList<>();
    private String stopReason;

    /** An empty history. */
    public History() {
    }

    @Override
    public void onEpochEnd(EpochEnd event) {
        epochs.add(event.result());
    }

    @Override
    public void onTrainEnd(TrainEnd event) {
        stopReason = event.stopReason();
    }

    /**
     * Every epoch's results, in order.
     *
     * @return an unmodifiable view
     */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * The last epoch's results.
     *
     * @return the last result
     * @throws IllegalStateException if no epoch has ended
     */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("history: no epoch has ended yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /**
     * Why training stopped early, if it did.
     *
     * @return the reason, or {@code null} if all epochs ran (or training has not ended)
     */
    public String stopReason() {
        return stopReason;
    }

    /**
     * Training cost per epoch.
     *
     * @return a new array, one value per epoch
     */
    public double[] trainingCosts() {
        return column(EpochResult::trainingCost);
    }

    /**
     * Validation cost per epoch (NaN without a validation set).
     *
     * @return a new array, one value per epoch
     */
    public double[] validationCosts() {
        return column(EpochResult::validationCost);
    }

    /**
     * Training accuracy per epoch (NaN for regression).
     *
     * @return a new array, one value per epoch
     */
    public double[] trainingAccuracies() {
        return column(EpochResult::trainingAccuracy);
    }

    /**
     * Validation accuracy per epoch (NaN without a validation set or for regression).
     *
     * @return a new array, one value per epoch
     */
    public double[] validationAccuracies() {
        return column(EpochResult::validationAccuracy);
    }

    private double[] column(ToDoubleFunction<EpochResult> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    /**
     * A short summary, for logs: the epochs run, the last epoch's costs and accuracies, the best epoch (by
     * validation cost, or by training cost without a validation set) and why training stopped early, if it
     * did, e.g.
     * {@code History[12 epochs, last: cost 0.3120  acc 0.8890  val_cost 0.3411  val_acc 0.8790; best: epoch 9,
     * val_cost 0.3398; stopped: no improvement for 3 epochs]}.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History[").append(epochs.size())
                .append(epochs.size() == 1 ? " epoch" : " epochs");
        if (!epochs.isEmpty()) {
            sb.append(", last: ").append(last().metrics());
            boolean validated = epochs.stream().anyMatch(r -> !Double.isNaN(r.validationCost()));
            ToDoubleFunction<EpochResult> cost = validated ? EpochResult::validationCost : EpochResult::trainingCost;
            EpochResult best = null;
            for (EpochResult r : epochs) {
                if (Double.isFinite(cost.applyAsDouble(r))
                        && (best == null || cost.applyAsDouble(r) < cost.applyAsDouble(best))) {
                    best = r;
                }
            }
            if (best != null) {
                sb.append(String.format(Locale.ROOT, "; best: epoch %d, %s %.4f", best.epoch(),
                        validated ? "val_cost" : "cost", cost.applyAsDouble(best)));
            }
        }
        if (stopReason != null) {
            sb.append("; stopped: ").append(stopReason);
        }
        return sb.append(']').toString();
    }
}
