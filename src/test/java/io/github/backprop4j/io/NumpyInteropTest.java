package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions of NumPy interoperability. The NumPy side was made by
 * {@code src/test/resources/io/make_numpy_models.py}; its values are repeated here with the same IEEE 754
 * operations, so the comparison is exact.
 */
class NumpyInteropTest {

    @TempDir
    Path dir;

    // The script's tensors: W0[r, c] = (4r + c)/7 − 0.8, B0[c] = 0.1c − 0.15 (1-D), W1[r, c] = (3r + c)/13 − 0.5,
    // B1[0, c] = −0.2 + 0.3c.
    private static Matrix w0() {
        Matrix m = Matrix.zeros(3, 4);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                m.set(r, c, (4 * r + c) / 7.0 - 0.8);
            }
        }
        return m;
    }

    private static Matrix b0() {
        Matrix m = Matrix.zeros(1, 4);
        for (int c = 0; c < 4; c++) {
            m.set(0, c, 0.1 * c - 0.15);
        }
        return m;
    }

    private static Matrix w1() {
        Matrix m = Matrix.zeros(4, 3);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                m.set(r, c, (3 * r + c) / 13.0 - 0.5);
            }
        }
        return m;
    }

    private static Matrix b1() {
        Matrix m = Matrix.zeros(1, 3);
        for (int c = 0; c < 3; c++) {
            m.set(0, c, -0.2 + 0.3 * c);
        }
        return m;
    }

    private static final Matrix X = Matrix.of(3, 3, 1.0, -2.0, 0.5, 0.0, 0.25, -1.5, 3.0, 1.0, 2.0);

    // ---------------------------------------------------------------- NumPy → library

    @Test
    void filesWrittenByNumpyLoadWithExactValues() throws IOException {
        for (String name : List.of("numpy_savez.npz", "numpy_savez_compressed.npz")) {
            Network net = ModelFile.load(CorruptionTest.resource(name));
            assertThat(net.layers()).hasSize(2);
            Layer hidden = net.layers().get(0);
            Layer output = net.layers().get(1);
            assertThat(hidden.weights()).as(name).isEqualTo(w0());
            assertThat(hidden.biases()).as(name + " (saved 1-D, shape (4,))").isEqualTo(b0());
            assertThat(output.weights()).as(name).isEqualTo(w1());
            assertThat(output.biases()).as(name).isEqualTo(b1());
            assertThat(hidden.activation()).isEqualTo(new LeakyReLU(0.1));
            assertThat(hidden.dropout()).isEqualTo(0.25);
            assertThat(output.activation()).isEqualTo(new Softmax());
            assertThat(net.loss()).isEqualTo(new CrossEntropy());
        }
    }

    @Test
    void predictionsOfANumpyFileMatchNumpys() throws IOException {
        Matrix expected = Matrix.fromRows(parseRows(new String(CorruptionTest.resource("numpy_predictions.txt"),
                StandardCharsets.US_ASCII)).toArray(new double[0][]));
        Matrix actual = ModelFile.load(CorruptionTest.resource("numpy_savez_compressed.npz")).predict(X);
        assertThat(actual.maxAbsDifference(expected)).isLessThan(1e-12);
    }

    @Test
    void npyBytesAreNumpysBytes() throws IOException {
        byte[] file = resourceUnchecked("numpy_savez.npz");
        TestZip numpy = TestZip.of(file);
        assertThat(Npy.write(3, 4, w0().toArray())).isEqualTo(numpy.entry("layers.0.weights.npy").content);
        assertThat(Npy.write(4, 3, w1().toArray())).isEqualTo(numpy.entry("layers.1.weights.npy").content);
        assertThat(Npy.write(1, 3, b1().toArray())).isEqualTo(numpy.entry("layers.1.biases.npy").content);
    }

    /** The script's checkpoint: the same network, plus SGD (η 0.05, μ 0.9) after 7 steps with exact velocities. */
    @Test
    void checkpointWrittenByNumpyLoadsWithExactState() throws IOException {
        Checkpoint c = ModelFile.loadCheckpoint(CorruptionTest.resource("numpy_checkpoint.npz"), null);
        assertThat(c.network().layers().get(0).weights()).isEqualTo(w0());
        assertThat(c.network().layers().get(1).biases()).isEqualTo(b1());
        Optimizer sgd = c.optimizer().orElseThrow();
        assertThat(sgd).isInstanceOf(SgdOptimizer.class);
        OptimizerState state = sgd.state();
        assertThat(state.settings()).isEqualTo(Map.of("learningRate", 0.05, "momentum", 0.9, "nesterov", 0.0,
                "weightDecay", 0.0));
        assertThat(state.step()).isEqualTo(7);
        Matrix vw0 = Matrix.zeros(3, 4);
        Matrix vb0 = Matrix.zeros(1, 4);
        Matrix vw1 = Matrix.zeros(4, 3);
        Matrix vb1 = Matrix.zeros(1, 3);
        for (int r = 0; r < 4; r++) {
            for (int col = 0; col < 4; col++) {
                if (r < 3) {
                    vw0.set(r, col, (r - col) / 16.0);
                }
                if (col < 3) {
                    vw1.set(r, col, (3 * r + col) / 64.0);
                }
            }
            vb0.set(0, r, r / 32.0 - 0.0625);
            if (r < 3) {
                vb1.set(0, r, -r / 8.0);
            }
        }
        assertThat(state.tensors()).containsExactly(
                new OptimizerState.Tensor("layers.0.weights.velocity", vw0),
                new OptimizerState.Tensor("layers.0.biases.velocity", vb0),   // saved 1-D, shape (4,)
                new OptimizerState.Tensor("layers.1.weights.velocity", vw1),
                new OptimizerState.Tensor("layers.1.biases.velocity", vb1));
    }

    // ---------------------------------------------------------------- library → NumPy

    /**
     * Saves networks from Java, runs {@code forward_pass.py} (numpy.load + json.loads, no backprop4j) on them
     * in a python3 subprocess, and compares its predictions with {@link Network#predict}. Skipped where
     * python3 with NumPy is not installed.
     */
    @Test
    void numpyComputesTheSamePredictionsFromALibraryFile() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "python3 with numpy is not available on PATH; skipping the"
                + " check that NumPy reads library files");
        Path script = dir.resolve("forward_pass.py");
        Files.write(script, CorruptionTest.resource("forward_pass.py"));
        for (Network net : List.of(Models.small(5), Models.everyActivation(6), Models.binary(7))) {
            Path model = dir.resolve("model.npz");
            Path inputs = dir.resolve("inputs.npy");
            ModelFile.save(net, model);
            Matrix x = Models.inputs(9, net.inputSize(), 8);
            Files.write(inputs, Npy.write(x.rows(), x.cols(), x.toArray()));
            List<String> out = run("python3", script.toString(), model.toString(), inputs.toString());
            Matrix numpy = Matrix.fromRows(parseRows(String.join("\n", out)).toArray(new double[0][]));
            Matrix java = net.predict(x);
            assertThat(numpy.shape()).isEqualTo(java.shape());
            for (int i = 0; i < java.rows(); i++) {
                for (int j = 0; j < java.cols(); j++) {
                    assertThat(numpy.get(i, j)).as("%s (%d, %d)", net, i, j).isCloseTo(java.get(i, j), within(1e-12));
                }
            }
        }
    }

    /**
     * Saves a checkpoint from Java and reads its optimizer state with numpy.load and json.loads alone: the
     * name, step and settings, and every {@code optimizer.*} array in file order, each value exactly. Skipped
     * where python3 with NumPy is not installed.
     */
    @Test
    void numpyReadsTheOptimizerStateOfALibraryCheckpoint() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "python3 with numpy is not available on PATH; skipping the"
                + " check that NumPy reads library checkpoints");
        Network net = Models.small(5);
        Optimizer adam = Adam.builder().learningRate(0.01).weightDecay(1e-4).build();
        CheckpointTest.steps(net, adam, 2, new SplittableRandom(6));
        Path model = dir.resolve("checkpoint.npz");
        ModelFile.save(net, adam, model);
        String script = String.join("\n",
                "import json, sys",
                "import numpy as np",
                "with np.load(sys.argv[1]) as z:",
                "    o = json.loads(z['model.json'])['optimizer']",
                "    print(o['name'], o['step'], ' '.join('%s=%r' % kv for kv in sorted(o['settings'].items())))",
                "    for name in z.files:",
                "        if name.startswith('optimizer.'):",
                "            a = z[name]",
                "            assert a.dtype == np.float64 and a.ndim == 2, (name, a.dtype, a.shape)",
                "            print(name, a.shape[0], a.shape[1], ' '.join(repr(float(v)) for v in a.ravel()))");
        List<String> out = run("python3", "-c", script, model.toString());

        OptimizerState state = adam.state();
        assertThat(out).hasSize(1 + state.tensors().size());
        String[] head = out.get(0).split(" ");
        assertThat(head[0]).isEqualTo("adam");
        assertThat(Long.parseLong(head[1])).isEqualTo(state.step());
        assertThat(head).hasSize(2 + state.settings().size());
        int k = 2;
        for (Map.Entry<String, Double> setting : state.settings().entrySet()) {
            String[] kv = head[k++].split("=");
            assertThat(kv[0]).isEqualTo(setting.getKey());
            assertThat(Double.parseDouble(kv[1])).as(kv[0]).isEqualTo(setting.getValue());
        }
        for (int i = 0; i < state.tensors().size(); i++) {
            OptimizerState.Tensor t = state.tensors().get(i);
            String[] parts = out.get(1 + i).split(" ");
            assertThat(parts[0]).isEqualTo("optimizer." + t.name());
            double[] values = new double[parts.length - 3];
            for (int v = 0; v < values.length; v++) {
                values[v] = Double.parseDouble(parts[3 + v]);
            }
            assertThat(Matrix.of(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), values))
                    .as(t.name()).isEqualTo(t.value());
        }
    }

    private static byte[] resourceUnchecked(String name) {
        try {
            return CorruptionTest.resource(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(p.exitValue()).as("python3 exit status; output:%n%s", output).isZero();
        return output.lines().toList();
    }

    private static List<double[]> parseRows(String text) {
        List<double[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split(" ");
                double[] row = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    row[i] = Double.parseDouble(parts[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
