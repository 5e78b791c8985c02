package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.RMSprop;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.train.Trainer;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Training on 1, 2 or 3 threads gives the same weights bit for bit, and leaves no thread that keeps a JVM alive. */
class ThreadCountTest {

    @Test
    void trainingOnOneTwoOrThreeThreadsGivesBitwiseIdenticalWeights() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Dataset data = data(200, 300, 10);
        // Products of 64×300·300×256 and 300×64·64×256 are large enough to be split among threads;
        // the last batch (200 = 3·64 + 8) is a shorter one.
        double[] one = train(data, 1);
        double[] two = train(data, 2);
        double[] three = train(data, 3);
        assertThat(two).isEqualTo(one);
        assertThat(three).isEqualTo(one);
        assertThat(one).doesNotContain(Double.NaN);

        Set<Thread> added = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .collect(Collectors.toSet());
        assertThat(added).allMatch(Thread::isDaemon, "is a daemon thread");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("backprop4j-"))
                .allMatch(Thread::isDaemon, "is a daemon thread");
    }

    @Test
    void theOptimizersUpdateSpreadOverThreadsGivesBitwiseIdenticalWeights() {
        // the network's 111,242 parameters are updated in parts shared among its threads
        Dataset data = data(200, 300, 10);
        List<Supplier<Optimizer>> optimizers = List.of(
                () -> SgdOptimizer.builder().learningRate(0.05).momentum(0.9).weightDecay(1e-4).build(),
                () -> AdamW.builder().learningRate(1e-3).build(),
                () -> RMSprop.builder().centered(true).momentum(0.5).build());
        for (Supplier<Optimizer> optimizer : optimizers) {
            double[] one = train(data, 1, optimizer.get());
            assertThat(one).doesNotContain(Double.NaN);
            assertThat(train(data, 2, optimizer.get())).isEqualTo(one);
            assertThat(train(data, 3, optimizer.get())).isEqualTo(one);
        }
    }

    @Test
    void anOptimizerStepIsSplitOnlyOnANetworkOfSeveralThreads() throws Exception {
        boolean[] split = new boolean[2];
        boolean[] finite = new boolean[4];
        for (int threads = 1; threads <= 2; threads++) {
            int t = threads;
            Thread fresh = new Thread(() -> {  // a fresh thread, so what it records is this test's alone
                Network net = network(t);
                SgdOptimizer sgd = SgdOptimizer.builder().learningRate(0.05).momentum(0.9).build();
                double[] gradient = new double[(int) net.parameterCount()];
                java.util.Arrays.fill(gradient, 1e-3);
                sgd.step(net, gradient);
                finite[2 * t - 2] = sgd.lastStepFinite();
                gradient[gradient.length - 1] = Double.NaN;  // in the last part, whichever thread takes it
                sgd.step(net, gradient);
                finite[2 * t - 1] = sgd.lastStepFinite();
                split[t - 1] = Workers.hasSplitOnThisThread();
            });
            fresh.start();
            fresh.join();
        }
        assertThat(split).containsExactly(false, true);
        assertThat(finite).containsExactly(true, false, true, false);
    }

    @Test
    void theTrainerRestoresTheNetworksThreadCount() {
        Network net = network(2);
        Trainer.builder().optimizer(new SgdOptimizer(0.05)).epochs(1).batchSize(64).threads(3).build()
                .fit(net, data(70, 300, 10));
        assertThat(net.threads()).isEqualTo(2);
    }

    @Test
    void inferenceOnManyThreadsGivesTheSameBits() {
        Network net = network(1);
        Matrix x = data(300, 300, 10).features();
        Matrix expected = net.predict(x);
        net.setThreads(3);
        assertThat(net.predict(x)).isEqualTo(expected);
    }

    @Test
    void aNetworkOfOneThreadStartsNoWorkerAndHandsNoProductToOne() throws Exception {
        Dataset data = data(64, 300, 10);  // products of 64×300·300×256: large enough to split
        long workersBefore = workerThreads();
        boolean[] split = new boolean[2];
        Thread oneThread = new Thread(() -> {  // a fresh thread, so what it records is this test's alone
            Network net = network(1);
            net.predict(data.features());
            net.predictor().predictInto(data.features(), Matrix.zeros(64, 10));
            net.evaluate(data.features(), data.targets());
            net.computeGradient(data.features(), data.targets(), null);
            Trainer.builder().optimizer(new SgdOptimizer(0.05)).epochs(1).batchSize(64).build().fit(net, data);
            Trainer.builder().optimizer(new SgdOptimizer(0.05)).epochs(1).batchSize(64).threads(1).build()
                    .fit(network(2), data);
            split[0] = Workers.hasSplitOnThisThread();
        });
        oneThread.start();
        oneThread.join();
        assertThat(split[0]).as("a product of a one-thread network was split among threads").isFalse();
        assertThat(workerThreads()).isEqualTo(workersBefore);

        Thread twoThreads = new Thread(() -> {  // the probe sees a split when there is one
            network(2).predict(data.features());
            split[1] = Workers.hasSplitOnThisThread();
        });
        twoThreads.start();
        twoThreads.join();
        assertThat(split[1]).isTrue();
        assertThat(workerThreads()).isPositive();
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("backprop4j-worker-")).count();
    }

    @Test
    void aThreadCountBelowOneIsRefused() {
        Matrix a = Matrix.zeros(2, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.timesInto(a.copy(), Matrix.zeros(2, 2), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thread count must be ≥ 1, got 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> network(1).setThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("≥ 1");
    }

    private static double[] train(Dataset data, int threads) {
        return train(data, threads, new SgdOptimizer(0.05));
    }

    private static double[] train(Dataset data, int threads, Optimizer optimizer) {
        Network net = network(threads);
        Trainer.builder().optimizer(optimizer).epochs(2).batchSize(64).seed(3).build().fit(net, data);
        return net.flatParameters();
    }

    private static Network network(int threads) {
        return Network.builder().input(300).dense(256, new ReLU()).dense(128, new ReLU())
                .dense(10, new Softmax()).loss(new CrossEntropy()).threads(threads)
                .build(new SplittableRandom(11));
    }

    private static Dataset data(int n, int features, int classes) {
        SplittableRandom r = new SplittableRandom(5);
        Matrix x = Matrix.zeros(n, features);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x.set(i, j, r.nextDouble() + (j % classes == labels[i] ? 0.5 : 0.0));
            }
        }
        return Dataset.classification(x, labels, classes);
    }
}
