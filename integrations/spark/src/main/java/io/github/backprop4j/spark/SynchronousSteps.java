package io.github.backprop4j.spark;

import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.nn.GradientSum;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.train.StepSource;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel steps: every step, each shard computes the gradient sums of its next ⌈B/K⌉ rows at the
 * broadcast parameters; the driver adds them in shard order, divides once by their rows, and the trainer's loop
 * applies the gradient with its optimizer. One shard is the single-JVM trainer, bit for bit.
 */
final class SynchronousSteps implements StepSource, AutoCloseable {

    private final JavaSparkContext context;
    private final JavaRDD<Shard> shards;
    private final Broadcast<byte[]> model;
    private final long seed;
    private final boolean shuffle;
    private final int rowsPerShard;
    private final int steps;
    private final int samples;
    private final double[] gradient;

    SynchronousSteps(JavaSparkContext context, JavaRDD<Shard> shards, int[] shardRows, Network network, int batchSize,
                     long seed, boolean shuffle) {
        this.context = context;
        this.shards = shards;
        this.model = context.broadcast(ModelFile.toBytes(network));
        this.seed = seed;
        this.shuffle = shuffle;
        int k = shardRows.length;
        this.rowsPerShard = (batchSize + k - 1) / k;
        int largest = 0;
        int total = 0;
        for (int rows : shardRows) {
            largest = Math.max(largest, rows);
            total += rows;
        }
        this.steps = (largest + rowsPerShard - 1) / rowsPerShard;
        this.samples = total;
        this.gradient = new double[Math.toIntExact(network.parameterCount())];
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int batchSize() {
        return Math.min(samples, rowsPerShard * shards.getNumPartitions());
    }

    @Override
    public void step(int epoch, int step, Network network, Report report) {
        Broadcast<double[]> parameters = context.broadcast(network.flatParameters());
        List<ShardWork.StepGradient> parts;
        try {
            parts = gradients(shards, model, parameters, seed, epoch, step, rowsPerShard, shuffle);
        } finally {
            parameters.destroy();
        }
        // C′ = (S₀ + S₁ + … + S_K−1) · 1/(n₀ + n₁ + … + n_K−1), in shard order whichever tasks finished first
        GradientSum total = new GradientSum(network);
        long correct = 0;
        long predictions = 0;
        for (ShardWork.StepGradient part : parts) {
            if (part.divisor() > 0) {
                total.add(GradientSum.wrap(part.sums(), part.divisor(), part.cost()));
                correct += part.correct();
                predictions += part.predictions();
            }
        }
        network.setFlatGradient(total.meanInto(gradient));
        report.gradient((int) total.divisor(), total.cost(), correct, predictions);
    }

    /** One job: every shard's sums, collected in shard (partition) order. Static: the closure captures no driver state. */
    private static List<ShardWork.StepGradient> gradients(JavaRDD<Shard> shards, Broadcast<byte[]> model,
            Broadcast<double[]> parameters, long seed, int epoch, int step, int rowsPerShard, boolean shuffle) {
        return shards.map(s -> ShardWork.gradient(s, model, parameters, seed, epoch, step, rowsPerShard, shuffle))
                .collect();
    }

    @Override
    public void close() {
        model.destroy();
    }
}
