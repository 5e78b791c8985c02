package io.github.backprop4j.train;

import java.util.Locale;

/**
 * Thrown when training produces a non-finite cost, gradient, weight or bias, or validation cost (NaN or ±∞):
 * the weights have diverged and every later step would only spread the damage. The message names where it
 * happened (for a gradient or parameter, its element, e.g. {@code layers.0.weights (1, 2) is Infinity after
 * the step}) and suggests what to change; the accessors give the same facts to code.
 */
public class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** The epoch, from 1. */
    private final int epoch;
    /** The batch within the epoch, from 1. */
    private final int batch;
    /** The first layer with non-finite values, or −1. */
    private final int layer;
    /** The last finite batch cost, or NaN. */
    private final double lastFiniteCost;
    /** The learning rate in use. */
    private final double learningRate;
    /** The epochs that finished before training diverged; set by the trainer, not serialized. */
    private transient History history;

    /**
     * Creates the exception; the message is built from the facts.
     *
     * @param what           what became non-finite, e.g. "the cost is NaN"
     * @param epoch          the epoch, from 1
     * @param batch          the batch within the epoch, from 1 (for the validation cost, the epoch's last)
     * @param layer          the first layer found with non-finite values, or −1 if none is to blame
     * @param lastFiniteCost the last finite batch cost, or NaN if there was none
     * @param learningRate   the learning rate in use
     */
    public TrainingDivergedException(String what, int epoch, int batch, int layer, double lastFiniteCost,
                                     double learningRate) {
        super(String.format(Locale.ROOT,
                "training diverged at epoch %d, batch %d: %s%s; last finite cost %s, learning rate %s."
                        + " Try scaling the inputs (e.g. standardize them) or lowering the learning rate.",
                epoch, batch, what, layer >= 0 ? " (first in layer " + layer + ")" : "",
                Double.isNaN(lastFiniteCost) ? "none" : String.format(Locale.ROOT, "%.6g", lastFiniteCost),
                learningRate));
        this.epoch = epoch;
        this.batch = batch;
        this.layer = layer;
        this.lastFiniteCost = lastFiniteCost;
        this.learningRate = learningRate;
    }

    /**
     * The epoch, from 1.
     *
     * @return the epoch
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The batch within the epoch, from 1.
     *
     * @return the batch
     */
    public int batch() {
        return batch;
    }

    /**
     * The first layer with non-finite values, or −1.
     *
     * @return the layer index
     */
    public int layer() {
        return layer;
    }

    /**
     * The last finite batch cost seen, or NaN if there was none.
     *
     * @return the cost
     */
    public double lastFiniteCost() {
        return lastFiniteCost;
    }

    /**
     * The history of the epochs that finished before training diverged (empty if it diverged in the first
     * epoch), or {@code null} if the exception did not come from a {@link Trainer}.
     *
     * @return the history, or {@code null}
     */
    public History history() {
        return history;
    }

    void setHistory(History history) {
        this.history = history;
    }

    /**
     * The learning rate in use.
     *
     * @return η
     */
    public double learningRate() {
        return learningRate;
    }
}
