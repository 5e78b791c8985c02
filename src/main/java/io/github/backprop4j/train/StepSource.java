package io.github.backprop4j.train;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.nn.Network;

/**
 * Where the steps of a {@link Trainer}'s loop come from, in place of its own forward and backward passes over a
 * dataset: the seam for a driver that computes gradients, or trains and averages parameters, elsewhere (on other
 * threads, processes or machines) and keeps the trainer's loop: the learning-rate schedule, gradient clipping, the
 * non-finite checks, listeners, validation and early stopping. {@link Trainer#fit(Network, StepSource, Dataset)}
 * runs it:
 *
 * <pre>
 *   for each epoch:  source.startEpoch(epoch), then for step = 1 … steps():
 *       source.step(epoch, step, network, report)     the source says which of the two it did:
 *         report.gradient(…)     it left the step's gradient in the network (Network.setFlatGradient);
 *                                the trainer checks it, clips it, sets η = schedule(t) and steps its optimizer
 *         report.parameters(…)   it set the network's parameters itself (averaged over workers, each of
 *                                which stepped an optimizer of its own); the trainer checks them
 *       listeners hear the step as a batch
 *   validation, epoch results, early stopping, as for a dataset
 * </pre>
 *
 * <p>A source that leaves gradients gets exactly the trainer's update: one that leaves, for each step, the
 * gradient a backward pass would leave for the same batch trains the network bit for bit as
 * {@link Trainer#fit(Network, Dataset)} does.
 */
public interface StepSource {

    /**
     * The number of samples one epoch trains on, for the listeners.
     *
     * @return the samples per epoch, ≥ 1
     */
    int samples();

    /**
     * The number of steps in every epoch.
     *
     * @return steps per epoch, ≥ 1
     */
    int steps();

    /**
     * The most samples one step trains on, for the listeners (a batch size).
     *
     * @return ≥ 1
     */
    int batchSize();

    /**
     * Called at the start of each epoch, after the listeners heard of it and before its first step (a source
     * that shuffles does it here). The default does nothing.
     *
     * @param epoch the epoch, from 1
     */
    default void startEpoch(int epoch) {
    }

    /**
     * Takes step {@code step} of epoch {@code epoch} on {@code network}, and reports it through {@code report}:
     * by {@link Report#gradient} after leaving the step's gradient in the network, or by
     * {@link Report#parameters} after setting its parameters. Called from the trainer's thread, in order.
     *
     * @param epoch   the epoch, from 1
     * @param step    the step within the epoch, from 1 to {@link #steps()}
     * @param network the network being trained: its gradients or parameters are modified
     * @param report  where to say what the step did; exactly one of its methods must be called
     */
    void step(int epoch, int step, Network network, Report report);

    /**
     * What one step did, told by the source: reused from step to step, so that a step allocates nothing.
     */
    final class Report {
        boolean gradient;
        boolean told;
        /** The step had nothing to learn from (a batch whose samples all weigh 0): no update, not counted. */
        boolean skipped;
        int samples;
        /** The weight of the step's samples in the epoch's mean cost: Σw, or the sample count. */
        double weight;
        double cost;
        long correct;
        long predictions;
        double learningRate;

        Report() {
        }

        /**
         * The step left the gradient of its samples in the network, for the trainer's optimizer to apply (after
         * clipping, at the scheduled rate).
         *
         * @param samples     the samples the gradient is over, ≥ 1
         * @param cost        their mean cost
         * @param correct     how many of their predictions were right (0 for regression)
         * @param predictions how many predictions were counted (0 for regression: no accuracy)
         * @throws IllegalArgumentException if {@code samples} &lt; 1 or a count is negative
         */
        public void gradient(int samples, double cost, long correct, long predictions) {
            tell(true, samples, cost, correct, predictions, Double.NaN);
        }

        /**
         * The step set the network's parameters itself (the trainer's optimizer is not stepped).
         *
         * @param samples      the samples trained on, ≥ 1
         * @param cost         their mean cost (as the parameters' trainers measured it)
         * @param correct      how many of their predictions were right (0 for regression)
         * @param predictions  how many predictions were counted (0 for regression: no accuracy)
         * @param learningRate the learning rate the step used, as listeners are told
         * @throws IllegalArgumentException if {@code samples} &lt; 1 or a count is negative
         */
        public void parameters(int samples, double cost, long correct, long predictions, double learningRate) {
            tell(false, samples, cost, correct, predictions, learningRate);
        }

        /** The trainer's own steps: a batch whose samples all weigh 0 has nothing to learn from. */
        void nothingToLearn(int samples) {
            tell(false, samples, Double.NaN, 0, 0, Double.NaN);
            this.skipped = true;
        }

        private void tell(boolean gradient, int samples, double cost, long correct, long predictions,
                          double learningRate) {
            if (samples < 1 || correct < 0 || predictions < 0) {
                throw new IllegalArgumentException("step report: samples must be ≥ 1 and the counts ≥ 0, got "
                        + samples + " samples, " + correct + " correct of " + predictions);
            }
            this.gradient = gradient;
            this.told = true;
            this.skipped = false;
            this.samples = samples;
            this.weight = samples;
            this.cost = cost;
            this.correct = correct;
            this.predictions = predictions;
            this.learningRate = learningRate;
        }
    }
}
