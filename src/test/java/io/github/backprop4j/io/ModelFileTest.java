package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- round trips

    @Test
    void savedNetworkLoadsBitwiseEqualForEveryActivationAndLoss() throws IOException {
        for (Network net : List.of(Models.small(1), Models.everyActivation(2), Models.binary(3))) {
            Path file = dir.resolve("model.npz");
            ModelFile.save(net, file);
            Models.assertSame(net, ModelFile.load(file));
            Models.assertSame(net, ModelFile.load(ModelFile.toBytes(net)));
        }
    }

    @Test
    void specialValuesSurviveBitwise() throws IOException {
        Matrix w = Matrix.of(2, 3, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1, 1.0 / 3, Math.nextUp(1.0));
        Matrix b = Matrix.row(Double.MAX_VALUE, -Double.MIN_NORMAL, 0.0);
        Network net = Models.linear(w, b);
        Network loaded = ModelFile.load(ModelFile.toBytes(net));
        assertThat(loaded.layers().get(0).weights()).isEqualTo(w); // equals is bitwise: −0.0 ≠ 0.0
        assertThat(loaded.layers().get(0).biases()).isEqualTo(b);
    }

    @Test
    void dropoutMasksOfALoadedNetworkComeFromTheGivenGenerator() throws IOException {
        Network net = Models.small(4);
        Path file = dir.resolve("dropout.npz");
        ModelFile.save(net, file);
        Network a = ModelFile.loadCheckpoint(file, new SplittableRandom(7)).network();
        Network b = ModelFile.loadCheckpoint(file, new SplittableRandom(7)).network();
        Matrix x = Models.inputs(16, 2, 5);
        assertThat(a.layers().get(0).dropout()).isEqualTo(0.1);
        assertThat(a.forward(x)).isEqualTo(b.forward(x)); // same seed, same masks
        assertThat(ModelFile.load(file).layers().get(0).dropout()).isEqualTo(0.1);
    }

    @Test
    void sameNetworkGivesByteIdenticalFiles() throws IOException {
        Path one = dir.resolve("one.npz");
        Path two = dir.resolve("two.npz");
        ModelFile.save(Models.small(8), one);
        ModelFile.save(Models.small(8), two);
        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
    }

    /**
     * The whole file of a fixed network, pinned: any change to the bytes the library writes must be a
     * deliberate format change (see docs/file-format.md). The network's values are exact binary fractions.
     */
    @Test
    void goldenFileIsUnchanged() throws NoSuchAlgorithmException {
        Network net = new Network(List.of(
                new Layer(Matrix.of(2, 2, 0.5, -1.25, 2.0, 0.75), Matrix.row(0.125, -0.5), new ReLU()),
                new Layer(Matrix.of(2, 1, 1.5, -0.25), Matrix.row(0.0625), new Sigmoid())),
                new MeanSquaredError());
        ModelDescription d = ModelDescription.of(net);
        byte[] file = TensorArchive.write(
                new ModelDescription(d.inputSize(), d.layers(), d.loss(), "backprop4j golden", null).toJson(),
                ModelDescription.tensors(net));
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
                + "  \"loss\": {\"name\": \"mse\"}\n"
                + "}\n";
        // model.json is the first entry: local header (30 bytes) + name (10 bytes), then the JSON.
        assertThat(new String(file, 40, expectedJson.length(), StandardCharsets.US_ASCII)).isEqualTo(expectedJson);
        assertThat(file.length).isEqualTo(1547);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
                .isEqualTo("0fd79b3e1ea57f3df6cf496be3861011a3bfb91b835c4237bcf23c06b2adc64d");
    }

    @Test
    void libraryVersionMatchesThePom() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>backprop4j</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("project version in pom.xml").isTrue();
        assertThat(ModelDescription.LIBRARY_VERSION).isEqualTo(m.group(1));
        String json = new String(ModelFile.toBytes(Models.small(1)), StandardCharsets.US_ASCII);
        assertThat(json).contains("\"writtenBy\": \"backprop4j " + m.group(1) + "\"");
    }

    // ---------------------------------------------------------------- saving

    @Test
    void saveReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.npz");
        Files.writeString(file, "an old model");
        ModelFile.save(Models.small(1), file);
        Models.assertSame(Models.small(1), ModelFile.load(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void failedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.npz");
        ModelFile.save(Models.small(1), file);
        byte[] before = Files.readAllBytes(file);
        Network custom = Network.of(new Layer(Matrix.of(1, 1, 2.0), Matrix.row(0.0),
                Activation.elementwise("square", z -> z * z, z -> 2 * z)));
        assertThatThrownBy(() -> ModelFile.save(custom, file)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void saveIntoAMissingFolderFailsWithIoException() {
        assertThatThrownBy(() -> ModelFile.save(Models.small(1), dir.resolve("no/such/folder/m.npz")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ModelFileException.class);
    }

    @Test
    void customActivationIsRefusedWithAClearMessage() {
        Network custom = Network.of(new Layer(Matrix.of(1, 1, 2.0), Matrix.row(0.0),
                Activation.elementwise("softplus", z -> Math.log1p(Math.exp(z)), z -> 1 / (1 + Math.exp(-z)))));
        assertThatThrownBy(() -> ModelFile.toBytes(custom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0")
                .hasMessageContaining("'softplus'")
                .hasMessageContaining("Activation.elementwise")
                .hasMessageContaining("relu, leaky-relu, elu, gelu, gelu-tanh, silu, softplus, identity, sigmoid, tanh,"
                        + " softmax"); // a custom activation named as a built-in is still not that built-in
    }

    @Test
    void nonFiniteWeightsAreRefusedOnSave() {
        Network net = Models.small(1);
        net.layers().get(1).weights().set(2, 1, Double.NaN);
        assertThatThrownBy(() -> ModelFile.toBytes(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers.1.weights")
                .hasMessageContaining("(2, 1) is NaN");
    }

    @Test
    void aNetworkWhoseDescriptionWouldExceedTheReadersLimitIsRefusedOnSave() throws IOException {
        List<Layer> layers = new java.util.ArrayList<>();
        for (int i = 0; i < 9_500; i++) { // 117 bytes of model.json each
            layers.add(new Layer(Matrix.of(1, 1, 1.0), Matrix.row(0.0), new io.github.backprop4j.nn.Identity()));
        }
        Network deep = new Network(layers, new MeanSquaredError());
        assertThatThrownBy(() -> ModelFile.toBytes(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the 1,048,576 bytes (1 MiB) a reader accepts");
        // Just under the limit, the file loads: the writer refuses exactly what the reader would.
        Network lessDeep = new Network(layers.subList(0, 8_900).stream()
                .map(l -> new Layer(l.weights(), l.biases(), l.activation())).toList(), new MeanSquaredError());
        Models.assertSame(lessDeep, ModelFile.load(ModelFile.toBytes(lessDeep)));
    }

    @Test
    void aZipHoldsAtMost65534Entries() {
        assertThat(ZipArchive.MAX_ENTRIES).isEqualTo(65_534); // 0xFFFF in the end record means ZIP64
        assertThat(ModelDescription.MAX_LAYERS).isEqualTo(32_766);
        List<String> names = new java.util.ArrayList<>();
        List<byte[]> data = new java.util.ArrayList<>();
        for (int i = 0; i < 65_535; i++) {
            names.add("e" + i);
            data.add(new byte[0]);
        }
        assertThatThrownBy(() -> ZipArchive.write(names, data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65,535 entries would exceed the limit")
                .hasMessageContaining("65,534 entries");
    }

    // ---------------------------------------------------------------- loading: refusals

    @Test
    void missingFileIsAnIoExceptionNotAModelFileException() {
        assertThatThrownBy(() -> ModelFile.load(dir.resolve("absent.npz")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ModelFileException.class);
    }

    @Test
    void fileLargerThanTheLimitIsRefusedWithoutReadingIt() throws IOException {
        Path file = dir.resolve("huge.npz");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ZipArchive.MAX_FILE_BYTES + 1); // sparse: takes no disk space
        }
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("file of 2,147,482,625 bytes is larger than the 2,147,482,624 bytes a model"
                        + " file may have");
    }

    @Test
    void messagesFromLoadNameTheFile() throws IOException {
        Path file = dir.resolve("not-a-model.npz");
        Files.writeString(file, "hello, world");
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file.toString() + ": not a model file: it starts with bytes 68 65 6C 6C");
        Path odd = dir.resolve("line\nbreak\u202e.npz");
        Files.writeString(odd, "hello, world");
        assertThatThrownBy(() -> ModelFile.load(odd))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(dir + "/line\\nbreak\\u202e.npz: not a model file");
    }

    @Test
    void emptyAndTinyFilesAreRefused() {
        assertRefused(new byte[0], "too short");
        assertRefused(new byte[] {'P', 'K', 3, 4}, "too short");
        assertRefused(new TestZip().build(), "empty");
    }

    @Test
    void zipWithoutModelJsonIsNotAModelFile() {
        TestZip z = new TestZip();
        z.add("layers.0.weights.npy", Npy.write(1, 1, new double[] {1}));
        assertRefused(z.build(), "no entry 'model.json'", "'layers.0.weights.npy'");
    }

    @Test
    void newerFormatVersionIsRefusedNamingBothVersions() throws IOException {
        TestZip z = TestZip.of(ModelFile.toBytes(Models.small(1)));
        String json = new String(z.entry("model.json").content, StandardCharsets.US_ASCII)
                .replace("\"formatVersion\": 1", "\"formatVersion\": 3")
                .replace("\"loss\"", "\"somethingNew\": true, \"loss\"");
        z.remove("model.json");
        z.add("model.json", json);
        assertRefused(z.build(),
                "written by a newer version of backprop4j (backprop4j " + ModelDescription.LIBRARY_VERSION + ")",
                "formatVersion 3", "this reader understands formatVersion 1 to 2");
    }

    @Test
    void descriptionErrorsNameTheKey() {
        assertRefused(withJson(j -> j.replace("\"relu\"", "\"mish\"")), "layers[0].activation.name",
                "unknown activation \"mish\"");
        assertRefused(withJson(j -> j.replace("\"mse\"", "\"hinge\"")), "loss.name", "unknown loss \"hinge\"");
        assertRefused(withJson(j -> j.replace("\"units\": 4", "\"unit\": 4")), "layers[0]", "missing key \"units\"");
        assertRefused(withJson(j -> j.replace("\"dropout\": 0.5", "\"dropout\": 0.5, \"dropuot\": 0.5")),
                "layers[0]", "unknown key \"dropuot\"");
        assertRefused(withJson(j -> j.replace("\"format\": \"backprop4j-model\"", "\"format\": \"keras\"")),
                "not a backprop4j model file");
        assertRefused(withJson(j -> j.replace("\"units\": 4", "\"units\": 4.0")), "layers[0].units",
                "expected an integer");
        assertRefused(withJson(j -> j.replace("\"units\": 4", "\"units\": 2147483648")), "layers[0].units",
                "out of range");
        assertRefused(withJson(j -> j.replace("\"dropout\": 0.5", "\"dropout\": 1.0")), "layers[0].dropout",
                "not in [0, 1)");
        assertRefused(withJson(j -> j.replace("\"alpha\": 0.3", "\"alpha\": 1e999")), "alpha",
                "out of the range of a double");
        assertRefused(withJson(j -> j.replace("\"dense\"", "\"conv2d\"")), "layers[0].type",
                "the only layer type is \"dense\"");
        assertRefused(withJson(j -> j.replace("\"name\": \"identity\"", "\"name\": \"softmax\"")),
                "cannot be built", "mse loss cannot follow a softmax output");
        assertRefused(withJson(j -> j.replace("\"loss\": {", "\"loss\": {\"name\": \"mse\", ")),
                "duplicate key \"name\"");
    }

    /** Before, a key "loss\\u0000" gave "missing key "loss"" and was never named. */
    @Test
    void aStrayKeyIsNamedEscapedBesideTheMissingOne() {
        assertRefused(withJson(j -> j.replace("\"loss\":", "\"loss\\u0000\":")), "model.json: missing key \"loss\";"
                + " the object has the unknown key \"loss\\u0000\" (keys are compared exactly)");
        assertRefused(withJson(j -> j.replace("\"units\": 4,", "\"units\u202e\": 4,")),
                "model.json: layers[0]: missing key \"units\"; the object has the unknown key \"units\\u202e\"");
        assertRefused(withJson(j -> j.replace("\"dropout\": 0.5", "\"dropout\": 0.5, \"dropout\\u0007\": 0")),
                "model.json: layers[0]: unknown key \"dropout\\u0007\"");
        assertRefused(withJson(j -> j.replace("\"relu\"", "\"relu\\n\\\"x\"")),
                "model.json: layers[0].activation.name: unknown activation \"relu\\n\\\"x\"");
        assertRefused(withJson(j -> j.replace("\"dense\"", "\"dense\\u0085\"")),
                "model.json: layers[0].type: \"dense\\u0085\"; the only layer type is \"dense\"");
    }

    /** Every message about a key says "model.json: <key path>: …"; before, top-level keys read "model.json.key". */
    @Test
    void keyPathsAreWrittenOneWay() {
        String[][] cases = {
                {"\"inputSize\": 5", "\"inputSize\": 0", "model.json: inputSize: 0 is out of range [1, 2147483647]"},
                {"\"formatVersion\": 1", "\"formatVersion\": 1.0",
                        "model.json: formatVersion: is a number, expected an integer"},
                {"\"inputSize\": 5", "\"inputSize\": \"5\"", "model.json: inputSize: is a string, expected an"
                        + " integer"},
                {"\"units\": 4", "\"units\": 0", "model.json: layers[0].units: 0 is out of range"},
                {"\"loss\": {", "\"loss\": {\"weight\": 1, ", "model.json: loss: unknown key \"weight\""},
                {"\"format\": \"backprop4j-model\"", "\"format\": \"keras\"",
                        "model.json: format: \"keras\", expected \"backprop4j-model\""},
        };
        for (String[] c : cases) {
            byte[] file = withJson(j -> j.replace(c[0], c[1]));
            assertRefused(file, c[2]);
            assertThatThrownBy(() -> ModelFile.load(file)).hasMessageNotContaining("model.json.");
        }
        assertRefused(withJson(j -> j.replaceAll("\"layers\": \\[.*\\], \"loss\"", "\"layers\": [], \"loss\"")),
                "model.json: layers: has 0 elements, expected 1 to 32766");
    }

    /**
     * A non-zero number that a double cannot hold is refused, whether it would become ±∞ or 0: before, an
     * alpha of 1e-999 silently made a leaky ReLU a plain ReLU. Zeros however written, and subnormal numbers (the
     * nearest double, as for any literal; the writer writes them), are read.
     */
    @Test
    void aNumberOutOfTheRangeOfADoubleIsRefusedAtBothEnds() throws IOException {
        assertRefused(withJson(j -> j.replace("\"alpha\": 0.3", "\"alpha\": 1e-999")),
                "model.json: layers[3].activation.alpha: 1e-999 is out of the range of a double (it is not 0, but its"
                        + " magnitude is below 4.9E-324, so it would be read as 0)");
        assertRefused(withJson(j -> j.replace("\"alpha\": 0.3", "\"alpha\": 0.0000000001e-320")),
                "alpha: 0.0000000001e-320 is out of the range of a double");
        assertRefused(withJson(j -> j.replace("\"dropout\": 0.5", "\"dropout\": 2.4E-324")),
                "model.json: layers[0].dropout: 2.4E-324 is out of the range of a double");
        assertRefused(withJson(j -> j.replace("\"alpha\": 0.3", "\"alpha\": 1e999")),
                "model.json: layers[3].activation.alpha: 1e999 is out of the range of a double (its magnitude is"
                        + " above 1.7976931348623157E308)");
        for (String zero : new String[] {"0", "0.0", "-0.0", "0e-999", "0.000e999"}) {
            Network net = ModelFile.load(withJson(j -> j.replace("\"alpha\": 0.3", "\"alpha\": " + zero)));
            assertThat(((LeakyReLU) net.layers().get(3).activation()).alpha()).as(zero).isZero();
        }
        Network subnormal = ModelFile.load(withJson(j -> j.replace("\"alpha\": 0.3", "\"alpha\": 4.9E-324")));
        assertThat(((LeakyReLU) subnormal.layers().get(3).activation()).alpha()).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void absurdSizesAreRefusedBeforeAnythingIsAllocated() {
        // 2^31 - 1 units after 5 inputs: refused from model.json alone, with the tensors still tiny.
        assertRefused(withJson(j -> j.replace("\"units\": 4", "\"units\": 2147483647")), "layers[0].units",
                "more than the 268,435,328 values a model file may hold");
        // A plausible size that the tiny entries do not have: refused by the entry's declared size.
        assertRefused(withJson(j -> j.replace("\"inputSize\": 5", "\"inputSize\": 50000")),
                "entry 'layers.0.weights.npy'", "shape (5, 4), but model.json describes (50000, 4)");
    }

    @Test
    void hostileDescriptionsAreRefusedBeforeTheyCostMemoryOrStack() throws IOException {
        byte[] file = ModelFile.toBytes(Models.small(1));
        TestZip gigabyte = TestZip.of(file);
        gigabyte.entry("model.json").deflated().declaredSize = 1L << 30;
        assertRefused(gigabyte.build(), "entry 'model.json' declares 1,073,741,824 bytes, more than the 1,048,576"
                + " bytes model.json may have (1 MiB); refused without reading it");

        TestZip twoMegabytes = TestZip.of(file);
        twoMegabytes.remove("model.json");
        twoMegabytes.add("model.json", "{" + " ".repeat(2 << 20) + "}");
        assertRefused(twoMegabytes.build(), "more than the 1,048,576 bytes model.json may have");

        TestZip deep = TestZip.of(file);
        deep.remove("model.json");
        deep.add("model.json", "[".repeat(10_000) + "]".repeat(10_000));
        assertRefused(deep.build(), "entry 'model.json' at byte 32: arrays and objects nested more than 32 deep");
    }

    @Test
    void missingAndExtraTensorsAreRefused() throws IOException {
        byte[] file = ModelFile.toBytes(Models.small(1));
        TestZip missing = TestZip.of(file);
        missing.remove("layers.1.biases.npy");
        assertRefused(missing.build(), "no entry 'layers.1.biases.npy' for the biases of layer 1");

        TestZip extra = TestZip.of(file);
        extra.add("layers.2.weights.npy", Npy.write(2, 2, new double[4]));
        assertRefused(extra.build(), "unexpected entry 'layers.2.weights.npy'");

        TestZip optimizer = TestZip.of(file);
        optimizer.add("optimizer.layers.0.weights.m.npy", Npy.write(2, 3, new double[6]));
        assertRefused(optimizer.build(), "unexpected entry 'optimizer.layers.0.weights.m.npy'");
    }

    @Test
    void tensorOfWrongShapeOrDtypeIsRefused() throws IOException {
        byte[] file = ModelFile.toBytes(Models.small(1));
        TestZip transposed = TestZip.of(file);
        transposed.remove("layers.0.weights.npy");
        transposed.add("layers.0.weights.npy", Npy.write(3, 2, new double[6]));
        assertRefused(transposed.build(), "entry 'layers.0.weights.npy'", "shape (3, 2), but model.json describes (2, 3)");

        TestZip float32 = TestZip.of(file);
        byte[] npy = float32.entry("layers.0.weights.npy").content;
        String header = new String(npy, 0, 64, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<f4'");
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, npy, 0, 64);
        assertRefused(float32.build(), "entry 'layers.0.weights.npy'", "dtype '<f4'", "astype('<f8')");
    }

    // ---------------------------------------------------------------- helpers

    /** The file of {@link Models#everyActivation} with model.json rewritten. */
    private static byte[] withJson(java.util.function.UnaryOperator<String> edit) {
        try {
            TestZip z = TestZip.of(ModelFile.toBytes(Models.everyActivation(1)));
            String json = new String(z.entry("model.json").content, StandardCharsets.US_ASCII);
            String edited = edit.apply(json.replaceAll("\\s*\n\\s*", " "));
            assertThat(edited).as("the edit must change model.json").isNotEqualTo(json.replaceAll("\\s*\n\\s*", " "));
            z.remove("model.json");
            z.add("model.json", edited);
            return z.build();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void assertRefused(byte[] file, String... words) {
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(ModelFileException.class)
                .satisfies(e -> {
                    for (String w : words) {
                        assertThat(e.getMessage()).contains(w);
                    }
                });
    }
}
