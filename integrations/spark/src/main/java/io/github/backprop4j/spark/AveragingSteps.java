package io.github.backprop4j.spark;

import io.github.backprop4j.io.Checkpoint;
import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import io.github.backprop4j.train.StepSource;
import io.github.backprop4j.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Parameter averaging: each round, every shard starts from the broadcast network and optimizer, takes up to k local
 * steps of B rows with the core trainer, and sends back its network and optimizer; the driver averages both, weighted
 * by the rows each shard trained, in shard order:
 * <pre>
 *   W ← Σₛ (nₛ/n)·Wₛ      and the same for every optimizer tensor (SGD's velocity, Adam's m and v)
 * </pre>
 * The step count becomes the largest shard's (they differ by at most one step), and with it the schedule's position.
 */
final class AveragingSteps implements StepSource {

    private final JavaSparkContext context;
    private final JavaRDD<Shard> shards;
    private final ShardWork.RoundSettings settings;
    private final int rounds;
    private final int samples;
    private final int batchSize;
    private OptimizerState optimizer;

    AveragingSteps(JavaSparkContext context, JavaRDD<Shard> shards, int[] shardRows, OptimizerState optimizer,
                   ShardWork.RoundSettings settings) {
        this.context = context;
        this.shards = shards;
        this.optimizer = optimizer;
        int largest = 0;
        int total = 0;
        for (int rows : shardRows) {
            largest = Math.max(largest, rows);
            total += rows;
        }
        int localSteps = (largest + settings.batchSize() - 1) / settings.batchSize();
        int k = settings.stepsPerRound() <= 0 ? localSteps : Math.min(settings.stepsPerRound(), localSteps);
        this.settings = new ShardWork.RoundSettings(settings.seed(), 0, 0, settings.batchSize(), k, settings.shuffle(),
                settings.schedule(), settings.clipNorm(), settings.stopOnNonFinite());
        this.rounds = (localSteps + k - 1) / k;
        this.samples = total;
        this.batchSize = Math.min(total, settings.batchSize());
    }

    /** The optimizer's state after the last round: the shards' average. */
    OptimizerState optimizerState() {
        return optimizer;
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public int steps() {
        return rounds;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public void step(int epoch, int round, Network network, Report report) {
        ShardWork.RoundSettings s = new ShardWork.RoundSettings(settings.seed(), epoch, round, settings.batchSize(),
                settings.stepsPerRound(), settings.shuffle(), settings.schedule(), settings.clipNorm(),
                settings.stopOnNonFinite());
        Broadcast<byte[]> start = context.broadcast(
                ModelFile.toBytes(network, Optimizer.fromState(optimizer, network.parameters())));
        List<ShardWork.Round> parts;
        try {
            parts = rounds(shards, start, s);
        } finally {
            start.destroy();
        }
        long rows = 0;
        for (int shard = 0; shard < parts.size(); shard++) {
            ShardWork.Diverged d = parts.get(shard).diverged();
            if (d != null) {
                throw new TrainingDivergedException(String.format(Locale.ROOT, "shard %d diverged in its local steps"
                        + " (%s)", shard, d.message()), epoch, round, d.layer(), d.lastFiniteCost(), d.learningRate());
            }
            rows += parts.get(shard).rows();
        }
        average(network, parts, rows, report);
    }

    /** W ← Σₛ (nₛ/n)·Wₛ for the parameters and every optimizer tensor, in shard order. */
    private void average(Network network, List<ShardWork.Round> parts, long rows, Report report) {
        double[] parameters = null;
        List<double[]> tensors = new ArrayList<>();
        OptimizerState latest = null;
        double cost = 0.0;
        long correct = 0;
        long predictions = 0;
        for (ShardWork.Round part : parts) {
            if (part.rows() == 0) {
                continue;
            }
            double w = (double) part.rows() / rows;
            Checkpoint trained = ShardWork.read(part.checkpoint(), null);
            OptimizerState state = trained.optimizer().orElseThrow().state();
            boolean first = parameters == null;
            parameters = addWeighted(first ? null : parameters, w, trained.network().flatParameters());
            for (int t = 0; t < state.tensors().size(); t++) {
                double[] values = state.tensors().get(t).value().backingArray();
                if (first) {
                    tensors.add(addWeighted(null, w, values));
                } else {
                    addWeighted(tensors.get(t), w, values);
                }
            }
            if (latest == null || state.step() > latest.step()) {
                latest = state;
            }
            cost = first ? w * part.cost() : cost + w * part.cost();
            correct += part.correct();
            predictions += part.predictions();
        }
        List<OptimizerState.Tensor> averaged = new ArrayList<>(tensors.size());
        for (int t = 0; t < tensors.size(); t++) {
            Matrix shape = latest.tensors().get(t).value();
            averaged.add(new OptimizerState.Tensor(latest.tensors().get(t).name(),
                    Matrix.wrap(shape.rows(), shape.cols(), tensors.get(t))));
        }
        optimizer = new OptimizerState(latest.name(), latest.settings(), latest.step(), averaged);
        if (allFinite(parameters)) {
            network.setFlatParameters(parameters);
        } else {
            // as a diverged step would leave them: the trainer's check names the parameter and element
            int offset = 0;
            for (var p : network.parameters()) {
                double[] v = p.value().backingArray();
                System.arraycopy(parameters, offset, v, 0, v.length);
                offset += v.length;
            }
        }
        report.parameters((int) rows, cost, correct, predictions, latest.settings().get("learningRate"));
    }

    /** sum + w·values into sum (a new array, w·values, when sum is null: the first shard is not added to 0). */
    private static double[] addWeighted(double[] sum, double w, double[] values) {
        if (sum == null) {
            double[] first = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                first[i] = w * values[i];
            }
            return first;
        }
        for (int i = 0; i < values.length; i++) {
            sum[i] += w * values[i];
        }
        return sum;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** One job: every shard's round, collected in shard (partition) order. Static: the closure captures no driver state. */
    private static List<ShardWork.Round> rounds(JavaRDD<Shard> shards, Broadcast<byte[]> start,
                                                ShardWork.RoundSettings settings) {
        return shards.map(s -> ShardWork.train(s, start, settings)).collect();
    }
}
