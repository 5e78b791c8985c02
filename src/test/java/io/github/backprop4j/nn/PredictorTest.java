package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Inference into the caller's matrices: the same bits as {@code predict}, no allocation, every bad call. */
class PredictorTest {

    private static Network classifier(int threads) {
        return Network.builder().input(20).dense(32, new ReLU()).dropout(0.3).dense(16, new Tanh())
                .dense(5, new Softmax()).loss(new CrossEntropy()).threads(threads).build(new SplittableRandom(11));
    }

    @Test
    void predictIntoGivesPredictsBitsForEveryBatchSizeInTurn() {
        Network net = classifier(1);
        Predictor predictor = net.predictor();
        SplittableRandom r = new SplittableRandom(1);
        for (int n : new int[] {1, 7, 7, 64, 3, 64, 0}) { // sizes change, come back, and shrink to empty
            Matrix x = InferenceAndSeamsTest.random(r, n, 20);
            Matrix out = Matrix.filled(n, 5, Double.NaN); // whatever was there is overwritten
            assertThat(predictor.predictInto(x, out)).isSameAs(out);
            assertThat(out).as("batch %d", n).isEqualTo(net.predict(x));
        }
    }

    @Test
    void aOneLayerNetworkNeedsNoHiddenBuffers() {
        Layer only = new Layer(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6), Matrix.row(0.5, -0.5, 0), new Identity());
        Network net = new Network(List.of(only), new MeanSquaredError());
        Matrix x = Matrix.of(2, 2, 1, 0, 0, 1);
        Matrix out = Matrix.zeros(2, 3);
        net.predictor().predictInto(x, out);
        assertThat(out).isEqualTo(Matrix.of(2, 3, 1.5, 1.5, 3, 4.5, 4.5, 6)); // X·W + B by hand
    }

    @Test
    void manyThreadsEachWithAPredictorAgreeWithPredict() throws Exception {
        Network net = classifier(2);
        SplittableRandom r = new SplittableRandom(2);
        List<Matrix> inputs = new ArrayList<>();
        List<Matrix> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Matrix x = InferenceAndSeamsTest.random(r, 1 + 40 * i, 20);
            inputs.add(x);
            expected.add(net.predict(x));
        }
        ThreadLocal<Predictor> predictors = ThreadLocal.withInitial(net::predictor); // one per thread
        InferenceAndSeamsTest.assertEightThreadsAgree(20, i -> {
            Matrix out = Matrix.zeros(inputs.get(i).rows(), 5);
            return predictors.get().predictInto(inputs.get(i), out).equals(expected.get(i));
        }, inputs.size());
    }

    @Test
    void fullBatchesAndAShortLastOneAllocateNothing() throws ReflectiveOperationException {
        Network net = classifier(1);
        Predictor predictor = net.predictor();
        Matrix x = InferenceAndSeamsTest.random(new SplittableRandom(3), 32, 20);
        Matrix out = Matrix.zeros(32, 5);
        Matrix lastX = InferenceAndSeamsTest.random(new SplittableRandom(4), 7, 20); // a short last batch
        Matrix lastOut = Matrix.zeros(7, 5);
        Runnable batches = () -> {
            predictor.predictInto(x, out);
            predictor.predictInto(x, out);
            predictor.predictInto(lastX, lastOut);
        };
        // a single matrix per call would be ≥ 15,000 × (16 + 7 × 5 × 8) bytes
        assertThat(bytesAllocatedBy(batches)).isLessThan(1_000);
    }

    /**
     * The bytes this thread allocates running {@code r} 5,000 times, after 10,000 runs to warm up the JIT, less
     * what the measurement itself allocates (from {@code com.sun.management.ThreadMXBean}, through reflection
     * because the tests compile into the library's module, which does not read {@code java.management}).
     */
    static long bytesAllocatedBy(Runnable r) throws ReflectiveOperationException {
        for (int i = 0; i < 10_000; i++) { // warm up, so that the JIT's own work is done
            r.run();
        }
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        long id = Thread.currentThread().getId();
        long start = (Long) allocated.invoke(threads, id);
        long before = (Long) allocated.invoke(threads, id);
        long measuring = before - start;
        for (int i = 0; i < 5_000; i++) {
            r.run();
        }
        return (Long) allocated.invoke(threads, id) - before - measuring;
    }

    @Test
    void badCallsAreRefusedWithWhatWasWrong() {
        Network net = classifier(1);
        Predictor predictor = net.predictor();
        assertThatThrownBy(() -> predictor.predictInto(Matrix.zeros(4, 19), Matrix.zeros(4, 5)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("input is 4×19, expected 20 columns");
        assertThatThrownBy(() -> predictor.predictInto(Matrix.zeros(4, 20), Matrix.zeros(3, 5)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("output is 3×5, expected 4×5");
        assertThatThrownBy(() -> predictor.predictInto(Matrix.zeros(4, 20), Matrix.zeros(4, 6)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("output is 4×6, expected 4×5");
        Network square = Network.builder().input(3).dense(4, new ReLU()).dense(3, new Identity())
                .loss(new MeanSquaredError()).build(new SplittableRandom(4));
        Matrix x = Matrix.zeros(2, 3);
        assertThatThrownBy(() -> square.predictor().predictInto(x, x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be the input");
        // nor may it be one of the network's parameters (here the output layer's, 4×3 and 1×3)
        Layer out = square.layers().get(1);
        assertThatThrownBy(() -> square.predictor().predictInto(Matrix.zeros(4, 3), out.weights()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a parameter of layer 1");
        assertThatThrownBy(() -> out.predictInto(Matrix.zeros(1, 4), out.biases()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be the layer's biases");
        assertThat(out.biases()).isEqualTo(Matrix.zeros(1, 3)); // untouched
        // a layer used on its own checks its input, and writes what predict returns
        Layer layer = square.layers().get(1);
        Matrix h = Matrix.zeros(2, 4);
        assertThatThrownBy(() -> layer.predictInto(Matrix.zeros(2, 3), Matrix.zeros(2, 3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("input is 2×3 with 3 columns, expected 4");
        assertThat(layer.predictInto(h, Matrix.zeros(2, 3))).isEqualTo(layer.predict(h));
    }
}
