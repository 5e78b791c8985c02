package io.github.backprop4j.benchmarks;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Predictor;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
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
 * Inference with the protocol network: {@code predict}, and {@code predictInto} into a reused matrix.
 * samples/s = ops/s × batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class InferenceBenchmark {

    /** Samples per call. */
    @Param({"1", "1024"})
    public int batch;

    /** The most threads the network's products may use. */
    @Param({"1", "2"})
    public int threads;

    private Network network;
    private Matrix x;
    private Predictor predictor;
    private Matrix out;

    /** A seeded network and input. */
    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(9);
        network = Network.builder().input(784).dense(256, new ReLU()).dense(128, new ReLU())
                .dense(10, new Softmax()).loss(new CrossEntropy()).threads(threads).build(r);
        x = ProductBenchmark.random(batch, 784, r);
        predictor = network.predictor();
        out = Matrix.zeros(batch, 10);
    }

    /**
     * ŷ for one batch.
     *
     * @return ŷ
     */
    @Benchmark
    public Matrix predict() {
        return network.predict(x);
    }

    /**
     * ŷ for one batch into a matrix of the caller's, through a {@link Predictor}: no allocation.
     *
     * @return ŷ
     */
    @Benchmark
    public Matrix predictInto() {
        return predictor.predictInto(x, out);
    }
}
