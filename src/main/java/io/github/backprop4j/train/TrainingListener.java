package io.github.backprop4j.train;

import io.github.backprop4j.nn.Network;

/**
 * Hears what a {@link Trainer} does: training start and end, each epoch's start and end, each batch's
 * end. Every method has an empty default, so a listener implements only what it needs. Listeners are
 * called on the training thread, in the order they were added, and must not change the network except
 * through what the events allow ({@link Control#requestStop}).
 *
 * <p>The library's own listeners: {@link History} (always present; {@link Trainer#fit} returns it),
 * {@link EarlyStopping} and {@link ProgressBar}.
 */
public interface TrainingListener {

    /**
     * Training is about to start.
     *
     * @param event what will be trained and how
     */
    default void onTrainStart(TrainStart event) {
    }

    /**
     * An epoch is about to start.
     *
     * @param event which epoch
     */
    default void onEpochStart(EpochStart event) {
    }

    /**
     * A batch has been trained: forward, backward and the optimizer's step are done.
     *
     * @param event the batch's cost and progress
     */
    default void onBatchEnd(BatchEnd event) {
    }

    /**
     * An epoch has ended, validation included.
     *
     * @param event the epoch's results
     */
    default void onEpochEnd(EpochEnd event) {
    }

    /**
     * Training has ended, normally or by a stop request. Not called when training fails with an exception.
     *
     * @param event how it ended
     */
    default void onTrainEnd(TrainEnd event) {
    }

    /** What a listener may do to the training it hears: look at the network, or ask training to stop. */
    interface Control {

        /**
         * The network being trained. Read it; change it only between epochs (as {@link EarlyStopping}
         * restores its best weights at the end).
         *
         * @return the network
         */
        Network network();

        /**
         * Asks training to stop after the current batch (if called from {@link #onBatchEnd}) or the current
         * epoch. The first reason given is kept.
         *
         * @param reason why, for {@link TrainEnd#stopReason()}
         */
        void requestStop(String reason);

        /**
         * Whether a stop has been requested.
         *
         * @return {@code true} after {@link #requestStop}
         */
        boolean isStopRequested();
    }

    /**
     * Training is about to start.
     *
     * @param control          the training's control
     * @param epochs           the number of epochs asked for
     * @param batchesPerEpoch  batches in each epoch (the last one may be shorter)
     * @param batchSize        samples per batch
     * @param samples          training samples per epoch
     * @param validationSamples validation samples (0 without a validation set)
     */
    record TrainStart(Control control, int epochs, int batchesPerEpoch, int batchSize, int samples,
                      int validationSamples) {
    }

    /**
     * An epoch is about to start.
     *
     * @param control the training's control
     * @param epoch   the epoch, from 1
     * @param epochs  the number of epochs asked for
     */
    record EpochStart(Control control, int epoch, int epochs) {
    }

    /**
     * A batch has been trained.
     *
     * @param control        the training's control
     * @param epoch          the epoch, from 1
     * @param epochs         the number of epochs asked for
     * @param batch          the batch within the epoch, from 1
     * @param batches        batches in the epoch
     * @param batchSize      samples in this batch
     * @param cost           the batch's cost C (computed before the step)
     * @param runningCost    the mean cost per sample over the epoch so far
     * @param learningRate   the learning rate the step used
     * @param samplesSoFar   samples trained in this epoch so far
     * @param elapsedNanos   time since the epoch started
     */
    record BatchEnd(Control control, int epoch, int epochs, int batch, int batches, int batchSize, double cost,
                    double runningCost, double learningRate, long samplesSoFar, long elapsedNanos) {
    }

    /**
     * An epoch has ended.
     *
     * @param control the training's control
     * @param epochs  the number of epochs asked for
     * @param result  the epoch's costs, accuracies and time
     */
    record EpochEnd(Control control, int epochs, EpochResult result) {
    }

    /**
     * Training has ended.
     *
     * @param network      the trained network
     * @param epochsRun    how many epochs ran (fewer than asked if stopped)
     * @param stopReason   why it stopped early, or {@code null} if it ran all epochs
     * @param elapsedNanos the whole training time
     */
    record TrainEnd(Network network, int epochsRun, String stopReason, long elapsedNanos) {
    }
}
