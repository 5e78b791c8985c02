package io.github.backprop4j.spark;

import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import io.github.backprop4j.train.History;
import io.github.backprop4j.train.StepSource;
import io.github.backprop4j.train.Trainer;
import io.github.backprop4j.train.TrainingDivergedException;
import io.github.backprop4j.train.TrainingListener;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Trains a backprop4j network on a Spark RDD or DataFrame, data-parallel, with the same bits for any number of
 * executors and cores:
 *
 * <pre>{@code SparkTrainer trainer = SparkTrainer.builder()
 *         .optimizer(AdamW.builder().learningRate(1e-3).build())
 *         .epochs(10).batchSize(64).seed(7).shards(8)          // averaging once per epoch, the default
 *         .listener(ProgressBar.toStandardOutput())            // on the driver
 *         .build();
 * History history = trainer.fit(network, labeledPoints);      // JavaRDD<LabeledPoint>, or a DataFrame}</pre>
 *
 * <h2>Shards: why the bits do not depend on the cluster</h2>
 * The rows are cut into K logical shards (K set by {@link Builder#shards}, default 4) by their index i in the input:
 * shard i mod K, in index order. Each shard is one partition, cached and checkpointed once, so the data travels once
 * per fit and parameters travel by broadcast. A shard's row order in an epoch and its dropout masks are seeded from
 * (seed, epoch, shard, step) ({@link ShardSeeds}); results come back with {@code collect}, in shard order, and are
 * combined on the driver in that order, never in the order tasks finish. So the same data, seed and K give the same
 * parameters on {@code local[1]}, {@code local[3]} or a cluster of any size. (The input's order is part of the data:
 * an RDD read from the same files, or parallelized from the same list, has the same indices.)
 *
 * <h2>Two modes</h2>
 * <ul>
 *   <li>{@link Mode#AVERAGING} (the default): each round, every shard starts from the driver's network and
 *       optimizer, takes k local steps of B rows with the core {@link Trainer} (k = one epoch of its rows unless
 *       {@link Builder#averagingSteps} says otherwise), and the driver averages the networks and the optimizers'
 *       tensors, weighted by the rows each shard trained: W ← Σₛ (nₛ/n)·Wₛ, and likewise SGD's velocity and
 *       Adam's moments m and v (the arithmetic mean of each, so v stays ≥ 0; the step count, and with it the
 *       schedule, becomes the largest shard's). Spark's cost is paid once per round. The schedule runs on the
 *       executors, so it must be {@link Serializable}.</li>
 *   <li>{@link Mode#SYNCHRONOUS}: each step, every shard computes the gradient sums of its next ⌈B/K⌉ rows, the
 *       driver adds them in shard order and divides once by their rows ({@link io.github.backprop4j.nn.GradientSum}),
 *       and the trainer's loop clips and applies the gradient with the given optimizer. This is minibatch SGD with
 *       batch B, exactly: with one shard it is the single-JVM trainer bit for bit. Spark's per-step cost (tens of
 *       milliseconds) makes it pay only when a step computes for 100 ms or more.</li>
 * </ul>
 *
 * <p>The loop on the driver is the core trainer's ({@link Trainer#fit(Network, StepSource,
 * io.github.backprop4j.data.Dataset)}): listeners, the non-finite checks, validation (on a core dataset, on the
 * driver) and early stopping behave as in one JVM; a batch there is a step (synchronous) or a round (averaging).
 *
 * <p>The network must be one a model file can hold ({@link ModelFile}): it is what is sent to the executors.
 */
public final class SparkTrainer {

    /** How the shards' work is combined. */
    public enum Mode {
        /** Local steps on every shard, then the networks and optimizers averaged: once per epoch by default. */
        AVERAGING,
        /** One gradient per step over every shard's rows, applied on the driver. */
        SYNCHRONOUS
    }

    /** The core trainer whose loop runs on the driver: optimizer, schedule, clipping, epochs, checks, listeners. */
    private final Trainer loop;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final double clipNorm;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int shards;
    private final Mode mode;
    private final int averagingSteps;
    private final boolean stopOnNonFinite;
    private final String featuresCol;
    private final String labelCol;
    private OptimizerState optimizerState;

    private SparkTrainer(Builder b) {
        this.loop = b.loop.build();
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.shards = b.shards;
        this.mode = b.mode;
        this.averagingSteps = b.averagingSteps;
        this.stopOnNonFinite = b.stopOnNonFinite;
        this.featuresCol = b.featuresCol;
        this.labelCol = b.labelCol;
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
     * Trains {@code network} on {@code data}: each row's features are a sample's inputs, its label the target (a
     * class index for cross-entropy, the value for one-output regression, 0 or 1 for binary cross-entropy).
     *
     * @param network the network; its weights are modified (on the driver)
     * @param data    the rows; not modified. Read once (twice: {@code zipWithIndex} counts first); cache it if it is
     *                costly to compute
     * @return the history of the run
     * @throws IllegalArgumentException  if there are fewer rows than shards, a row has the wrong width or a
     *                                   non-finite value, or the network cannot be written to a model file
     * @throws ShapeException            if the labels do not fit the network's loss
     * @throws TrainingDivergedException if the cost, a gradient or a parameter becomes non-finite (a task that fails
     *                                   for another reason fails the fit with Spark's exception)
     */
    public History fit(Network network, JavaRDD<LabeledPoint> data) {
        return fit(network, data, null);
    }

    /**
     * Trains {@code network} on {@code data}, evaluating on {@code validation} on the driver after every epoch.
     *
     * @param network    the network; its weights are modified
     * @param data       the rows, as for {@link #fit(Network, JavaRDD)}; not modified
     * @param validation a validation set held on the driver, or {@code null}; not modified
     * @return the history of the run
     * @throws IllegalArgumentException  as {@link #fit(Network, JavaRDD)}, or if the validation set is empty
     * @throws ShapeException            if the labels or the validation set do not fit the network
     * @throws TrainingDivergedException if the cost, a gradient, a parameter or the validation cost becomes
     *                                   non-finite
     */
    public History fit(Network network, JavaRDD<LabeledPoint> data, io.github.backprop4j.data.Dataset validation) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        if (!network.loss().acceptsTargetWidth(1, network.outputSize())) {
            throw ShapeException.of("fit: a label is one value, but the network's %s loss does not take one-column"
                    + " targets for %d outputs", network.loss().name(), network.outputSize());
        }
        byte[] architecture = ModelFile.toBytes(network); // refuses what a model file cannot hold, before any job
        Objects.requireNonNull(architecture);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(data.context());
        JavaRDD<Shard> split = Shard.split(data, shards, network.inputSize());
        try {
            int[] rows = shardRows(split);
            if (mode == Mode.SYNCHRONOUS) {
                try (SynchronousSteps steps = new SynchronousSteps(context, split, rows, network, batchSize, seed,
                        shuffle)) {
                    History history = loop.fit(network, steps, validation);
                    optimizerState = optimizer.state();
                    return history;
                }
            }
            // the loop's schedule and clipping act on gradient steps only: here they run in the shards' local steps
            AveragingSteps steps = new AveragingSteps(context, split, rows, optimizer.state(),
                    new ShardWork.RoundSettings(seed, 0, 0, batchSize, averagingSteps, shuffle, schedule, clipNorm,
                            stopOnNonFinite));
            try {
                return loop.fit(network, steps, validation);
            } finally {
                optimizerState = steps.optimizerState();
            }
        } finally {
            split.unpersist(false);
        }
    }

    /**
     * Trains {@code network} on a DataFrame with a features column of Spark ML vectors and a numeric label column
     * (named by {@link Builder#featuresCol} and {@link Builder#labelCol}: "features" and "label" by default).
     *
     * @param network the network; its weights are modified
     * @param data    the rows; not modified
     * @return the history of the run
     * @throws IllegalArgumentException  as {@link #fit(Network, JavaRDD)}, or if a column is missing
     * @throws ShapeException            if the labels do not fit the network's loss
     * @throws TrainingDivergedException if the cost, a gradient or a parameter becomes non-finite
     */
    public History fit(Network network, org.apache.spark.sql.Dataset<Row> data) {
        return fit(network, labeledPoints(data, featuresCol, labelCol), null);
    }

    /** The rows of a DataFrame as labeled points: the features column's vectors, the label column's numbers. */
    static JavaRDD<LabeledPoint> labeledPoints(org.apache.spark.sql.Dataset<?> data, String features, String label) {
        for (String column : List.of(features, label)) {
            if (!List.of(data.columns()).contains(column)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "fit: the data has no column \"%s\" (columns: %s)", column, String.join(", ", data.columns())));
            }
        }
        return data.select(features, label).toJavaRDD()
                .map(row -> new LabeledPoint(((Number) row.get(1)).doubleValue(), (Vector) row.get(0)));
    }

    /** The rows of every shard, in shard order; the job that fills the cache and the checkpoint. */
    private int[] shardRows(JavaRDD<Shard> split) {
        List<Integer> counts = split.map(s -> s.rows).collect();
        int[] rows = new int[counts.size()];
        long total = 0;
        for (int s = 0; s < rows.length; s++) {
            rows[s] = counts.get(s);
            total += rows[s];
        }
        if (total < shards) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "fit: %d rows for %d shards; each shard needs at least one row (use fewer shards)", total, shards));
        }
        return rows;
    }

    /**
     * The optimizer's state at the end of the last fit, to resume from or save: in synchronous mode the given
     * optimizer's own (it is stepped on the driver); in averaging mode the shards' average (the given optimizer is
     * the starting point the executors copy, and is not stepped itself).
     *
     * @return the state
     * @throws IllegalStateException if there was no fit yet
     */
    public OptimizerState optimizerState() {
        if (optimizerState == null) {
            throw new IllegalStateException("optimizerState: no fit has run yet");
        }
        return optimizerState;
    }

    /**
     * Settings of a {@link SparkTrainer}. Those it shares with the core {@link Trainer.Builder} (optimizer, schedule,
     * clipping, epochs, batch size, seed, shuffle, the non-finite stop, listeners) mean the same and are checked by
     * it; the others say how the work is spread.
     */
    public static final class Builder {
        /** The driver's loop, which also checks the shared settings. */
        private final Trainer.Builder loop = Trainer.builder();
        private Optimizer optimizer;
        private LearningRateSchedule schedule;
        private double clipNorm;
        private int batchSize = 32;
        private long seed;
        private boolean shuffle = true;
        private int shards = 4;
        private Mode mode = Mode.AVERAGING;
        private int averagingSteps;
        private boolean stopOnNonFinite = true;
        private String featuresCol = "features";
        private String labelCol = "label";

        private Builder() {
        }

        /**
         * The optimizer (required): stepped on the driver in synchronous mode; in averaging mode, the settings and
         * state each shard's copy starts from.
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optimizer(Optimizer optimizer) {
            loop.optimizer(optimizer);
            this.optimizer = optimizer;
            return this;
        }

        /**
         * A learning-rate schedule, as {@link Trainer.Builder#schedule}. In averaging mode it runs on the executors
         * and must be {@link Serializable} ({@code (LearningRateSchedule & Serializable) t -> …}).
         *
         * @param schedule the schedule, or {@code null} for none
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule schedule) {
            loop.schedule(schedule);
            this.schedule = schedule;
            return this;
        }

        /**
         * Gradient clipping, as {@link Trainer.Builder#clipGradientNorm}: in averaging mode on every local step.
         *
         * @param maxNorm finite and ≥ 0; 0 (the default) turns clipping off
         * @return this builder
         * @throws IllegalArgumentException if {@code maxNorm} is negative or not finite
         */
        public Builder clipGradientNorm(double maxNorm) {
            loop.clipGradientNorm(maxNorm);
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * The number of epochs (default 10), as {@link Trainer.Builder#epochs}.
         *
         * @param epochs ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code epochs} &lt; 1
         */
        public Builder epochs(int epochs) {
            loop.epochs(epochs);
            return this;
        }

        /**
         * The batch size B (default 32): of every shard's local steps in averaging mode; of the whole step, ⌈B/K⌉
         * rows from each shard, in synchronous mode.
         *
         * @param batchSize ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code batchSize} &lt; 1
         */
        public Builder batchSize(int batchSize) {
            loop.batchSize(batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The seed of every shard's row order and dropout masks (default 0), through {@link ShardSeeds}.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether each shard reshuffles its rows every epoch (default {@code true}).
         *
         * @param shuffle {@code false} to keep each shard's rows in index order
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * The number K of logical shards (default 4): the unit of parallelism (one task each) and of
         * reproducibility (the same K gives the same bits on any cluster). More shards than cores only queue.
         *
         * @param shards ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code shards} &lt; 1
         */
        public Builder shards(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be ≥ 1, got " + shards);
            }
            this.shards = shards;
            return this;
        }

        /**
         * Parameter averaging (the default) or synchronous gradient steps.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * In averaging mode, the local steps between two averagings; 0 (the default) averages once per epoch.
         *
         * @param steps ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if {@code steps} &lt; 0
         */
        public Builder averagingSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("averagingSteps must be ≥ 0 (0: once per epoch), got " + steps);
            }
            this.averagingSteps = steps;
            return this;
        }

        /**
         * Whether a non-finite cost, gradient or parameter stops training (default {@code true}), as
         * {@link Trainer.Builder#stopOnNonFinite}.
         *
         * @param stop {@code false} to train on regardless
         * @return this builder
         */
        public Builder stopOnNonFinite(boolean stop) {
            loop.stopOnNonFinite(stop);
            this.stopOnNonFinite = stop;
            return this;
        }

        /**
         * Adds a listener, called on the driver after those added before it; a batch is a step (synchronous) or a
         * round (averaging).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            loop.listener(listener);
            return this;
        }

        /**
         * The features column of a DataFrame given to {@link SparkTrainer#fit(Network, org.apache.spark.sql.Dataset)}
         * (default "features"): Spark ML vectors.
         *
         * @param column the column name
         * @return this builder
         */
        public Builder featuresCol(String column) {
            this.featuresCol = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * The label column of a DataFrame (default "label"): numbers.
         *
         * @param column the column name
         * @return this builder
         */
        public Builder labelCol(String column) {
            this.labelCol = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         * @throws IllegalStateException    if no optimizer was given
         * @throws IllegalArgumentException if averaging mode has a schedule that is not {@link Serializable}
         */
        public SparkTrainer build() {
            loop.build(); // refuses a missing optimizer, in the core's words
            if (mode == Mode.AVERAGING && schedule != null && !(schedule instanceof Serializable)) {
                throw new IllegalArgumentException("SparkTrainer: in averaging mode the schedule runs on the executors"
                        + " and must be Serializable, e.g. (LearningRateSchedule & Serializable) t -> …");
            }
            return new SparkTrainer(this);
        }
    }
}
