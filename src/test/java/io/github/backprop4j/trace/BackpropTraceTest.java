package io.github.backprop4j.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.examples.SeedExample;
import io.github.backprop4j.internal.Xml;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Huber;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.MeanAbsoluteError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trace of the seed's step against the independent numpy numbers, the naming rule, what tracing
 * changes and what it copies, and bad input.
 */
class BackpropTraceTest {

    /** The numpy output committed beside {@code seed_example.py}: name → values, row-major. */
    private static Map<String, double[]> numpyNumbers() throws IOException {
        Map<String, double[]> numbers = new LinkedHashMap<>();
        try (InputStream in = BackpropTraceTest.class.getResourceAsStream("/reference/seed_example.out")) {
            assertThat(in).as("seed_example.out on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] nameAndValues = line.split(" = ");
                String[] values = nameAndValues[1].split(", ");
                double[] parsed = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    parsed[i] = Double.parseDouble(values[i]);
                }
                numbers.put(nameAndValues[0], parsed);
            }
        }
        return numbers;
    }

    private static BackpropTrace seedStep() {
        return BackpropTrace.step(SeedExample.network(), SeedExample.x(), SeedExample.y(),
                new SgdOptimizer(SeedExample.LEARNING_RATE));
    }

    @Test
    void theSeedsStepEqualsNumpyValueForValue() throws IOException {
        BackpropTrace trace = seedStep();
        Map<String, double[]> numpy = numpyNumbers();
        assertThat(numpy).hasSize(15);
        for (Map.Entry<String, double[]> expected : numpy.entrySet()) {
            double[] actual = trace.entry(expected.getKey()).value().backingArray();
            assertThat(actual).as(expected.getKey()).hasSameSizeAs(expected.getValue());
            for (int i = 0; i < actual.length; i++) {
                double e = expected.getValue()[i];
                assertThat(Math.abs(actual[i] - e)).as("%s[%d]: %s vs numpy %s", expected.getKey(), i, actual[i], e)
                        .isLessThanOrEqualTo(1e-12 * Math.max(1.0, Math.abs(e)));
            }
        }
        assertThat(trace.cost()).isEqualTo(trace.entry("C").get(0, 0));
        assertThat(trace.lossName()).isEqualTo("mse");
        assertThat(trace.samples()).isEqualTo(3);
    }

    @Test
    void theSeedsNamesAndEquations() {
        BackpropTrace trace = seedStep();
        assertThat(trace.entries()).extracting(TraceEntry::key).containsExactly(
                "X", "Wh", "Bh", "Zh", "H", "Wo", "Bo", "Zo", "O", "y", "C",
                "Eo", "dWo", "dBo", "Eh", "dWh", "dBh",
                "Wh_after", "Bh_after", "Wo_after", "Bo_after");
        assertThat(trace.entry("dWh").name()).isEqualTo("C′(Wh)");
        assertThat(trace.entry("Zh").equation()).isEqualTo("Zh = X·Wh + Bh");
        assertThat(trace.entry("H").equation()).isEqualTo("H = R(Zh)");
        assertThat(trace.entry("Zo").equation()).isEqualTo("Zo = H·Wo + Bo");
        assertThat(trace.entry("C").equation()).isEqualTo("C = 1/(2n) · Σ (O − y)²");
        assertThat(trace.entry("Eo").equation()).isEqualTo("Eo = (O − y) ⊙ R′(Zo)");
        assertThat(trace.entry("Eh").equation()).isEqualTo("Eh = (Eo · Woᵀ) ⊙ R′(Zh)");
        assertThat(trace.entry("dWh").equation()).isEqualTo("C′(Wh) = (1/n) · Xᵀ · Eh");
        assertThat(trace.entry("dWo").equation()).isEqualTo("C′(Wo) = (1/n) · Hᵀ · Eo");
        assertThat(trace.entry("dBo").equation()).isEqualTo("C′(Bo) = (1/n) · Σᵢ Eo");
        assertThat(trace.entry("Wo_after").equation()).isEqualTo("Wo ← Wo − η · C′(Wo)");
        assertThat(trace.entry("Zh").shape()).isEqualTo("3×2");
        assertThat(trace.entry("Bh").shape()).isEqualTo("1×2");
        assertThat(trace.entry("Eh").stage()).isEqualTo(Stage.BACKWARD);
        assertThat(trace.entry("Eh").layer()).isZero();
        assertThat(trace.entry("y").layer()).isEqualTo(-1);
        BackpropTrace.LayerTrace hidden = trace.layers().get(0);
        assertThat(hidden.name()).isEqualTo("h");
        assertThat(hidden.input()).isSameAs(trace.entry("X"));
        assertThat(hidden.mask()).isNull();
        assertThat(trace.layers().get(1).input()).isSameAs(trace.entry("H"));
        assertThat(trace.layers().get(1).weightsAfter()).isSameAs(trace.entry("Wo_after"));
        assertThatThrownBy(() -> trace.entry("Zq")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no entry \"Zq\"").hasMessageContaining("Eh");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theNamingRuleReducesToTheSeedsForTwoLayers(int layers) {
        var builder = Network.builder().input(3);
        for (int l = 0; l < layers - 1; l++) {
            builder.dense(4, new Tanh());
        }
        Network net = builder.dense(2, new Sigmoid()).build(new SplittableRandom(layers));
        Matrix x = random(5, 3, 1);
        BackpropTrace trace = BackpropTrace.of(net, x, random(5, 2, 2));
        List<String> suffixes = trace.layers().stream().map(BackpropTrace.LayerTrace::name).toList();
        List<String> expectedKeys = new ArrayList<>(List.of("X"));
        switch (layers) {
            case 1 -> {
                assertThat(suffixes).containsExactly("o");
                expectedKeys.addAll(List.of("Wo", "Bo", "Zo", "O", "y", "C", "Eo", "dWo", "dBo"));
                assertThat(trace.entry("Zo").equation()).isEqualTo("Zo = X·Wo + Bo");
                assertThat(trace.entry("dWo").equation()).isEqualTo("C′(Wo) = (1/n) · Xᵀ · Eo");
            }
            case 2 -> {
                assertThat(suffixes).containsExactly("h", "o");
                expectedKeys.addAll(List.of("Wh", "Bh", "Zh", "H", "Wo", "Bo", "Zo", "O", "y", "C",
                        "Eo", "dWo", "dBo", "Eh", "dWh", "dBh"));
                assertThat(trace.entry("Eh").equation()).isEqualTo("Eh = (Eo · Woᵀ) ⊙ tanh′(Zh)");
            }
            default -> {
                assertThat(suffixes).containsExactly("h1", "h2", "h3", "o");
                expectedKeys.addAll(List.of("Wh1", "Bh1", "Zh1", "H1", "Wh2", "Bh2", "Zh2", "H2", "Wh3", "Bh3", "Zh3",
                        "H3", "Wo", "Bo", "Zo", "O", "y", "C", "Eo", "dWo", "dBo", "Eh3", "dWh3", "dBh3", "Eh2", "dWh2",
                        "dBh2", "Eh1", "dWh1", "dBh1"));
                assertThat(trace.entry("Zh2").equation()).isEqualTo("Zh2 = H1·Wh2 + Bh2");
                assertThat(trace.entry("Eh1").equation()).isEqualTo("Eh1 = (Eh2 · Wh2ᵀ) ⊙ tanh′(Zh1)");
                assertThat(trace.entry("Eh3").equation()).isEqualTo("Eh3 = (Eo · Woᵀ) ⊙ tanh′(Zh3)");
                assertThat(trace.entry("dWh2").equation()).isEqualTo("C′(Wh2) = (1/n) · H1ᵀ · Eh2");
                assertThat(trace.entry("Zh3").meaning()).isEqualTo("hidden layer 3 weighted input");
            }
        }
        assertThat(trace.entries()).extracting(TraceEntry::key).containsExactlyElementsOf(expectedKeys);
        assertThat(trace.entry("O").equation()).isEqualTo("O = σ(Zo)");
        assertThat(trace.hasUpdate()).isFalse();
        // Each recorded value is what the network itself computes for the same batch.
        net.forward(x);
        net.backward(random(5, 2, 2));
        for (int l = 0; l < layers; l++) {
            BackpropTrace.LayerTrace lt = trace.layers().get(l);
            Layer layer = net.layers().get(l);
            assertThat(lt.weightedInput().value()).isEqualTo(layer.weightedInput());
            assertThat(lt.activations().value()).isEqualTo(layer.activations());
            assertThat(lt.error().value()).isEqualTo(layer.error());
            assertThat(lt.weightGradient().value()).isEqualTo(layer.weightGradient());
            assertThat(lt.biasGradient().value()).isEqualTo(layer.biasGradient());
        }
    }

    @Test
    void dropoutRecordsTheMaskAndPutsItInTheEquations() {
        Network net = Network.builder().input(3).dense(6, new ReLU()).dropout(0.5).dense(2, new Sigmoid())
                .build(new SplittableRandom(3));
        BackpropTrace trace = BackpropTrace.of(net, random(8, 3, 4), random(8, 2, 5));
        assertThat(trace.entries()).extracting(TraceEntry::key).containsSubsequence("Zh", "Mh", "H");
        assertThat(trace.entry("H").equation()).isEqualTo("H = R(Zh) ⊙ Mh");
        assertThat(trace.entry("Eh").equation()).isEqualTo("Eh = (Eo · Woᵀ) ⊙ Mh ⊙ R′(Zh)");
        Matrix m = trace.entry("Mh").value();
        Matrix zh = trace.entry("Zh").value();
        // H = R(Zh) ⊙ Mh, and Mh ∈ {0, 2}, both present
        assertThat(trace.entry("H").value()).isEqualTo(new ReLU().apply(zh).hadamard(m));
        assertThat(m.toArray()).containsOnly(0.0, 2.0).contains(0.0, 2.0);
        assertThat(trace.layers().get(0).mask()).isSameAs(trace.entry("Mh"));
        // The same call gives the same masks: they come from a generator with a fixed seed.
        assertThat(BackpropTrace.of(net, random(8, 3, 4), random(8, 2, 5)).entry("Mh").value()).isEqualTo(m);
    }

    @Test
    void softmaxWithCrossEntropyHasTheFusedOutputError() {
        Network net = Network.builder().input(3).dense(4, new ReLU()).dense(3, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(9));
        Matrix y = Matrix.of(2, 3, 0, 1, 0, 1, 0, 0);
        BackpropTrace trace = BackpropTrace.of(net, random(2, 3, 6), y);
        assertThat(trace.entry("O").equation()).isEqualTo("O = softmax(Zo)");
        assertThat(trace.entry("C").equation()).isEqualTo("C = −(1/n) · Σ y ⊙ log O");
        assertThat(trace.entry("Eo").equation()).isEqualTo("Eo = O − y");
        assertThat(trace.entry("Eo").value()).isEqualTo(trace.entry("O").value().minus(y));
        assertThat(trace.lossName()).isEqualTo("cross-entropy");
        // class indices as targets
        BackpropTrace indices = BackpropTrace.of(net, random(2, 3, 6), Matrix.column(1, 0));
        assertThat(indices.entry("Eo").equation()).isEqualTo("Eo = O − onehot(y)");
        assertThat(indices.entry("Eo").value()).isEqualTo(trace.entry("Eo").value());
    }

    @Test
    void theRegressionLossesAndLabelSmoothingHaveTheirEquations() {
        Network huber = Network.builder().input(3).dense(4, new ReLU()).dense(2, new Tanh()).loss(new Huber(0.5))
                .build(new SplittableRandom(9));
        BackpropTrace h = BackpropTrace.of(huber, random(2, 3, 6), random(2, 2, 7));
        assertThat(h.entry("C").equation()).isEqualTo("C = (1/n) · Σ huber(O − y), huber(d) = ½d² for |d| ≤ δ,"
                + " else δ·(|d| − ½δ), δ = 0.5");
        assertThat(h.entry("Eo").equation()).isEqualTo("Eo = clamp(O − y, −0.5, 0.5) ⊙ tanh′(Zo)");
        Network mae = Network.builder().input(3).dense(2, new Identity()).loss(new MeanAbsoluteError())
                .build(new SplittableRandom(9));
        BackpropTrace m = BackpropTrace.of(mae, random(2, 3, 6), random(2, 2, 7));
        assertThat(m.entry("C").equation()).isEqualTo("C = (1/n) · Σ |O − y|");
        assertThat(m.entry("Eo").equation()).isEqualTo("Eo = sign(O − y)");
        Network smoothed = Network.builder().input(3).dense(4, new ReLU()).dense(3, new Softmax())
                .loss(new CrossEntropy(0.1)).build(new SplittableRandom(9));
        BackpropTrace s = BackpropTrace.of(smoothed, random(2, 3, 6), Matrix.column(1, 0));
        assertThat(s.entry("C").equation()).isEqualTo("C = −(1/n) · Σ y′ ⊙ log O, y′ = (1 − ε)·onehot(y) + ε/k, ε = 0.1");
        assertThat(s.entry("Eo").equation()).isEqualTo("Eo = O − y′");
        Matrix smoothedTargets = Matrix.of(2, 3, 0, 1, 0, 1, 0, 0).scale(0.9).plus(Matrix.of(2, 3, 1, 1, 1, 1, 1, 1)
                .scale(0.1 / 3));
        assertThat(s.entry("Eo").value().maxAbsDifference(s.entry("O").value().minus(smoothedTargets)))
                .isLessThan(1e-15);
    }

    @Test
    void tracingWithoutAStepChangesNothing() {
        Network traced = dropoutNetwork();
        Network untouched = dropoutNetwork();
        Matrix x = random(6, 3, 7);
        Matrix y = random(6, 2, 8);
        traced.forward(x);
        traced.backward(y);
        untouched.forward(x);
        untouched.backward(y);
        BackpropTrace.of(traced, random(4, 3, 9), random(4, 2, 10));
        // weights, buffers, gradients as they were
        for (int l = 0; l < 2; l++) {
            Layer a = traced.layers().get(l);
            Layer b = untouched.layers().get(l);
            assertThat(a.weights()).isEqualTo(b.weights());
            assertThat(a.weightedInput()).isEqualTo(b.weightedInput());
            assertThat(a.error()).isEqualTo(b.error());
            assertThat(a.weightGradient()).isEqualTo(b.weightGradient());
        }
        // and the dropout generators were not advanced: the next steps give the same bits
        SgdOptimizer sgdA = new SgdOptimizer(0.1);
        SgdOptimizer sgdB = new SgdOptimizer(0.1);
        for (int step = 0; step < 3; step++) {
            traced.forward(x);
            traced.backward(y);
            sgdA.step(traced);
            untouched.forward(x);
            untouched.backward(y);
            sgdB.step(untouched);
        }
        assertThat(traced.flatParameters()).isEqualTo(untouched.flatParameters());
    }

    @Test
    void aTracedStepIsExactlyATrainingStep() {
        Network traced = dropoutNetwork();
        Network trained = dropoutNetwork();
        Adam adamA = Adam.builder().learningRate(0.01).build();
        Adam adamB = Adam.builder().learningRate(0.01).build();
        Matrix x = random(6, 3, 7);
        Matrix y = random(6, 2, 8);
        for (int step = 0; step < 3; step++) {
            double before = traced.layers().get(0).weights().get(0, 0);
            BackpropTrace trace = BackpropTrace.step(traced, x, y, adamA);
            trained.forward(x);
            double cost = trained.backward(y);
            adamB.step(trained);
            assertThat(trace.cost()).isEqualTo(cost);
            assertThat(trace.entry("Wh").get(0, 0)).isEqualTo(before);
            assertThat(trace.entry("Wh_after").value()).isEqualTo(traced.layers().get(0).weights());
            assertThat(trace.entry("Wh_after").equation()).startsWith("Wh ← Wh + step of Adam");
            assertThat(traced.flatParameters()).isEqualTo(trained.flatParameters());
        }
        assertThat(adamA.stepCount()).isEqualTo(adamB.stepCount()).isEqualTo(3);
    }

    @Test
    void aTraceIsACopyThatLaterStepsDoNotChange() {
        Network net = SeedExample.network();
        SgdOptimizer sgd = new SgdOptimizer(0.1);
        BackpropTrace trace = BackpropTrace.step(net, SeedExample.x(), SeedExample.y(), sgd);
        String before = trace.toJson();
        Matrix eh = trace.entry("Eh").value();
        eh.set(0, 0, 42.0); // a copy: the trace keeps its own
        for (int step = 0; step < 3; step++) {
            BackpropTrace.step(net, SeedExample.x(), SeedExample.y(), sgd);
        }
        net.layers().get(0).weights().set(0, 0, 7.0);
        assertThat(trace.toJson()).isEqualTo(before);
        assertThat(trace.entry("Eh").get(0, 0)).isEqualTo(-0.12600000000000003);
    }

    @Test
    void badInputIsRefusedWithTheTraceNames() {
        Network net = SeedExample.network();
        String before = net.layers().get(0).weights().toString();
        assertThatThrownBy(() -> BackpropTrace.of(net, Matrix.zeros(3, 2), SeedExample.y()))
                .isInstanceOf(ShapeException.class)
                .hasMessage("trace: X is 3×2 with 2 columns, but layer h (1 → 2, R = relu) takes 1 inputs");
        assertThatThrownBy(() -> BackpropTrace.step(net, SeedExample.x(), Matrix.zeros(3, 3), new SgdOptimizer(0.1)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("trace: y is 3×3, but X has 3 rows and layer o (2 → 2, R = relu) gives 2 outputs"
                        + " (mse expects 3×2)");
        assertThatThrownBy(() -> BackpropTrace.of(net, SeedExample.x(), Matrix.zeros(2, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("y is 2×2, but X has 3 rows");
        assertThatThrownBy(() -> BackpropTrace.of(net, Matrix.zeros(0, 1), Matrix.zeros(0, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("trace: the batch is empty (X is 0×1)");
        assertThatThrownBy(() -> BackpropTrace.step(net, SeedExample.x(), SeedExample.y(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("optimizer");
        assertThat(net.layers().get(0).weights().toString()).isEqualTo(before);
        // a deeper network's hidden layers are named h1, h2, …; the first one's name appears
        Network deep = Network.builder().input(2).dense(3, new Tanh()).dense(3, new Tanh()).dense(1, new Sigmoid())
                .build(new SplittableRandom(1));
        assertThatThrownBy(() -> BackpropTrace.of(deep, Matrix.zeros(1, 5), Matrix.zeros(1, 1)))
                .hasMessageContaining("layer h1 (2 → 3, tanh) takes 2 inputs");
        // the loss's own check of the targets' values still runs
        Network classifier = Network.builder().input(2).dense(3, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        assertThatThrownBy(() -> BackpropTrace.of(classifier, Matrix.zeros(1, 2), Matrix.row(0.5, 0.9, 0.5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textShowsEachEquationThenItsAlignedMatrixWithZeroForMinusZero() {
        BackpropTrace trace = seedStep();
        String text = trace.toText(6);
        assertThat(text).startsWith("One training step of Network[1 → 2 relu → 2 relu, loss mse]\n"
                + "n = 3 samples, step taken by SGD(η=0.1)\n"
                + "Layers: h = layer 0 (1 → 2, R = relu)\n"
                + "        o = layer 1 (2 → 2, R = relu)\n");
        // Eo[0,1] is −0.0 in the code and in numpy: shown as 0
        assertThat(trace.entry("Eo").get(0, 1)).isEqualTo(-0.0);
        assertThat(text).contains("Eo = (O − y) ⊙ R′(Zo)    3×2    output layer error\n"
                + "    -0.18   0\n"
                + "     0.37   0\n"
                + "     0.2   -0.25\n");
        assertThat(text).contains("\n── forward ──\n", "\n── cost ──\n", "\n── backward ──\n", "\n── update ──\n")
                .doesNotContain("-0 ", "-0\n", "E-", "0000");
        assertThat(trace.toText(2)).contains("C = 1/(2n) · Σ (O − y)²    1×1    the cost (mse), averaged over the n = 3"
                + " samples\n    0.054\n");
        assertThat(trace.toText(17)).contains("    0.05363333333333334"); // every digit that matters
        assertThatThrownBy(() -> trace.toText(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(trace.toMarkdown(6)).contains("### Backward\n\n**Eo = (O − y) ⊙ R′(Zo)** — 3×2, output layer error\n\n"
                + "```text\n-0.18   0\n 0.37   0\n 0.2   -0.25\n```\n");
        assertThat(trace.toString()).isEqualTo(text.substring(0, text.indexOf("\n\n")));
    }

    @Test
    void aLargeTraceStaysReadable() {
        Network net = Network.builder().input(784).dense(256, new ReLU()).dense(128, new ReLU()).dense(10, new Softmax())
                .loss(new CrossEntropy()).threads(1).build(new SplittableRandom(5));
        Matrix y = Matrix.zeros(64, 10);
        for (int i = 0; i < 64; i++) {
            y.set(i, i % 10, 1);
        }
        BackpropTrace trace = BackpropTrace.step(net, random(64, 784, 3), y, new SgdOptimizer(0.01));
        String text = trace.toText(6);
        assertThat(trace.entries()).hasSize(1 + 3 * 4 + 2 + 3 * 3 + 3 * 2);
        // every matrix at most 9 lines (4 rows, ⋮, 4 rows) under its heading, and no line wider than a wide terminal
        assertThat(text.lines().count()).isLessThan(300);
        assertThat(text.lines().mapToInt(String::length).max().orElseThrow()).isLessThanOrEqualTo(110);
        assertThat(text).contains("Wh1 (given)    784×256    hidden layer 1 weights\n",
                "Eh2 = (Eo · Woᵀ) ⊙ R′(Zh2)    64×128    hidden layer 2 error\n", "⋮", "…");
        assertThat(trace.toSvg()).contains("h1₂₅₆", "⋮").doesNotContain("Wh1[0,0] ="); // too many weights to label
        assertThat(trace.entry("Wh1_after").value().rows()).isEqualTo(784); // the values themselves are all there
    }

    @Test
    void theSvgIsWellFormedAndLabelsEveryWeightOfASmallNetwork() {
        String svg = BackpropTrace.of(SeedExample.network(), SeedExample.x(), SeedExample.y()).toSvg();
        Xml.Element root = Xml.parse(svg);
        assertThat(root.name()).isEqualTo("svg");
        assertThat(root.find("circle")).hasSize(1 + 2 + 2);
        assertThat(root.find("line")).hasSize(2 + 4);
        assertThat(svg).contains("Wh[0,0] = 0.5", "Wh[0,1] = -0.8", "Wo[1,1] = 0.9", "b = 0.05", "X  3×1",
                "Zh = X·Wh + Bh", "Zh, H  3×2", "Wo 2×2, Bo 1×2", "stroke-dasharray"); // negative weights dashed
    }

    @Test
    void jsonHoldsEveryValueBitForBit() {
        Network net = Network.builder().input(4).dense(5, new ReLU()).dense(3, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(11));
        Matrix y = Matrix.of(3, 3, 1, 0, 0, 0, 0, 1, 0, 1, 0);
        BackpropTrace trace = BackpropTrace.step(net, random(3, 4, 12), y, new SgdOptimizer(0.3));
        String json = trace.toJson();
        assertThat(json).startsWith("{\n  \"format\": \"backprop4j-trace\",\n  \"version\": 1,")
                .contains("\"loss\": \"cross-entropy\"", "\"samples\": 3", "\"optimizer\": \"SGD(η=0.3)\"");
        // Every entry's values, in order, parse back to the very same doubles.
        Matcher values = Pattern.compile("\"key\": \"([^\"]+)\".*?\"rows\": (\\d+), \"cols\": (\\d+),\\n"
                + "     \"values\": \\[(.*?)\\]\\}", Pattern.DOTALL).matcher(json);
        int entries = 0;
        for (TraceEntry e : trace.entries()) {
            assertThat(values.find()).as("entry %s in the JSON", e.key()).isTrue();
            assertThat(values.group(1)).isEqualTo(e.key());
            assertThat(Integer.parseInt(values.group(2))).isEqualTo(e.rows());
            assertThat(Integer.parseInt(values.group(3))).isEqualTo(e.cols());
            String[] numbers = values.group(4).replace("[", "").replace("]", "").split(", ");
            double[] expected = e.value().backingArray();
            assertThat(numbers).hasSameSizeAs(expected);
            for (int i = 0; i < numbers.length; i++) {
                assertThat(Double.doubleToRawLongBits(Double.parseDouble(numbers[i])))
                        .as("%s[%d]", e.key(), i).isEqualTo(Double.doubleToRawLongBits(expected[i]));
            }
            entries++;
        }
        assertThat(values.find()).isFalse();
        assertThat(entries).isEqualTo(trace.entries().size());
    }

    @Test
    void jsonEscapesStringsAndWritesNonFiniteNumbersAsPythonDoes() {
        StringBuilder sb = new StringBuilder();
        TraceJson.string(sb, "a\"b\\c\nd\u0000e\u2028");
        assertThat(sb).hasToString("\"a\\\"b\\\\c\\nd\\u0000e\\u2028\"");
        sb.setLength(0);
        TraceJson.number(sb, Double.NaN);
        TraceJson.number(sb, Double.NEGATIVE_INFINITY);
        TraceJson.number(sb, -0.0);
        assertThat(sb).hasToString("NaN-Infinity-0.0");
    }

    private static Network dropoutNetwork() {
        return Network.builder().input(3).dense(5, new ReLU()).dropout(0.3).dense(2, new Sigmoid())
                .threads(1).build(new SplittableRandom(21));
    }

    static Matrix random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return Matrix.zeros(rows, cols).fill(() -> r.nextDouble(-1, 1));
    }
}
