package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.GradientClipping;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import io.github.backprop4j.optim.RMSprop;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files with the optimizer's state (checkpoints): exact round trips, bit-for-bit resumption, byte-identical
 * saves, and refusal of every inconsistency between the {@code "optimizer"} object and the
 * {@code optimizer.*} tensors.
 */
class CheckpointTest {

    @TempDir
    Path dir;

    /** Every optimizer and variant the format stores, each new on every call. */
    private static Map<String, Supplier<Optimizer>> optimizers() {
        Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
        m.put("sgd", () -> new SgdOptimizer(0.1));
        m.put("sgd momentum", () -> SgdOptimizer.builder().learningRate(0.05).momentum(0.9).build());
        m.put("sgd nesterov, weight decay", () -> SgdOptimizer.builder().learningRate(0.05).momentum(0.8)
                .nesterov(true).weightDecay(1e-3).build());
        m.put("adam", () -> Adam.builder().learningRate(0.01).weightDecay(1e-4).build());
        m.put("adamw", () -> AdamW.builder().learningRate(0.01).beta1(0.8).weightDecay(0.01).build());
        m.put("sgd momentum, l1", () -> SgdOptimizer.builder().learningRate(0.05).momentum(0.9).l1(1e-3).build());
        m.put("adamw, l1", () -> AdamW.builder().learningRate(0.01).l1(1e-3).build());
        m.put("rmsprop", () -> RMSprop.builder().learningRate(0.01).build());
        m.put("rmsprop centered, momentum, weight decay, l1", () -> RMSprop.builder().learningRate(0.005).rho(0.9)
                .epsilon(1e-6).momentum(0.5).centered(true).weightDecay(1e-3).l1(1e-4).build());
        return m;
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void networkAndOptimizerStateRoundTripBitwise() throws IOException {
        for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
            for (Network net : List.of(Models.small(1), Models.everyActivation(2))) {
                Optimizer optimizer = e.getValue().get();
                steps(net, optimizer, 3, new SplittableRandom(3));
                Path file = dir.resolve("checkpoint.npz");
                ModelFile.save(net, optimizer, file);

                Checkpoint fromFile = ModelFile.loadCheckpoint(file, null);
                Checkpoint fromBytes = ModelFile.loadCheckpoint(ModelFile.toBytes(net, optimizer), null);
                for (Checkpoint c : List.of(fromFile, fromBytes)) {
                    Models.assertSame(net, c.network());
                    assertSameOptimizer(e.getKey(), optimizer, c.optimizer().orElseThrow());
                }
                Models.assertSame(net, ModelFile.load(file)); // a plain load gives the network alone
                assertThat(Files.readAllBytes(file)).isEqualTo(ModelFile.toBytes(net, optimizer));
            }
        }
    }

    @Test
    void entriesAreTheNetworksThenTheOptimizersInParameterAndSlotOrder() throws IOException {
        Network net = Models.small(1);
        Optimizer adam = Adam.builder().build();
        steps(net, adam, 1, new SplittableRandom(1));
        assertThat(entryNames(ModelFile.toBytes(net, adam))).containsExactly("model.json",
                "layers.0.weights.npy", "layers.0.biases.npy", "layers.1.weights.npy", "layers.1.biases.npy",
                "optimizer.layers.0.weights.m.npy", "optimizer.layers.0.weights.v.npy",
                "optimizer.layers.0.biases.m.npy", "optimizer.layers.0.biases.v.npy",
                "optimizer.layers.1.weights.m.npy", "optimizer.layers.1.weights.v.npy",
                "optimizer.layers.1.biases.m.npy", "optimizer.layers.1.biases.v.npy");

        Optimizer momentum = SgdOptimizer.builder().momentum(0.5).build();
        steps(net, momentum, 1, new SplittableRandom(1));
        assertThat(entryNames(ModelFile.toBytes(net, momentum))).containsExactly("model.json",
                "layers.0.weights.npy", "layers.0.biases.npy", "layers.1.weights.npy", "layers.1.biases.npy",
                "optimizer.layers.0.weights.velocity.npy", "optimizer.layers.0.biases.velocity.npy",
                "optimizer.layers.1.weights.velocity.npy", "optimizer.layers.1.biases.velocity.npy");

        Optimizer plain = new SgdOptimizer(0.1);
        steps(net, plain, 2, new SplittableRandom(1));
        assertThat(entryNames(ModelFile.toBytes(net, plain))).containsExactly("model.json",
                "layers.0.weights.npy", "layers.0.biases.npy", "layers.1.weights.npy", "layers.1.biases.npy");
        assertThat(ModelFile.loadCheckpoint(ModelFile.toBytes(net, plain), null).optimizer().orElseThrow()
                .stepCount()).isEqualTo(2);
    }

    @Test
    void anOptimizerThatHasNotSteppedIsStoredWithoutTensorsAndResumesAsNew() throws IOException {
        for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
            Network net = Models.small(5);
            Optimizer fresh = e.getValue().get();
            byte[] file = ModelFile.toBytes(net, fresh);
            assertThat(entryNames(file)).as(e.getKey()).hasSize(5).noneMatch(n -> n.startsWith("optimizer."));
            assertThat(json(file)).contains("\"step\": 0");
            Checkpoint c = ModelFile.loadCheckpoint(file, new SplittableRandom(9));
            assertSameOptimizer(e.getKey(), fresh, c.optimizer().orElseThrow());

            Network original = ModelFile.loadCheckpoint(file, new SplittableRandom(9)).network();
            steps(original, fresh, 4, new SplittableRandom(4));
            steps(c.network(), c.optimizer().orElseThrow(), 4, new SplittableRandom(4));
            Models.assertSame(original, c.network());
            assertSameOptimizer(e.getKey(), fresh, c.optimizer().orElseThrow());
        }
    }

    @Test
    void aFileWithoutOptimizerStateLoadsAsACheckpointWithoutOne() throws IOException {
        Network net = Models.binary(3);
        Path file = dir.resolve("model.npz");
        ModelFile.save(net, file);
        Checkpoint c = ModelFile.loadCheckpoint(file, null);
        Models.assertSame(net, c.network());
        assertThat(c.optimizer()).isEmpty();
    }

    @Test
    void savesAreByteIdenticalAndSoIsResavingALoadedCheckpoint() throws IOException {
        for (Supplier<Optimizer> make : optimizers().values()) {
            Network a = Models.everyActivation(7);
            Network b = Models.everyActivation(7);
            Optimizer oa = make.get();
            Optimizer ob = make.get();
            steps(a, oa, 2, new SplittableRandom(2));
            steps(b, ob, 2, new SplittableRandom(2));
            Path one = dir.resolve("one.npz");
            Path two = dir.resolve("two.npz");
            ModelFile.save(a, oa, one);
            ModelFile.save(b, ob, two);
            assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));

            Checkpoint c = ModelFile.loadCheckpoint(one, null);
            assertThat(ModelFile.toBytes(c.network(), c.optimizer().orElseThrow()))
                    .isEqualTo(Files.readAllBytes(one));
        }
    }

    /**
     * A fixed network and Adam state, pinned byte for byte: any change to what a checkpoint looks like must be
     * deliberate (docs/file-format.md §8). All values are exact binary fractions.
     */
    @Test
    void goldenCheckpointIsUnchanged() throws NoSuchAlgorithmException {
        Network net = new Network(List.of(
                new Layer(Matrix.of(2, 2, 0.5, -1.25, 2.0, 0.75), Matrix.row(0.125, -0.5), new ReLU()),
                new Layer(Matrix.of(2, 1, 1.5, -0.25), Matrix.row(0.0625), new Sigmoid())),
                new MeanSquaredError());
        List<OptimizerState.Tensor> tensors = new ArrayList<>();
        double value = 0.0;
        for (Parameter p : net.parameters()) {
            for (String slot : List.of("m", "v")) {
                Matrix m = Matrix.zeros(p.value().rows(), p.value().cols());
                for (int i = 0; i < m.size(); i++) {
                    value += 0.125;
                    m.backingArray()[i] = slot.equals("m") ? -value : value;
                }
                tensors.add(new OptimizerState.Tensor(p.name() + "." + slot, m));
            }
        }
        Optimizer adam = Optimizer.fromState(new OptimizerState("adam", Map.of("beta1", 0.875, "beta2", 0.9990234375,
                "epsilon", 0x1p-27, "learningRate", 0.0009765625, "weightDecay", 0.0), 1200, tensors),
                net.parameters());

        ModelDescription d = ModelDescription.of(net);
        OptimizerState state = adam.state();
        OptimizerDescription od = OptimizerDescription.of(adam, state);
        List<TensorArchive.Tensor> all = new ArrayList<>(ModelDescription.tensors(net));
        all.addAll(od.tensors(state, d.parameterSpecs()));
        byte[] file = TensorArchive.write(new ModelDescription(d.inputSize(), d.layers(), d.loss(),
                "backprop4j golden", od).toJson(), all);

        String expectedJson = "{\n"
                + "  \"format\": \"backprop4j-model\",\n"
                + "  \"formatVersion\": 1,\n"
                + "  \"writtenBy\": \"backprop4j golden\",\n"
                + "  \"inputSize\": 2,\n"
                + "  \"layers\": [\n"
                + "    {\n"
                + "      \"type\": \"dense\",\n"
                + "      \"units\": 2,\n"
                + "      \"activation\": {\"name\": \"relu\"},\n"
                + "      \"dropout\": 0.0\n"
                + "    },\n"
                + "    {\n"
                + "      \"type\": \"dense\",\n"
                + "      \"units\": 1,\n"
                + "      \"activation\": {\"name\": \"sigmoid\"},\n"
                + "      \"dropout\": 0.0\n"
                + "    }\n"
                + "  ],\n"
                + "  \"loss\": {\"name\": \"mse\"},\n"
                + "  \"optimizer\": {\n"
                + "    \"name\": \"adam\",\n"
                + "    \"settings\": {\n"
                + "      \"beta1\": 0.875,\n"
                + "      \"beta2\": 0.9990234375,\n"
                + "      \"epsilon\": 7.450580596923828E-9,\n"
                + "      \"learningRate\": 9.765625E-4,\n"
                + "      \"weightDecay\": 0.0\n"
                + "    },\n"
                + "    \"step\": 1200\n"
                + "  }\n"
                + "}\n";
        assertThat(new String(file, 40, expectedJson.length(), StandardCharsets.US_ASCII)).isEqualTo(expectedJson);
        assertThat(file.length).isEqualTo(4061);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
                .isEqualTo("a5ba885977264ce06bffac3309f6a95224648cc98292b604ab1bbff4449e06e1");
    }

    // ---------------------------------------------------------------- resuming

    /**
     * Train k epochs, save, load, train the rest — against one uninterrupted run of all epochs. The Trainer
     * does not shuffle here (it restarts from the data's order on every {@code fit}, so a shuffled run split
     * over two fits orders its batches differently); the network has dropout, and the resumed network gets the
     * same dropout generator object the first part used, carried across the save; a learning-rate schedule
     * and gradient clipping run too (the schedule resumes from the restored step count).
     */
    @Test
    void resumingWithTheTrainerGivesTheSameWeightsAsNeverStopping() throws IOException {
        Dataset data = twoClasses(60, 11);
        for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
            int epochs = 5;
            int before = 2;
            LearningRateSchedule schedule = LearningRateSchedule.cosineAnnealing(0.05, 0.001, epochs * 8L);

            Network uninterrupted = Models.small(21); // its dropout masks come from its own SplittableRandom(21)
            Optimizer uninterruptedOptimizer = e.getValue().get();
            trainer(uninterruptedOptimizer, schedule, epochs).fit(uninterrupted, data);

            SplittableRandom dropout = new SplittableRandom(21);
            Network first = Models.small(dropout); // the same network, drawing from the carried-over generator
            Optimizer firstOptimizer = e.getValue().get();
            trainer(firstOptimizer, schedule, before).fit(first, data);
            Path file = dir.resolve("checkpoint.npz");
            ModelFile.save(first, firstOptimizer, file);

            Checkpoint resumed = ModelFile.loadCheckpoint(file, dropout);
            Optimizer resumedOptimizer = resumed.optimizer().orElseThrow();
            assertThat(resumedOptimizer.stepCount()).isEqualTo(before * 8L);
            trainer(resumedOptimizer, schedule, epochs - before).fit(resumed.network(), data);

            Models.assertSame(uninterrupted, resumed.network());
            assertSameOptimizer(e.getKey(), uninterruptedOptimizer, resumedOptimizer);
            assertThat(uninterrupted.flatParameters()).as(e.getKey() + ": training moved the weights")
                    .isNotEqualTo(Models.small(21).flatParameters());
        }
    }

    /**
     * A hand-written loop interrupted in the middle of an epoch, with shuffled mini-batches: the batch order is
     * drawn once, up front, from a seeded generator, and both runs use that same list; the dropout generator
     * object is carried across the save. Every optimizer, at several interruption points.
     */
    @Test
    void resumingMidEpochWithShuffledBatchesGivesTheSameWeights() throws IOException {
        Matrix x = Models.inputs(40, 5, 31);
        Matrix y = Models.inputs(40, 2, 32);
        List<int[]> batches = shuffledBatches(40, 7, 24, new SplittableRandom(33));
        for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
            Network uninterrupted = Models.everyActivation(34);
            Optimizer uninterruptedOptimizer = e.getValue().get();
            train(uninterrupted, uninterruptedOptimizer, x, y, batches.subList(0, batches.size()));

            for (int stop : new int[] {1, 10, 23}) {
                SplittableRandom dropout = new SplittableRandom(34);
                Network first = Models.everyActivation(dropout);
                Optimizer firstOptimizer = e.getValue().get();
                train(first, firstOptimizer, x, y, batches.subList(0, stop));
                byte[] file = ModelFile.toBytes(first, firstOptimizer);

                Checkpoint resumed = ModelFile.loadCheckpoint(file, dropout);
                train(resumed.network(), resumed.optimizer().orElseThrow(), x, y,
                        batches.subList(stop, batches.size()));
                String what = e.getKey() + ", interrupted after step " + stop;
                assertThat(Models.same(uninterrupted, resumed.network())).as(what).isTrue();
                assertSameOptimizer(what, uninterruptedOptimizer, resumed.optimizer().orElseThrow());
            }
        }
    }

    // ---------------------------------------------------------------- refusals: reading

    @Test
    void optimizerDescriptionErrorsNameTheKey() {
        assertRefused(withJson(adamFile(), j -> j.replace("\"adam\"", "\"adagrad\"")), "model.json: optimizer.name",
                "unknown optimizer \"adagrad\"", "known: sgd, adam, adamw, rmsprop");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta2\": 0.999, ", "")), "optimizer.settings",
                "missing setting \"beta2\"");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta2\": 0.999", "\"beta2\": 0.999, \"amsgrad\": 1")),
                "optimizer.settings", "unknown setting \"amsgrad\"");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta1\": 0.9", "\"beta1\": \"0.9\"")),
                "optimizer.settings.beta1: is a string, expected a number");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta1\": 0.9", "\"beta1\": 1.5")),
                "optimizer.settings", "beta1 must be in [0, 1), got 1.5");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta1\": 0.9", "\"beta1\": 1e999")),
                "optimizer.settings.beta1", "out of the range of a double");
        assertRefused(withJson(adamFile(), j -> j.replace("\"step\": 3", "\"step\": -3")), "optimizer.step",
                "out of range");
        assertRefused(withJson(adamFile(), j -> j.replace("\"step\": 3", "\"step\": 3.0")), "optimizer.step",
                "expected an integer");
        assertRefused(withJson(adamFile(), j -> j.replace("\"step\": 3", "\"step\": 9223372036854775808")),
                "optimizer.step", "out of range");
        assertRefused(withJson(adamFile(), j -> j.replace(", \"step\": 3", "")), "model.json: optimizer",
                "missing key \"step\"");
        assertRefused(withJson(adamFile(), j -> j.replace("\"step\": 3", "\"step\": 3, \"amsgrad\": true")),
                "model.json: optimizer", "unknown key \"amsgrad\"");
        assertRefused(withJson(adamFile(), j -> j.replaceAll("\"optimizer\": \\{.*\\}\\s*\\}\\s*$",
                "\"optimizer\": [] }")), "model.json: optimizer: is an array, expected an object");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta1\"", "\"beta1\\u0007\"")),
                "model.json: optimizer.settings: adam state: missing setting \"beta1\"",
                "; the object has the unknown key \"beta1\\u0007\" (keys are compared exactly)");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta1\": 0.9", "\"beta1\": 0.9, \"\\u202e\": 0")),
                "unknown setting \"\\u202e\"");
        assertRefused(withJson(sgdFile(), j -> j.replace("\"nesterov\": 0.0", "\"nesterov\": 0.5")),
                "optimizer.settings", "nesterov must be 0 or 1, got 0.5");
        assertRefused(withJson(sgdFile(), j -> j.replace("\"nesterov\": 0.0", "\"nesterov\": 1.0")
                .replace("\"momentum\": 0.9", "\"momentum\": 0.0")), "optimizer.settings", "nesterov momentum needs");
    }

    @Test
    void rmspropAndL1SettingsAreCheckedAsTheOptimizerChecksThem() {
        assertRefused(withJson(rmspropFile(), j -> j.replace("\"centered\": 1.0", "\"centered\": 0.5")),
                "model.json: optimizer.settings", "rmsprop state: centered must be 0 or 1, got 0.5");
        assertRefused(withJson(rmspropFile(), j -> j.replace("\"rho\": 0.9", "\"rho\": 1.0")),
                "optimizer.settings", "rho must be in [0, 1), got 1.0");
        assertRefused(withJson(rmspropFile(), j -> j.replace("\"rho\": 0.9, ", "")), "optimizer.settings",
                "rmsprop state: missing setting \"rho\"");
        assertRefused(withJson(rmspropFile(), j -> j.replace("\"l1\": 1.0E-4", "\"l1\": -1.0E-4")),
                "optimizer.settings", "l1 must be finite and ≥ 0, got -1.0E-4");
        assertRefused(withJson(adamFile(), j -> j.replace("\"beta1\": 0.9", "\"beta1\": 0.9, \"l2\": 0")),
                "optimizer.settings", "unknown setting \"l2\"", "optionally l1");
    }

    /** An RMSprop file's slots follow its settings: v always, m when centered, velocity when momentum &gt; 0. */
    @Test
    void rmspropSlotsFollowItsSettings() throws IOException {
        assertThat(entryNames(rmspropFile())).filteredOn(n -> n.startsWith("optimizer.layers.0.weights"))
                .containsExactly("optimizer.layers.0.weights.v.npy", "optimizer.layers.0.weights.m.npy",
                        "optimizer.layers.0.weights.velocity.npy");
        assertRefused(withJson(rmspropFile(), j -> j.replace("\"centered\": 1.0", "\"centered\": 0.0")),
                "unexpected entries 'optimizer.layers.0.weights.m.npy'");
        assertRefused(withJson(rmspropFile(), j -> j.replace("\"momentum\": 0.5", "\"momentum\": 0.0")),
                "unexpected entries 'optimizer.layers.0.weights.velocity.npy'");
        TestZip missing = TestZip.of(rmspropFile());
        missing.remove("optimizer.layers.1.biases.m.npy");
        assertRefused(missing.build(), "no entry 'optimizer.layers.1.biases.m.npy' for the rmsprop optimizer's m");
        TestZip negative = TestZip.of(rmspropFile());
        negative.remove("optimizer.layers.0.biases.v.npy");
        negative.add("optimizer.layers.0.biases.v.npy", Npy.write(1, 3, new double[] {0.5, -0.25, 0}));
        assertRefused(negative.build(), "the rmsprop optimizer refuses the state",
                "layers.0.biases.v holds -0.25 at index 1 (v must be ≥ 0)");
    }

    /** λ₁ is written only when it is used, so a file without L1 is byte for byte what it was before L1 existed. */
    @Test
    void l1IsWrittenOnlyWhenUsed() throws IOException {
        assertThat(json(rmspropFile())).contains("\"l1\": 1.0E-4");
        assertThat(json(adamFile())).doesNotContain("l1");
        Network net = Models.small(1);
        Optimizer sgd = SgdOptimizer.builder().learningRate(0.1).l1(0.0).build();
        steps(net, sgd, 1, new SplittableRandom(1));
        assertThat(json(ModelFile.toBytes(net, sgd))).contains("\"settings\": {\"learningRate\": 0.1, \"momentum\":"
                + " 0.0, \"nesterov\": 0.0, \"weightDecay\": 0.0}");
    }

    @Test
    void missingExtraAndMisshapenOptimizerTensorsAreRefused() throws IOException {
        TestZip missing = TestZip.of(adamFile());
        missing.remove("optimizer.layers.1.biases.v.npy");
        assertRefused(missing.build(), "no entry 'optimizer.layers.1.biases.v.npy' for the adam optimizer's v for"
                + " the biases of layer 1");

        TestZip extra = TestZip.of(adamFile());
        extra.add("optimizer.layers.0.weights.velocity.npy", Npy.write(2, 3, new double[6]));
        assertRefused(extra.build(), "unexpected entry 'optimizer.layers.0.weights.velocity.npy'");

        TestZip layer2 = TestZip.of(adamFile());
        layer2.add("optimizer.layers.2.weights.m.npy", Npy.write(2, 2, new double[4]));
        assertRefused(layer2.build(), "unexpected entry 'optimizer.layers.2.weights.m.npy'");

        TestZip transposed = TestZip.of(adamFile());
        transposed.remove("optimizer.layers.0.weights.m.npy");
        transposed.add("optimizer.layers.0.weights.m.npy", Npy.write(3, 2, new double[6]));
        assertRefused(transposed.build(), "entry 'optimizer.layers.0.weights.m.npy'",
                "shape (3, 2), but model.json describes (2, 3)");

        TestZip nan = TestZip.of(adamFile());
        nan.remove("optimizer.layers.1.weights.m.npy");
        nan.add("optimizer.layers.1.weights.m.npy", Npy.write(3, 2, new double[] {0, 0, 0, Double.NaN, 0, 0}));
        assertRefused(nan.build(), "entry 'optimizer.layers.1.weights.m.npy'", "element (1, 1) is NaN");

        TestZip negative = TestZip.of(adamFile());
        negative.remove("optimizer.layers.0.biases.v.npy");
        negative.add("optimizer.layers.0.biases.v.npy", Npy.write(1, 3, new double[] {0.5, -0.25, 0}));
        assertRefused(negative.build(), "model.json: optimizer: the adam optimizer refuses the state",
                "layers.0.biases.v holds -0.25 at index 1 (v must be ≥ 0)");

        // The 1-D form NumPy code gives a bias (shape (units,)) is read for the bias's slots as for the bias.
        TestZip vector = TestZip.of(adamFile());
        byte[] m = vector.entry("optimizer.layers.1.biases.m.npy").content;
        vector.remove("optimizer.layers.1.biases.m.npy");
        vector.add("optimizer.layers.1.biases.m.npy", oneDimensional(m, 2));
        assertThat(ModelFile.loadCheckpoint(vector.build(), null).optimizer().orElseThrow().state())
                .isEqualTo(ModelFile.loadCheckpoint(adamFile(), null).optimizer().orElseThrow().state());
    }

    @Test
    void tensorsMustBeThereExactlyWhenTheStepCountSaysSo() {
        // Stepped file edited to step 0: its tensors are no longer described.
        assertRefused(withJson(adamFile(), j -> j.replace("\"step\": 3", "\"step\": 0")),
                "unexpected entries 'optimizer.layers.0.weights.m.npy'");
        // Fresh file edited to step 5: the tensors it then needs are missing.
        byte[] fresh = ModelFile.toBytes(Models.small(1), Adam.builder().build());
        assertRefused(withJson(fresh, j -> j.replace("\"step\": 0", "\"step\": 5")),
                "no entry 'optimizer.layers.0.weights.m.npy'");
        // SGD whose momentum is edited to 0 keeps no velocity.
        assertRefused(withJson(sgdFile(), j -> j.replace("\"momentum\": 0.9", "\"momentum\": 0.0")),
                "unexpected entries 'optimizer.layers.0.weights.velocity.npy'");
    }

    @Test
    void plainLoadRefusesACheckpointWhoseOptimizerPartIsBadAndLoadsAGoodOne() throws IOException {
        TestZip damaged = TestZip.of(adamFile());
        damaged.entry("optimizer.layers.1.weights.v.npy").declaredCrc = 0x12345678L;
        assertThatThrownBy(() -> ModelFile.load(damaged.build()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("entry 'optimizer.layers.1.weights.v.npy'")
                .hasMessageContaining("CRC-32");
        Network net = Models.small(1);
        Optimizer adam = Adam.builder().build();
        steps(net, adam, 3, new SplittableRandom(1));
        Models.assertSame(net, ModelFile.load(ModelFile.toBytes(net, adam)));
    }

    @Test
    void moreTensorsThanAZipCanHoldAreRefusedFromTheDescription() {
        // 10,923 one-unit layers with Adam's two slots need 6 × 10,923 = 65,538 tensors.
        StringBuilder json = new StringBuilder("{\"format\": \"backprop4j-model\", \"formatVersion\": 1,"
                + " \"inputSize\": 1, \"layers\": [");
        for (int i = 0; i < 10_923; i++) {
            json.append(i > 0 ? ", " : "").append("{\"type\": \"dense\", \"units\": 1, \"activation\":"
                    + " {\"name\": \"identity\"}}");
        }
        json.append("], \"loss\": {\"name\": \"mse\"}, \"optimizer\": {\"name\": \"adam\", \"settings\":"
                + " {\"beta1\": 0.9, \"beta2\": 0.999, \"epsilon\": 1e-8, \"learningRate\": 0.001, \"weightDecay\": 0},"
                + " \"step\": 1}}");
        TestZip z = new TestZip();
        z.add("model.json", json.toString());
        assertRefused(z.build(), "model.json describes 65,538 tensors", "more than the 65,534 entries");
    }

    // ---------------------------------------------------------------- refusals: saving

    @Test
    void anOptimizerOfYourOwnCannotBeSaved() {
        Optimizer custom = new Optimizer() {
            @Override
            public void step(List<Parameter> parameters) {
            }

            @Override
            public double learningRate() {
                return 0.1;
            }

            @Override
            public void setLearningRate(double learningRate) {
            }

            @Override
            public long stepCount() {
                return 0;
            }

            @Override
            public OptimizerState state() {
                return new OptimizerState("sgd", Map.of("learningRate", 0.1, "momentum", 0.0, "nesterov", 0.0,
                        "weightDecay", 0.0), 0, List.of());
            }

            @Override
            public String toString() {
                return "Mine";
            }
        };
        assertThatThrownBy(() -> ModelFile.toBytes(Models.small(1), custom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot save the optimizer Mine")
                .hasMessageContaining("not a built-in")
                .hasMessageContaining("sgd (SgdOptimizer), adam (Adam), adamw (AdamW) and rmsprop (RMSprop), never code");
    }

    @Test
    void theOptimizerOfAnotherNetworkIsRefusedOnSave() throws IOException {
        Optimizer adam = Adam.builder().build();
        steps(Models.everyActivation(1), adam, 1, new SplittableRandom(1));
        Path file = dir.resolve("model.npz");
        ModelFile.save(Models.small(1), file);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> ModelFile.save(Models.small(1), adam, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 20 tensors, but a network of 4 parameters needs 8 (m, v for each)")
                .hasMessageContaining("is it the optimizer of this network?");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }

        // Same parameter count, other shapes.
        Optimizer other = SgdOptimizer.builder().momentum(0.5).build();
        steps(Models.small(1), other, 1, new SplittableRandom(1));
        Network wider = Network.builder().input(3).dense(3, new ReLU()).dense(2, new io.github.backprop4j.nn.Softmax())
                .loss(new io.github.backprop4j.nn.CrossEntropy()).build(new SplittableRandom(1));
        assertThatThrownBy(() -> ModelFile.toBytes(wider, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 0 is layers.0.weights.velocity 2×3, but this network needs"
                        + " layers.0.weights.velocity (3×3)");
    }

    @Test
    void nonFiniteOptimizerStateIsRefusedOnSave() {
        Network net = Models.small(1);
        Optimizer sgd = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).build();
        Matrix w = net.layers().get(0).weights();
        for (int i = 0; i < 2; i++) {
            net.parameters().get(0).gradient().backingArray()[0] = Double.MAX_VALUE; // v = MAX, then 1.9·MAX = ∞
            sgd.step(net.parameters()); // gradients placed by hand: the seam that applies them as they are
        }
        w.set(0, 0, 0.5); // the weight went to −∞; make it finite so only the velocity is not
        assertThatThrownBy(() -> ModelFile.toBytes(net, sgd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot save optimizer.layers.0.weights.velocity: element (0, 0) is Infinity");
    }

    @Test
    void aStateOfNoStepIsSavedOnlyIfItsTensorsAreZero() throws IOException {
        Network net = Models.small(1);
        List<OptimizerState.Tensor> zeros = new ArrayList<>();
        List<OptimizerState.Tensor> ones = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            zeros.add(new OptimizerState.Tensor(p.name() + ".velocity", Matrix.zeros(p.value().rows(),
                    p.value().cols())));
            ones.add(new OptimizerState.Tensor(p.name() + ".velocity", Matrix.zeros(p.value().rows(),
                    p.value().cols()).map(v -> 1.0)));
        }
        Map<String, Double> settings = Map.of("learningRate", 0.1, "momentum", 0.5, "nesterov", 0.0,
                "weightDecay", 0.0);
        Optimizer zero = Optimizer.fromState(new OptimizerState("sgd", settings, 0, zeros), net.parameters());
        Checkpoint c = ModelFile.loadCheckpoint(ModelFile.toBytes(net, zero), null);
        assertThat(c.optimizer().orElseThrow().state().tensors()).isEmpty();

        Optimizer one = Optimizer.fromState(new OptimizerState("sgd", settings, 0, ones), net.parameters());
        assertThatThrownBy(() -> ModelFile.toBytes(net, one))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it has taken no step, yet layers.0.weights.velocity holds 1.0 at (0, 0)");
    }

    // ---------------------------------------------------------------- helpers

    /** {@code count} steps of forward, backward and step on random batches of 6 rows of fitting data. */
    static void steps(Network net, Optimizer optimizer, int count, SplittableRandom random) {
        for (int s = 0; s < count; s++) {
            Matrix x = Models.inputs(6, net.inputSize(), random.nextLong());
            Matrix y = net.outputSize() == 2 && net.loss() instanceof io.github.backprop4j.nn.CrossEntropy
                    ? Matrix.of(6, 2, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1)
                    : Models.inputs(6, net.outputSize(), random.nextLong()).map(v -> (v + 2) / 4);
            net.forward(x);
            net.backward(y);
            optimizer.step(net);
        }
    }

    /** Forward, backward, clip, schedule and step for each batch (row indices) in turn. */
    private static void train(Network net, Optimizer optimizer, Matrix x, Matrix y, List<int[]> batches) {
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.02, 5, 0.5);
        for (int[] rows : batches) {
            Matrix xb = Matrix.zeros(rows.length, x.cols());
            Matrix yb = Matrix.zeros(rows.length, y.cols());
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0; c < x.cols(); c++) {
                    xb.set(i, c, x.get(rows[i], c));
                }
                for (int c = 0; c < y.cols(); c++) {
                    yb.set(i, c, y.get(rows[i], c));
                }
            }
            net.forward(xb);
            net.backward(yb);
            GradientClipping.clipGlobalNorm(net.parameters(), 1.0);
            optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
            optimizer.step(net);
        }
    }

    /** {@code count} batches of {@code size} rows (the last of an epoch shorter), reshuffled every epoch. */
    private static List<int[]> shuffledBatches(int n, int size, int count, SplittableRandom random) {
        List<int[]> batches = new ArrayList<>();
        int[] order = new int[n];
        while (batches.size() < count) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n && batches.size() < count; from += size) {
                batches.add(java.util.Arrays.copyOfRange(order, from, Math.min(n, from + size)));
            }
        }
        return batches;
    }

    private static Trainer trainer(Optimizer optimizer, LearningRateSchedule schedule, int epochs) {
        return Trainer.builder().optimizer(optimizer).schedule(schedule).clipGradientNorm(2.0).epochs(epochs)
                .batchSize(8).shuffle(false).build();
    }

    /** n samples of 2 features in two classes split by a line; 8 batches of 8 or fewer at batch size 8. */
    private static Dataset twoClasses(int n, long seed) {
        Matrix x = Models.inputs(n, 2, seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = x.get(i, 0) + 0.5 * x.get(i, 1) > 0.2 ? 1 : 0;
        }
        return Dataset.classification(x, labels, 2);
    }

    static void assertSameOptimizer(String what, Optimizer expected, Optimizer actual) {
        assertThat(actual).as(what).hasSameClassAs(expected);
        assertThat(actual.state()).as(what).isEqualTo(expected.state()); // Matrix and Double equality are bitwise
    }

    /** A file of {@link Models#small} with Adam after 3 steps: {@code "step": 3}, betas 0.9 and 0.999. */
    static byte[] adamFile() {
        Network net = Models.small(1);
        Optimizer adam = Adam.builder().learningRate(0.01).build();
        steps(net, adam, 3, new SplittableRandom(1));
        return ModelFile.toBytes(net, adam);
    }

    /**
     * A file of {@link Models#small} with centered RMSprop, ρ 0.9, momentum 0.5 and L1 1e-4, after 3 steps.
     */
    private static byte[] rmspropFile() {
        Network net = Models.small(1);
        Optimizer rmsprop = RMSprop.builder().rho(0.9).momentum(0.5).centered(true).l1(1e-4).build();
        steps(net, rmsprop, 3, new SplittableRandom(1));
        return ModelFile.toBytes(net, rmsprop);
    }

    /** A file of {@link Models#small} with SGD, momentum 0.9, after 3 steps. */
    private static byte[] sgdFile() {
        Network net = Models.small(1);
        Optimizer sgd = SgdOptimizer.builder().momentum(0.9).build();
        steps(net, sgd, 3, new SplittableRandom(1));
        return ModelFile.toBytes(net, sgd);
    }

    private static List<String> entryNames(byte[] file) throws IOException {
        List<String> names = new ArrayList<>();
        for (ZipArchive.Entry e : TestZip.entries(file)) {
            names.add(e.name());
        }
        return names;
    }

    private static String json(byte[] file) throws IOException {
        return new String(TestZip.of(file).entry("model.json").content, StandardCharsets.US_ASCII);
    }

    /** The file with model.json put on one line and edited. */
    private static byte[] withJson(byte[] file, UnaryOperator<String> edit) {
        try {
            TestZip z = TestZip.of(file);
            String json = new String(z.entry("model.json").content, StandardCharsets.US_ASCII)
                    .replaceAll("\\s*\n\\s*", " ");
            String edited = edit.apply(json);
            assertThat(edited).as("the edit must change model.json: %s", json).isNotEqualTo(json);
            z.remove("model.json");
            z.add("model.json", edited);
            return z.build();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A (1, n) .npy rewritten as NumPy writes the 1-D shape (n,). */
    private static byte[] oneDimensional(byte[] npy, int n) {
        byte[] data = java.util.Arrays.copyOfRange(npy, Npy.ALIGN * 2, npy.length);
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + n + ",), }";
        header = header + " ".repeat(128 - 10 - header.length() - 1) + "\n";
        byte[] out = new byte[128 + data.length];
        System.arraycopy(npy, 0, out, 0, 8);
        out[8] = (byte) header.length();
        out[9] = 0;
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, out, 10, header.length());
        System.arraycopy(data, 0, out, 128, data.length);
        return out;
    }

    /** Refused by both loads, with all the words in the message. */
    static void assertRefused(byte[] file, String... words) {
        ModelFileTest.assertRefused(file, words);
        assertThatThrownBy(() -> ModelFile.loadCheckpoint(file, null))
                .isInstanceOf(ModelFileException.class)
                .satisfies(e -> {
                    for (String w : words) {
                        assertThat(e.getMessage()).contains(w);
                    }
                });
    }
}
