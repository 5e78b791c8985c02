package io.github.backprop4j.train;

import java.util.Locale;

/**
 * What one epoch of training gave.
 *
 * @param epoch              the epoch, from 1
 * @param trainingCost       the mean cost per training sample over the epoch's batches (with dropout
 *                           active, measured as the weights changed, as Keras reports it)
 * @param trainingAccuracy   the accuracy over the epoch's batches, or NaN for a regression loss
 * @param validationCost     the cost on the validation set after the epoch, or NaN without one
 * @param validationAccuracy the validation accuracy, or NaN without a validation set or for regression
 * @param learningRate       the learning rate of the epoch's last step
 * @param samples            training samples in the epoch
 * @param seconds            the epoch's wall-clock time, validation included
 * @param trainingSeconds    the time spent on the training steps alone
 */
public record EpochResult(int epoch, double trainingCost, double trainingAccuracy, double validationCost,
                          double validationAccuracy, double learningRate, int samples, double seconds,
                          double trainingSeconds) {

    /**
     * Training throughput: samples per second of training steps.
     *
     * @return samples / trainingSeconds
     */
    public double samplesPerSecond() {
        return samples / trainingSeconds;
    }

    /**
     * One line, for logs: {@code epoch 3  cost 0.4123  acc 0.8512  val_cost 0.4410  val_acc 0.8400  2.1 s}.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epoch %d  %s  %.1f s", epoch, metrics(), seconds);
    }

    /**
     * The costs and accuracies, {@code cost 0.4123  acc 0.8512  val_cost 0.4410  val_acc 0.8400}, leaving out
     * the accuracies and validation cost that are NaN because there are none.
     */
    String metrics() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "cost %.4f", trainingCost));
        if (!Double.isNaN(trainingAccuracy)) {
            sb.append(String.format(Locale.ROOT, "  acc %.4f", trainingAccuracy));
        }
        if (!Double.isNaN(validationCost)) {
            sb.append(String.format(Locale.ROOT, "  val_cost %.4f", validationCost));
        }
        if (!Double.isNaN(validationAccuracy)) {
            sb.append(String.format(Locale.ROOT, "  val_acc %.4f", validationAccuracy));
        }
        return sb.toString();
    }
}
