package io.github.backprop4j.io;

import static io.github.backprop4j.io.ModelFileTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.ELU;
import io.github.backprop4j.nn.GELU;
import io.github.backprop4j.nn.Huber;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Loss;
import io.github.backprop4j.nn.MeanAbsoluteError;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.SiLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Softplus;
import io.github.backprop4j.nn.Tanh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * formatVersion 2: the activations elu (with alpha), gelu, gelu-tanh, silu and softplus, the losses huber (with
 * delta) and mae, and cross-entropy's labelSmoothing. A network that uses none of them is still written as
 * formatVersion 1, byte for byte as before; a version-1 file that names them is refused.
 */
class FormatVersion2Test {

    /** 3 → 4 elu(0.3) → 4 gelu → 3 gelu-tanh → 3 silu → 3 softplus → out, with the given output and loss. */
    private static Network network(Activation output, int outputs, Loss loss) {
        SplittableRandom random = new SplittableRandom(11);
        Network net = Network.builder().input(3)
                .dense(4, new ELU(0.3)).dropout(0.2)
                .dense(4, GELU.exact())
                .dense(3, GELU.tanh())
                .dense(3, new SiLU())
                .dense(3, new Softplus())
                .dense(outputs, output)
                .loss(loss)
                .build(random);
        for (var layer : net.layers()) {
            double[] b = layer.biases().backingArray();
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble(-1, 1);
            }
        }
        return net;
    }

    private static String json(byte[] file) throws IOException {
        return new String(TestZip.of(file).entry("model.json").content, StandardCharsets.US_ASCII);
    }

    @Test
    void everyNewActivationAndLossSavesAndLoadsBitForBit() throws IOException {
        Network[] nets = {network(new Identity(), 2, new Huber(0.75)), network(new Tanh(), 2, new MeanAbsoluteError()),
            network(new Softmax(), 3, new CrossEntropy(0.1)), network(new Softmax(), 3, new CrossEntropy())};
        for (Network net : nets) {
            byte[] file = ModelFile.toBytes(net);
            Models.assertSame(net, ModelFile.load(file));
            assertThat(ModelFile.load(file).loss()).isEqualTo(net.loss());
            assertThat(ModelFile.toBytes(ModelFile.load(file))).isEqualTo(file);
            String json = json(file);
            assertThat(json).contains("\"formatVersion\": 2,", "{\"name\": \"elu\", \"alpha\": 0.3}",
                    "{\"name\": \"gelu\"}", "{\"name\": \"gelu-tanh\"}", "{\"name\": \"silu\"}",
                    "{\"name\": \"softplus\"}");
        }
        assertThat(json(ModelFile.toBytes(nets[0]))).contains("\"loss\": {\"name\": \"huber\", \"delta\": 0.75}");
        assertThat(json(ModelFile.toBytes(nets[1]))).contains("\"loss\": {\"name\": \"mae\"}");
        assertThat(json(ModelFile.toBytes(nets[2])))
                .contains("\"loss\": {\"name\": \"cross-entropy\", \"labelSmoothing\": 0.1}");
        assertThat(json(ModelFile.toBytes(nets[3]))).contains("\"loss\": {\"name\": \"cross-entropy\"}");
    }

    /** Old names only: formatVersion 1, so every reader before version 2 still reads what this one writes. */
    @Test
    void aNetworkOfVersion1NamesIsWrittenAsVersion1() throws IOException {
        Network plain = Network.builder().input(2).dense(3, new ReLU()).dense(2, new Softmax())
                .loss(new CrossEntropy(0.0)).build(new SplittableRandom(1));
        assertThat(json(ModelFile.toBytes(plain))).contains("\"formatVersion\": 1,")
                .contains("\"loss\": {\"name\": \"cross-entropy\"}");
        Network smoothed = Network.builder().input(2).dense(3, new ReLU()).dense(2, new Softmax())
                .loss(new CrossEntropy(0.05)).build(new SplittableRandom(1));
        assertThat(json(ModelFile.toBytes(smoothed))).contains("\"formatVersion\": 2,");
        Network huber = Network.builder().input(2).dense(1, new Identity()).loss(new Huber(1))
                .build(new SplittableRandom(1));
        assertThat(json(ModelFile.toBytes(huber))).contains("\"formatVersion\": 2,");
    }

    /** A model.json of 2 → 2 relu → 1 identity, mse, formatVersion 2, edited. */
    private static byte[] edited(UnaryOperator<String> edit) {
        try {
            Network net = Network.builder().input(2).dense(2, new ReLU()).dense(1, new Identity())
                    .loss(new MeanSquaredError()).build(new SplittableRandom(2));
            TestZip z = TestZip.of(ModelFile.toBytes(net));
            String json = new String(z.entry("model.json").content, StandardCharsets.US_ASCII)
                    .replace("\"formatVersion\": 1", "\"formatVersion\": 2");
            String changed = edit.apply(json);
            assertThat(changed).as("the edit must change model.json").isNotEqualTo(json);
            z.remove("model.json");
            z.add("model.json", changed);
            return z.build();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void version2NamesAreReadFromAVersion2FileOnly() throws IOException {
        Network gelu = ModelFile.load(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"gelu\"}")));
        assertThat(gelu.layers().get(0).activation()).isEqualTo(GELU.exact());
        assertRefused(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"gelu\"}")
                        .replace("\"formatVersion\": 2", "\"formatVersion\": 1")),
                "model.json: layers[0].activation.name: \"gelu\" came with formatVersion 2, but the file says"
                        + " formatVersion 1");
        assertRefused(edited(j -> j.replace("{\"name\": \"mse\"}", "{\"name\": \"mae\"}")
                        .replace("\"formatVersion\": 2", "\"formatVersion\": 1")),
                "model.json: loss.name: \"mae\" came with formatVersion 2");
        assertRefused(edited(j -> j.replace("\"units\": 1,", "\"units\": 2,")
                        .replace("\"identity\"", "\"softmax\"")
                        .replace("{\"name\": \"mse\"}", "{\"name\": \"cross-entropy\", \"labelSmoothing\": 0.1}")
                        .replace("\"formatVersion\": 2", "\"formatVersion\": 1")),
                "model.json: loss.labelSmoothing: label smoothing came with formatVersion 2, but the file says"
                        + " formatVersion 1");
    }

    @Test
    void rmspropAndL1CheckpointsAreVersion2AndOlderOptimizersStayVersion1() throws IOException {
        for (io.github.backprop4j.optim.Optimizer optimizer : java.util.List.<io.github.backprop4j.optim.Optimizer>of(
                io.github.backprop4j.optim.RMSprop.builder().build(),
                io.github.backprop4j.optim.SgdOptimizer.builder().learningRate(0.1).l1(1e-3).build(),
                io.github.backprop4j.optim.SgdOptimizer.builder().learningRate(0.1).momentum(0.9).build())) {
            Network net = Network.builder().input(2).dense(2, new ReLU()).dense(1, new Identity())
                    .build(new SplittableRandom(2));
            net.forward(io.github.backprop4j.matrix.Matrix.of(1, 2, 1, 2));
            net.backward(io.github.backprop4j.matrix.Matrix.of(1, 1, 3));
            optimizer.step(net);
            byte[] file = ModelFile.toBytes(net, optimizer);
            boolean newer = optimizer instanceof io.github.backprop4j.optim.RMSprop
                    || optimizer.state().settings().containsKey("l1");
            assertThat(json(file)).as("%s", optimizer).contains("\"formatVersion\": " + (newer ? 2 : 1) + ",");
            if (newer) {
                TestZip z = TestZip.of(file);
                String older = new String(z.entry("model.json").content, StandardCharsets.US_ASCII)
                        .replace("\"formatVersion\": 2", "\"formatVersion\": 1");
                z.remove("model.json");
                z.add("model.json", older);
                assertRefused(z.build(), "model.json: optimizer: ");
                assertRefused(z.build(), "came with formatVersion 2, but the file says formatVersion 1");
            }
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheName() {
        assertRefused(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"swish\"}")),
                "model.json: layers[0].activation.name: unknown activation \"swish\"; known: relu, leaky-relu, elu,"
                        + " gelu, gelu-tanh, silu, softplus, identity, sigmoid, tanh, softmax");
        assertRefused(edited(j -> j.replace("{\"name\": \"mse\"}", "{\"name\": \"hinge\"}")),
                "model.json: loss.name: unknown loss \"hinge\"; known: mse, huber, mae, cross-entropy,"
                        + " binary-cross-entropy");
        assertRefused(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"gelu\\u0007\"}")),
                "unknown activation \"gelu\\u0007\"");
    }

    @Test
    void badParametersAreRefusedNamingTheKey() {
        assertRefused(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"elu\", \"alpha\": 0}")),
                "model.json: layers[0].activation.alpha: 0.0 is not > 0");
        assertRefused(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"elu\"}")),
                "layers[0].activation", "missing key \"alpha\"");
        assertRefused(edited(j -> j.replace("{\"name\": \"relu\"}", "{\"name\": \"gelu\", \"alpha\": 1.0}")),
                "layers[0].activation", "unknown key \"alpha\"");
        assertRefused(edited(j -> j.replace("{\"name\": \"mse\"}", "{\"name\": \"huber\", \"delta\": -1.5}")),
                "model.json: loss.delta: -1.5 is not > 0");
        assertRefused(edited(j -> j.replace("{\"name\": \"mse\"}", "{\"name\": \"huber\"}")), "model.json: loss",
                "missing key \"delta\"");
        assertRefused(edited(j -> j.replace("{\"name\": \"mse\"}", "{\"name\": \"mse\", \"delta\": 1.0}")),
                "model.json: loss", "unknown key \"delta\"");
        assertRefused(edited(j -> j.replace("\"units\": 1,", "\"units\": 2,").replace("\"identity\"", "\"softmax\"")
                        .replace("{\"name\": \"mse\"}", "{\"name\": \"cross-entropy\", \"labelSmoothing\": 1.0}")),
                "model.json: loss.labelSmoothing: 1.0 is not in [0, 1)");
    }
}
