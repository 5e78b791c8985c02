package io.github.backprop4j.benchmarks;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the protocol network (784-256-128-10, ReLU, softmax + cross-entropy): forward,
 * backward, and an SGD step with momentum 0.9 (as {@code numpy_mlp.py}), on one seeded batch.
 * samples/s = ops/s × batch. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per
 * step (the target is 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class TrainingStepBenchmark {

    /** Samples per batch. */
    @Param({"64", "256"})
    public int batch;

    /** The most threads the network's products may use. */
    @Param({"1", "2"})
    public int threads;

    private Network network;
    private SgdOptimizer sgd;
    private Matrix x;
    private Matrix y;

    /** A seeded network and batch. */
    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(7);
        network = Network.builder().input(784).dense(256, new ReLU()).dense(128, new ReLU())
                .dense(10, new Softmax()).loss(new CrossEntropy()).threads(threads).build(r);
        sgd = SgdOptimizer.builder().learningRate(0.01).momentum(0.9).build(); // the protocol's optimizer
        x = Matrix.zeros(batch, 784);
        y = Matrix.zeros(batch, 10);
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < 784; j++) {
                x.set(i, j, r.nextDouble()); // pixels scaled to [0, 1]
            }
            y.set(i, r.nextInt(10), 1.0);
        }
    }

    /**
     * One step: ŷ = forward(X); C = backward(y); W ← W − η·C′(W).
     *
     * @return the cost C
     */
    @Benchmark
    public double step() {
        network.forward(x);
        double cost = network.backward(y);
        sgd.step(network);
        return cost;
    }
}
