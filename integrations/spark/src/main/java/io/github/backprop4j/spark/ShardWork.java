package io.github.backprop4j.spark;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.io.Checkpoint;
import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.io.ModelFileException;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.ClassificationLoss;
import io.github.backprop4j.nn.GradientSum;
import io.github.backprop4j.nn.GradientWorker;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.train.EpochResult;
import io.github.backprop4j.train.Trainer;
import io.github.backprop4j.train.TrainingDivergedException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * What an executor does with its shard: one step's gradient sums (synchronous mode), or a round of local steps
 * (averaging mode). Everything it draws is seeded from (seed, epoch, shard, step), so its result does not depend
 * on the executor, the task attempt or the time.
 */
final class ShardWork {

    private ShardWork() {
    }

    /** A shard's gradient sums for one synchronous step: S, d, C and the correct predictions among its rows. */
    record StepGradient(double[] sums, double divisor, double cost, long correct, long predictions)
            implements Serializable {

        static StepGradient empty() {
            return new StepGradient(new double[0], 0.0, 0.0, 0, 0);
        }
    }

    /**
     * A shard's round of local steps: its network and optimizer after them (as model-file bytes), its rows,
     * their mean cost and accuracy counts; or, if its training diverged, why.
     */
    record Round(int rows, byte[] checkpoint, double cost, long correct, long predictions, Diverged diverged)
            implements Serializable {

        static Round empty() {
            return new Round(0, null, 0.0, 0, 0, null);
        }
    }

    /** A shard's training that diverged: the trainer's message and facts. */
    record Diverged(String message, int layer, double lastFiniteCost, double learningRate) implements Serializable {
    }

    /** The settings of a round of local steps, shipped with every task of it. */
    record RoundSettings(long seed, int epoch, int round, int batchSize, int stepsPerRound, boolean shuffle,
                         LearningRateSchedule schedule, double clipNorm, boolean stopOnNonFinite)
            implements Serializable {
    }

    /** The network (and gradient worker) an executor thread keeps for the fit whose model it was sent. */
    private record Cached(long model, Network network, GradientWorker worker) {
    }

    private static final ThreadLocal<Cached> CACHE = new ThreadLocal<>();

    /** The network of the broadcast model, built once per executor thread and fit, with the given parameters. */
    private static Cached network(Broadcast<byte[]> model, double[] parameters) {
        Cached cached = CACHE.get();
        if (cached == null || cached.model() != model.id()) {
            Network network = read(model.value(), null).network();
            network.setThreads(taskCpus());
            cached = new Cached(model.id(), network, new GradientWorker(network));
            CACHE.set(cached);
        }
        cached.network().setFlatParameters(parameters);
        return cached;
    }

    /**
     * Reads model-file bytes this integration wrote itself (a broadcast start, or a shard's result): a failure is a
     * bug or a corrupted transfer, not a user's mistake, so it is unchecked.
     */
    static Checkpoint read(byte[] file, java.util.random.RandomGenerator dropoutRandom) {
        try {
            return ModelFile.loadCheckpoint(file, dropoutRandom);
        } catch (ModelFileException e) {
            throw new UncheckedIOException("the model sent between the driver and the executors does not read back", e);
        }
    }

    /** The cores Spark gave the task (spark.task.cpus): the threads its products may use. */
    private static int taskCpus() {
        TaskContext task = TaskContext.get();
        return task == null ? 1 : Math.max(1, task.cpus());
    }

    /**
     * The gradient sums of shard rows {@code [(step − 1)·rowsPerShard, step·rowsPerShard)} of the epoch's order,
     * at the broadcast parameters.
     */
    static StepGradient gradient(Shard shard, Broadcast<byte[]> model, Broadcast<double[]> parameters, long seed,
                                 int epoch, int step, int rowsPerShard, boolean shuffle) {
        int from = (step - 1) * rowsPerShard;
        int to = Math.min(shard.rows, from + rowsPerShard);
        if (from >= to) {
            return StepGradient.empty();
        }
        Cached cached = network(model, parameters.value());
        Matrix x = Matrix.zeros(to - from, shard.cols);
        Matrix y = Matrix.zeros(to - from, 1);
        shard.dataset().gatherInto(shard.order(seed, epoch, shuffle), from, to, x, y);
        SplittableRandom masks = new SplittableRandom(ShardSeeds.dropout(seed, epoch, shard.index, step));
        GradientSum sum = cached.worker().sum(x, y, masks);
        long correct = 0;
        long predictions = 0;
        if (cached.network().loss() instanceof ClassificationLoss classifier) {
            correct = classifier.countCorrect(cached.worker().output(), y, null);
            predictions = classifier.predictionCount(cached.worker().output());
        }
        return new StepGradient(sum.sums(), sum.divisor(), sum.cost(), correct, predictions);
    }

    /**
     * A round of local steps on the shard: from the broadcast network and optimizer, the core {@link Trainer} over
     * local batches {@code [(round − 1)·k, round·k)} of the epoch's order (k = stepsPerRound), unshuffled.
     */
    static Round train(Shard shard, Broadcast<byte[]> checkpoint, RoundSettings s) {
        long perRound = (long) s.stepsPerRound() * s.batchSize();
        int from = (int) Math.min(shard.rows, (s.round() - 1) * perRound);
        int to = (int) Math.min(shard.rows, s.round() * perRound);
        if (from >= to) {
            return Round.empty();
        }
        SplittableRandom masks = new SplittableRandom(ShardSeeds.dropout(s.seed(), s.epoch(), shard.index, s.round()));
        Checkpoint start = read(checkpoint.value(), masks);
        Network network = start.network();
        Optimizer optimizer = start.optimizer().orElseThrow();
        int[] order = shard.order(s.seed(), s.epoch(), s.shuffle());
        Dataset rows = shard.dataset().subset(Arrays.copyOfRange(order, from, to));
        Trainer local = Trainer.builder().optimizer(optimizer).schedule(s.schedule()).clipGradientNorm(s.clipNorm())
                .stopOnNonFinite(s.stopOnNonFinite()).epochs(1).batchSize(s.batchSize()).shuffle(false)
                .threads(taskCpus()).build();
        try {
            EpochResult r = local.fit(network, rows).last();
            long predictions = Double.isNaN(r.trainingAccuracy()) ? 0 : to - from;
            long correct = Math.round(r.trainingAccuracy() * predictions);
            return new Round(to - from, ModelFile.toBytes(network, optimizer), r.trainingCost(), correct, predictions,
                    null);
        } catch (TrainingDivergedException e) {
            return new Round(to - from, null, Double.NaN, 0, 0,
                    new Diverged(e.getMessage(), e.layer(), e.lastFiniteCost(), e.learningRate()));
        }
    }
}
