package io.github.backprop4j.train;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.Shuffle;
import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.internal.SampleWeights;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.ClassificationLoss;
import io.github.backprop4j.nn.Evaluation;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import io.github.backprop4j.optim.GradientClipping;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Trains a network on a dataset for a number of epochs in mini-batches:
 *
 * <pre>
 *   for each epoch:
 *       shuffle the sample order (from the trainer's seeded generator)
 *       for each batch X, y of that order:
 *           ŷ = network.forward(X)
 *           C = network.backward(y)          Eo, Eh, C′(W), C′(B)
 *               (with sample or class weights w: network.backward(y, w), C = Σᵢ wᵢ Cᵢ / Σw;
 *                a batch whose samples all weigh 0 is skipped)
 *           check that C is finite
 *           clip the gradients' global norm (if asked; every C′ is checked to be finite first)
 *           η = schedule(t) (if a schedule was given; t = the optimizer's step count),
 *               times the plateau's multiplier (if one was given)
 *           optimizer.step(network)          e.g. W ← W − η·C′(W), checking in the same pass
 *                                            that every C′ it reads and every W and B it writes is finite
 *           if not (or the optimizer did not check): find the first non-finite C′, then W or B
 *       evaluate on the validation set, if any, and check that its cost is finite
 *       reduce the plateau's multiplier if the monitored quantity stopped improving (if one was given)
 * </pre>
 *
 * <pre>{@code Trainer trainer = Trainer.builder()
 *         .optimizer(new SgdOptimizer(0.1))
 *         .epochs(20).batchSize(64).seed(7)
 *         .listener(ProgressBar.toStandardOutput())
 *         .build();
 * History history = trainer.fit(network, training, validation);}</pre>
 *
 * <p>Steady-state training allocates nothing per batch: the batch matrices are reused (one pair for
 * full batches, one for the shorter last batch), and so are the layers' buffers. The same seed, data and
 * network give the same weights bit for bit.
 *
 * <p><b>Weights.</b> A training set with sample weights ({@link Dataset#hasWeights()}) is trained on the
 * weighted cost {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ} of each batch ({@link Network#backward(Matrix, double[])}), and
 * {@link Builder#classWeights(double...)} or {@link Builder#balancedClassWeights()} multiply each sample's
 * weight by its class's. The epoch's training cost is then the weighted mean over the epoch. A validation set
 * with sample weights is scored by its weighted cost ({@link Network#evaluate(Matrix, Matrix, double[])}); class
 * weights apply to training only, as in Keras. Without weights, training is bit for bit what it is unweighted.
 *
 * <p>A non-finite cost, gradient, weight or bias after a step, or validation cost stops training with a
 * {@link TrainingDivergedException} naming the epoch, the batch, the first layer affected and, for a gradient
 * or parameter, the element, unless {@link Builder#stopOnNonFinite(boolean)} turned that off: so {@code fit}
 * never returns a network that holds NaN or ±∞. The check of a step is made in the optimizer's own pass
 * ({@link Optimizer#lastStepFinite()}), so when it fails the step has been taken: the network that the
 * exception leaves holds the step's values (an {@link EarlyStopping} that restores its best weights puts them
 * back). Data with non-finite values cannot reach training:
 * {@link Dataset} refuses it, naming the row and column.
 *
 * <p>The same loop runs around steps that come from elsewhere: {@link #fit(Network, StepSource, Dataset)} takes
 * each step's gradient, or the parameters after it, from a {@link StepSource} (a data-parallel driver, for
 * example), and keeps the schedule, clipping, checks, listeners, validation and early stopping.
 *
 * <p>A trainer trains one network at a time, driven from the calling thread. The network's matrix
 * products may use more threads: {@link Builder#threads(int)} sets how many for the run (by default the
 * network's own setting, {@link Network#threads()}, is kept). Results are bitwise the same for any count.
 */
public final class Trainer {

    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final ReduceLROnPlateau plateau;
    private final double clipNorm;
    private final int epochs;
    private final int batchSize;
    private final RandomGenerator random;
    private final boolean shuffle;
    private final boolean stopOnNonFinite;
    private final List<TrainingListener> listeners;
    private final int threads;
    /** One weight per class, or null; with {@link #balanced}, the balanced rule. */
    private final double[] classWeights;
    private final boolean balanced;

    private Trainer(Builder b) {
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.plateau = b.plateau;
        this.clipNorm = b.clipNorm;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.random = b.random;
        this.shuffle = b.shuffle;
        this.stopOnNonFinite = b.stopOnNonFinite;
        this.listeners = List.copyOf(b.listeners);
        this.threads = b.threads;
        this.classWeights = b.classWeights;
        this.balanced = b.balanced;
    }

    /**
     * A builder; an optimizer is required, everything else has a default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code network} on {@code training} without a validation set.
     *
     * @param network  the network; its weights are modified
     * @param training the training set; not modified
     * @return the history of the run
     * @throws ShapeException             if the data does not fit the network
     * @throws IllegalArgumentException   if the training set is empty
     * @throws IllegalStateException      if the trainer's optimizer has already stepped another network's
     *                                    parameters
     * @throws TrainingDivergedException  if the cost, a gradient or a parameter becomes non-finite
     */
    public History fit(Network network, Dataset training) {
        return fit(network, training, null);
    }

    /**
     * Trains {@code network} on {@code training}, evaluating on {@code validation} after every epoch.
     *
     * @param network    the network; its weights are modified
     * @param training   the training set; not modified
     * @param validation the validation set, or {@code null}; not modified
     * @return the history of the run
     * @throws ShapeException             if the data does not fit the network
     * @throws IllegalArgumentException   if the training or validation set is empty, or its weights sum to 0
     *                                    (a part cut from a weighted set), a listener or the plateau watches a
     *                                    quantity the run does not give (a validation cost without a validation
     *                                    set), or class weights were asked for a network without classes
     *                                    (regression, multi-label), targets that are not classes, or another
     *                                    number of classes
     * @throws IllegalStateException      if the trainer's optimizer has already stepped another network's
     *                                    parameters (an optimizer belongs to one network: build a trainer
     *                                    with a new optimizer for each network)
     * @throws TrainingDivergedException  if the cost, a gradient, a parameter or the validation cost becomes
     *                                    non-finite
     */
    public History fit(Network network, Dataset training, Dataset validation) {
        Objects.requireNonNull(network, "network");
        requireFits("training", network, training);
        if (validation != null) {
            requireFits("validation", network, validation);
        }
        if (training.size() == 0) {
            throw new IllegalArgumentException("fit: the training set is empty");
        }
        if (validation != null && validation.size() == 0) {
            throw new IllegalArgumentException("fit: the validation set is empty; pass null for none");
        }
        requireSomeWeight("training", training);
        requireSomeWeight("validation", validation);
        Dataset weighted = classWeights != null || balanced ? ClassWeights.apply(network, training, classWeights)
                : training;
        return run(network, new DatasetSteps(network, weighted), validation);
    }

    /**
     * Trains {@code network} with steps from {@code source}, evaluating on {@code validation} after every epoch:
     * the loop of {@link #fit(Network, Dataset, Dataset)} (epochs, listeners, the learning-rate schedule,
     * gradient clipping, the non-finite checks, validation, early stopping) around gradients or parameters that
     * come from elsewhere, such as a data-parallel driver. The trainer's batch size, seed and shuffle settings
     * are the source's business and are not used.
     *
     * @param network    the network; its weights are modified (by the optimizer, or by the source)
     * @param source     the steps: their gradients, or the parameters after them
     * @param validation the validation set, or {@code null}; not modified
     * @return the history of the run
     * @throws ShapeException             if the validation set does not fit the network
     * @throws IllegalArgumentException   if the validation set is empty, or the source reports fewer than one
     *                                    step, sample or batch size, or a step that reports nothing
     * @throws IllegalStateException      if the trainer's optimizer has already stepped another network's
     *                                    parameters
     * @throws TrainingDivergedException  if the cost, a gradient, a parameter or the validation cost becomes
     *                                    non-finite
     */
    public History fit(Network network, StepSource source, Dataset validation) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(source, "source");
        if (validation != null) {
            requireFits("validation", network, validation);
            if (validation.size() == 0) {
                throw new IllegalArgumentException("fit: the validation set is empty; pass null for none");
            }
        }
        requireSomeWeight("validation", validation);
        if (source.steps() < 1 || source.samples() < 1 || source.batchSize() < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "fit: the step source reports %d steps of at most %d of %d samples; each must be ≥ 1",
                    source.steps(), source.batchSize(), source.samples()));
        }
        return run(network, source, validation);
    }

    private History run(Network network, StepSource source, Dataset validation) {
        History history = new History();
        List<TrainingListener> all = new ArrayList<>(listeners.size() + 1);
        all.add(history);
        all.addAll(listeners);
        int networkThreads = network.threads();
        if (threads > 0) {
            network.setThreads(threads);
        }
        try {
            new Run(network, source, validation, all, history).train();
        } finally {
            network.setThreads(networkThreads);
        }
        return history;
    }

    private static void requireFits(String which, Network network, Dataset data) {
        Objects.requireNonNull(data, which);
        if (data.featureCount() != network.inputSize()) {
            throw ShapeException.of("fit: the %s set has %d features but the network takes %d inputs", which,
                    data.featureCount(), network.inputSize());
        }
        if (!network.loss().acceptsTargetWidth(data.targetCount(), network.outputSize())) {
            throw ShapeException.of("fit: the %s set has targets of width %d but the network has %d outputs",
                    which, data.targetCount(), network.outputSize());
        }
    }

    /**
     * The trainer's own steps: the batches of a dataset in an order shuffled every epoch (from the trainer's
     * generator), each a forward and a backward pass of the network. The batch matrices are reused: one pair for
     * full batches, one for the shorter last batch.
     */
    private final class DatasetSteps implements StepSource {
        private final Dataset training;
        private final ClassificationLoss classifier;
        private final int[] order;
        private final int batches;
        private final Matrix[] full;
        private final Matrix[] last;

        DatasetSteps(Network network, Dataset training) {
            this.training = training;
            this.classifier = network.loss() instanceof ClassificationLoss c ? c : null;
            int n = training.size();
            this.order = Shuffle.identity(n);
            this.batches = (n + batchSize - 1) / batchSize;
            int fullSize = Math.min(batchSize, n);
            int lastSize = n - (batches - 1) * fullSize;
            this.full = batchBuffers(fullSize);
            this.last = lastSize == fullSize ? full : batchBuffers(lastSize);
        }

        private Matrix[] batchBuffers(int rows) {
            Matrix x = Matrix.zeros(rows, training.featureCount());
            Matrix y = Matrix.zeros(rows, training.targetCount());
            // a weighted set's batch has its weights too: a column whose backing array is w
            return training.hasWeights() ? new Matrix[] {x, y, Matrix.zeros(rows, 1)} : new Matrix[] {x, y};
        }

        @Override
        public int samples() {
            return training.size();
        }

        @Override
        public int steps() {
            return batches;
        }

        @Override
        public int batchSize() {
            return full[0].rows();
        }

        @Override
        public void startEpoch(int epoch) {
            if (shuffle) {
                // each epoch's order depends only on the generator's state, not on earlier epochs, so a
                // run resumed with the same generator state shuffles exactly as an uninterrupted one
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Shuffle.inPlace(order, random);
            }
        }

        @Override
        public void step(int epoch, int batch, Network network, StepSource.Report report) {
            int from = (batch - 1) * full[0].rows();
            Matrix[] xy = batch == batches ? last : full;
            int size = xy[0].rows();
            double[] w = xy.length > 2 ? xy[2].backingArray() : null;
            if (w == null) {
                training.gatherInto(order, from, from + size, xy[0], xy[1]);
            } else {
                training.gatherInto(order, from, from + size, xy[0], xy[1], w);
            }
            double batchWeight = w == null ? size : SampleWeights.sum(w);  // Σw, or n unweighted
            if (batchWeight == 0.0) {
                report.nothingToLearn(size); // every sample of the batch weighs 0
                return;
            }
            Matrix o = network.forward(xy[0]);
            double cost = w == null ? network.backward(xy[1]) : network.backward(xy[1], w);
            boolean counted = classifier != null;
            report.gradient(size, cost, counted ? classifier.countCorrect(o, xy[1], null) : 0,
                    counted ? classifier.predictionCount(o) : 0);
            report.weight = batchWeight;
        }
    }

    /** Refuses a weighted set (a part cut from one) whose weights sum to 0: its weighted cost would be 0/0. */
    private static void requireSomeWeight(String which, Dataset data) {
        if (data != null && data.hasWeights()) {
            SampleWeights.require("fit: the " + which + " set", data.weights());
        }
    }

    /** One call of fit: the state of a training run. */
    private final class Run implements TrainingListener.Control {
        private final Network network;
        private final StepSource source;
        private final Dataset validation;
        /** The validation set's sample weights, or null: its cost is then the plain mean. */
        private final double[] validationWeights;
        private final List<TrainingListener> listeners;
        private final History history;
        private final boolean batchEvents;
        /** Whether the network ran the step's forward pass itself (so its Z can tell the layer that diverged). */
        private final boolean ownPasses;
        private final StepSource.Report report = new StepSource.Report();
        private String stopReason;
        private double lastFiniteCost = Double.NaN;
        /** The optimizer's rate when the fit started: the rate a plateau scales when there is no schedule. */
        private final double startRate = optimizer.learningRate();

        Run(Network network, StepSource source, Dataset validation, List<TrainingListener> listeners,
            History history) {
            this.network = network;
            this.source = source;
            this.validation = validation;
            this.validationWeights = validation != null && validation.hasWeights() ? validation.weights() : null;
            this.listeners = listeners;
            this.history = history;
            // a batch event is built only if some listener hears it, so that plain training allocates nothing
            this.batchEvents = listeners.stream().anyMatch(Trainer::hearsBatches);
            this.ownPasses = source instanceof DatasetSteps;
        }

        @Override
        public Network network() {
            return network;
        }

        @Override
        public void requestStop(String reason) {
            if (stopReason == null) {
                stopReason = reason == null ? "stop requested" : reason;
            }
        }

        @Override
        public boolean isStopRequested() {
            return stopReason != null;
        }

        void train() {
            long start = System.nanoTime();
            Matrix validationX = validation == null ? null : validation.features();
            Matrix validationY = validation == null ? null : validation.targets();

            TrainingListener.TrainStart startEvent = new TrainingListener.TrainStart(this, epochs, source.steps(),
                    source.batchSize(), source.samples(), validation == null ? 0 : validation.size());
            if (plateau != null) {
                plateau.start(startEvent);
            }
            listeners.forEach(l -> l.onTrainStart(startEvent));
            int epoch = 0;
            try {
                while (epoch < epochs && !isStopRequested()) {
                    epoch++;
                    runEpoch(epoch, validationX, validationY);
                }
            } catch (TrainingDivergedException e) {
                // let the listeners finish (early stopping puts its best weights back), then report
                requestStop(e.getMessage());
                end(epoch - 1, start);
                e.setHistory(history);
                throw e;
            }
            end(epoch, start);
        }

        private void end(int epochsRun, long start) {
            TrainingListener.TrainEnd end = new TrainingListener.TrainEnd(network, epochsRun, stopReason,
                    System.nanoTime() - start);
            listeners.forEach(l -> l.onTrainEnd(end));
        }

        private void runEpoch(int epoch, Matrix validationX, Matrix validationY) {
            TrainingListener.EpochStart startEvent = new TrainingListener.EpochStart(this, epoch, epochs);
            listeners.forEach(l -> l.onEpochStart(startEvent));
            long epochStart = System.nanoTime();
            source.startEpoch(epoch);
            int batches = source.steps();
            double costSum = 0.0;
            double weightSum = 0.0;
            long correct = 0;
            long predictions = 0;
            long samples = 0;
            int batch = 0;
            while (batch < batches && !isStopRequested()) {
                batch++;
                report.told = false;
                source.step(epoch, batch, network, report);
                if (!report.told) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "fit: step %d of epoch %d reported"
                            + " nothing; a step source calls report.gradient or report.parameters", batch, epoch));
                }
                int size = report.samples;
                double cost = report.cost;
                if (report.skipped) {
                    continue; // nothing to learn from: no step, and the epoch's mean cost does not count it
                }
                double batchWeight = report.weight;
                if (Double.isFinite(cost)) {
                    lastFiniteCost = cost;
                } else if (stopOnNonFinite) {
                    throw diverged("the cost is " + cost, epoch, batch, ownPasses ? firstNonFiniteLayer(null) : -1);
                }
                if (report.gradient) {
                    if (clipNorm > 0) {
                        // the norm of a non-finite gradient would scale every gradient to NaN: check before
                        if (stopOnNonFinite) {
                            requireFinite(true, epoch, batch);
                        }
                        if (stopOnNonFinite || firstNonFiniteParameter(true) < 0) {
                            GradientClipping.clipGlobalNorm(network.parameters(), clipNorm);
                        }
                    }
                    if (schedule != null || plateau != null) {
                        optimizer.setLearningRate(rate(optimizer.stepCount()));
                    }
                    optimizer.step(network);
                }
                // the optimizer's own pass checked the gradients it read and the values it wrote; where it
                // found a NaN or ±∞, or did not look (an optimizer of the user's, or parameters from a source),
                // find the culprit: a gradient first, then a value
                if (stopOnNonFinite && !(report.gradient && optimizer.lastStepFinite())) {
                    if (report.gradient && clipNorm == 0) {
                        requireFinite(true, epoch, batch);
                    }
                    requireFinite(false, epoch, batch);
                }
                costSum += cost * batchWeight;
                weightSum += batchWeight;
                samples += size;
                correct += report.correct;
                predictions += report.predictions;
                if (batchEvents) {
                    TrainingListener.BatchEnd event = new TrainingListener.BatchEnd(this, epoch, epochs, batch,
                            batches, size, cost, costSum / weightSum, learningRate(), samples,
                            System.nanoTime() - epochStart);
                    for (int l = 0; l < listeners.size(); l++) {
                        listeners.get(l).onBatchEnd(event);
                    }
                }
            }
            long trainingNanos = System.nanoTime() - epochStart;
            double validationCost = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (validationX != null) {
                Evaluation v = validationWeights == null ? network.evaluate(validationX, validationY)
                        : network.evaluate(validationX, validationY, validationWeights);
                validationCost = v.cost();
                validationAccuracy = v.accuracy();
                if (stopOnNonFinite && !Double.isFinite(validationCost)) {
                    throw diverged("the validation cost after the epoch is " + validationCost, epoch, batches,
                            firstNonFiniteLayer(validationX));
                }
            }
            EpochResult result = new EpochResult(epoch, costSum / weightSum,
                    predictions == 0 ? Double.NaN : (double) correct / predictions, validationCost,
                    validationAccuracy, learningRate(), (int) samples,
                    (System.nanoTime() - epochStart) / 1e9, trainingNanos / 1e9);
            if (plateau != null) {
                plateau.epochEnd(result);
            }
            TrainingListener.EpochEnd end = new TrainingListener.EpochEnd(this, epochs, result);
            listeners.forEach(l -> l.onEpochEnd(end));
        }

        /** η of the last step: the optimizer's, or the one a source that sets parameters reported. */
        private double learningRate() {
            return report.told && !report.gradient ? report.learningRate : optimizer.learningRate();
        }

        /**
         * η(t): the schedule's rate, or the rate the fit started with, scaled by the plateau if there is one
         * (η = max(m·s(t), min(minLearningRate, s(t))), see {@link ReduceLROnPlateau}).
         */
        private double rate(long step) {
            double scheduled = schedule != null ? schedule.rate(step) : startRate;
            return plateau == null ? scheduled : plateau.rate(scheduled);
        }

        /**
         * Refuses a non-finite gradient or parameter (after the step), naming the element: it locates what
         * {@link Optimizer#lastStepFinite()} found, and checks what no optimizer checked.
         */
        private void requireFinite(boolean gradients, int epoch, int batch) {
            int i = firstNonFiniteParameter(gradients);
            if (i >= 0) {
                Parameter p = network.parameters().get(i);
                Matrix m = gradients ? p.gradient() : p.value();
                String what = Finite.describe(gradients ? "the gradient of " + p.name() : p.name(),
                        m.backingArray(), 0, m.size(), m.cols());
                // the parameters are each layer's weights, then its biases
                throw diverged(gradients ? what : what + " after the step", epoch, batch, i / 2);
            }
        }

        /** The index of the first parameter whose gradient (or value) holds NaN or ±∞, or −1. */
        private int firstNonFiniteParameter(boolean gradients) {
            List<Parameter> parameters = network.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                if (!Finite.all((gradients ? p.gradient() : p.value()).backingArray())) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The first layer whose weighted input Z is not finite, or −1: in the last training pass, or, given
         * {@code x}, when x passes through in inference mode.
         */
        private int firstNonFiniteLayer(Matrix x) {
            List<Layer> layers = network.layers();
            Matrix a = x;
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                Matrix z = x == null ? layer.weightedInput() : layer.computeWeightedInput(a);
                if (!Finite.all(z.backingArray())) {
                    return l;
                }
                if (x != null) {
                    a = layer.activation().apply(z);
                }
            }
            return -1;
        }

        private TrainingDivergedException diverged(String what, int epoch, int batch, int layer) {
            return new TrainingDivergedException(what, epoch, batch, layer, lastFiniteCost, learningRate());
        }
    }

    /** Whether a listener overrides {@link TrainingListener#onBatchEnd}, i.e. wants batch events. */
    static boolean hearsBatches(TrainingListener listener) {
        try {
            return listener.getClass().getMethod("onBatchEnd", TrainingListener.BatchEnd.class).getDeclaringClass()
                    != TrainingListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private Optimizer optimizer;
        private LearningRateSchedule schedule;
        private ReduceLROnPlateau plateau;
        private double clipNorm;
        private int epochs = 10;
        private int batchSize = 32;
        private RandomGenerator random = new SplittableRandom(0);
        private boolean shuffle = true;
        private boolean stopOnNonFinite = true;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private int threads;
        private double[] classWeights;
        private boolean balanced;

        private Builder() {
        }

        /**
         * The most threads the network's matrix products may use during {@code fit} (by default the
         * network's own {@link Network#threads()}, which defaults to the available processors). The
         * network's setting is restored when {@code fit} returns.
         *
         * @param threads ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} &lt; 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * The optimizer that applies the gradients (required).
         *
         * @param optimizer the optimizer; it keeps its state across fits, and belongs to the first network
         *                  it steps
         * @return this builder
         */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * A learning-rate schedule: before every step the trainer sets the optimizer's learning rate to
         * {@code schedule.rate(t)}, where t is the optimizer's {@link Optimizer#stepCount()} (so a resumed
         * optimizer resumes its schedule too). Without one, the optimizer's own rate stays.
         *
         * @param schedule the schedule, or {@code null} for none
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Lowers the learning rate when a monitored quantity stops improving, as Keras's
         * {@code ReduceLROnPlateau} does; with a {@link #schedule schedule}, the plateau's multiplier m scales
         * the schedule's rate: η(t) = max(m·s(t), min(minLearningRate, s(t))). See {@link ReduceLROnPlateau}.
         *
         * @param plateau the rule, or {@code null} for none; its state is this trainer's while it fits
         * @return this builder
         */
        public Builder reduceLearningRateOnPlateau(ReduceLROnPlateau plateau) {
            this.plateau = plateau;
            return this;
        }

        /**
         * Clips the gradients before every step so that their global L2 norm is at most {@code maxNorm}
         * ({@link GradientClipping#clipGlobalNorm}); 0 (the default) turns clipping off.
         *
         * @param maxNorm the largest norm, finite and ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if {@code maxNorm} is negative or not finite
         */
        public Builder clipGradientNorm(double maxNorm) {
            if (!(maxNorm >= 0.0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("clipGradientNorm: maxNorm must be finite and ≥ 0, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * Weighs each training sample by its class: its weight (its sample weight, or 1) is multiplied by
         * {@code weights[c]} for its class c, the arg-max of a one-hot target row or the index of a class-index
         * target (0/1 for one sigmoid output). For imbalanced classes: a rare class weighted up counts as much as
         * a frequent one. Replaces {@link #balancedClassWeights()}. Applies to the training set only; the
         * validation cost stays as the validation set weighs its samples.
         *
         * <pre>{@code Trainer.builder().optimizer(sgd).classWeights(1.0, 5.0)   // class 1 counts five times}</pre>
         *
         * @param weights one weight per class of the network (checked by {@code fit}), each finite and ≥ 0,
         *                with a positive sum; copied. Null for none (the default).
         * @return this builder
         * @throws IllegalArgumentException if a weight is negative, NaN or ±∞, or they sum to 0 or overflow
         */
        public Builder classWeights(double... weights) {
            double[] copy = weights == null ? null : weights.clone();
            if (copy != null) {
                SampleWeights.require("classWeights", copy);
            }
            this.classWeights = copy;
            this.balanced = false;
            return this;
        }

        /**
         * Class weights by scikit-learn's "balanced" rule, computed from the training set at each {@code fit}:
         * {@code wₖ = n / (k · countₖ)}, n the training samples, k the number of classes that occur in them and
         * countₖ the samples of class k (as {@code compute_class_weight('balanced', classes=np.unique(y), y=y)}),
         * so that every class weighs the same in all. Otherwise as {@link #classWeights(double...)}, which it
         * replaces.
         *
         * @return this builder
         */
        public Builder balancedClassWeights() {
            this.classWeights = null;
            this.balanced = true;
            return this;
        }

        /**
         * The number of epochs (default 10).
         *
         * @param epochs ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code epochs} &lt; 1
         */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * The number of samples per batch (default 32); the last batch of an epoch holds the rest.
         *
         * @param batchSize ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code batchSize} &lt; 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Shuffles with a {@link SplittableRandom} of this seed (the default is seed 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.random = new SplittableRandom(seed);
            return this;
        }

        /**
         * Shuffles with this generator.
         *
         * @param random the generator, advanced by each epoch's shuffle
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Whether to reshuffle the samples every epoch (default {@code true}).
         *
         * @param shuffle {@code false} to keep the data's order
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Whether a non-finite cost, gradient, parameter or validation cost stops training with a
         * {@link TrainingDivergedException} (default {@code true}). Turned off, training goes on, the NaN shows in
         * the history, and the network may be left holding NaN or ±∞.
         *
         * @param stop {@code false} to train on regardless
         * @return this builder
         */
        public Builder stopOnNonFinite(boolean stop) {
            this.stopOnNonFinite = stop;
            return this;
        }

        /**
         * Adds a listener, called after those added before it.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         * @throws IllegalStateException if no optimizer was given
         */
        public Trainer build() {
            if (optimizer == null) {
                throw new IllegalStateException("trainer: an optimizer is required, e.g. .optimizer(new SgdOptimizer(0.1))");
            }
            return new Trainer(this);
        }
    }
}
