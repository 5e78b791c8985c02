package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics of {@link Evaluation} against scikit-learn: {@code src/test/resources/nn/metrics.py} computed
 * them on data this test makes again bit for bit (an integer generator, {@link Lcg}), and wrote
 * {@code metrics.out} and {@code report-*.txt}. Each network is one identity layer (W = I, B = 0), so that its
 * Zo is exactly the script's scores; the large sets span three of {@link Network#evaluate}'s chunks.
 */
class EvaluationMetricsTest {

    private static final double TOLERANCE = 1e-14;

    /** The script's generator: state = (1103515245·state + 12345) mod 2³¹, u = state / 2³¹. */
    static final class Lcg {
        private long state;

        Lcg(long seed) {
            state = seed;
        }

        double next() {
            state = (1103515245L * state + 12345L) & 0x7FFF_FFFFL;
            return state / 2147483648.0;
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EvaluationMetricsTest.class.getResourceAsStream("/nn/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** metrics.out: key → values. */
    private static Map<String, double[]> reference() throws IOException {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String line : resource("metrics.out").split("\n")) {
            String[] f = line.split(" ");
            values.put(f[0], Arrays.stream(f, 1, f.length).mapToDouble(Double::parseDouble).toArray());
        }
        return values;
    }

    /** One layer that passes its input through: Zo = X·I + 0 = X exactly. */
    private static Network identityNetwork(int k, Activation activation, Loss loss) {
        return new Network(List.of(new Layer(Matrix.identity(k), Matrix.zeros(1, k), activation)), loss);
    }

    private static void assertScores(Evaluation.Scores s, double[] expected, String what) {
        assertThat(s.precision()).as(what + " precision").isCloseTo(expected[0], within(TOLERANCE));
        assertThat(s.recall()).as(what + " recall").isCloseTo(expected[1], within(TOLERANCE));
        assertThat(s.f1()).as(what + " f1").isCloseTo(expected[2], within(TOLERANCE));
        if (expected.length > 3) {
            assertThat((double) s.support()).as(what + " support").isEqualTo(expected[3]);
        }
    }

    private static void assertClassification(String name, Evaluation e, Map<String, double[]> ref, int[] ks) {
        for (int c = 0; c < e.classes(); c++) {
            assertScores(e.classScores(c), ref.get(name + "/class-" + c), name + " class " + c);
        }
        assertScores(e.macroAverage(), ref.get(name + "/macro"), name + " macro");
        assertScores(e.weightedAverage(), ref.get(name + "/weighted"), name + " weighted");
        assertThat(e.accuracy()).isCloseTo(ref.get(name + "/accuracy")[0], within(TOLERANCE));
        for (int k : ks) {
            assertThat(e.topKAccuracy(k)).as("%s top-%d", name, k).isCloseTo(ref.get(name + "/top-" + k)[0],
                    within(TOLERANCE));
        }
    }

    @Test
    void aSmallClassifierByHand() throws IOException {
        Map<String, double[]> ref = reference();
        double[] logits = ref.get("small/logits");
        double[] labels = ref.get("small/labels");
        Network net = identityNetwork(5, new Softmax(), new CrossEntropy());
        Evaluation e = net.evaluate(Matrix.of(10, 5, logits), Matrix.column(labels));
        assertThat(e.classes()).isEqualTo(5);
        assertClassification("small", e, ref, new int[] {1, 2, 3, 5});
        assertThat(e.topKAccuracy(99)).isEqualTo(1.0);
        assertThat(e.report("T-shirt", "trouser", "pullover", "dress", "a very long class name"))
                .isEqualTo(resource("report-small.txt"));
        // one-hot targets give the same evaluation as class indices
        Matrix oneHot = Matrix.zeros(10, 5);
        for (int i = 0; i < 10; i++) {
            oneHot.set(i, (int) labels[i], 1.0);
        }
        assertThat(net.evaluate(Matrix.of(10, 5, logits), oneHot)).isEqualTo(e);
    }

    @Test
    void aLargeClassifierInChunks() throws IOException {
        Lcg g = new Lcg(14);
        Matrix logits = Matrix.zeros(2500, 5);
        for (int i = 0; i < logits.size(); i++) {
            logits.backingArray()[i] = 8 * g.next() - 4;
        }
        Matrix labels = Matrix.zeros(2500, 1);
        for (int i = 0; i < 2500; i++) {
            labels.set(i, 0, (int) (5 * g.next()));
        }
        Evaluation e = identityNetwork(5, new Softmax(), new CrossEntropy()).evaluate(logits, labels);
        assertThat(e.samples()).isEqualTo(2500);
        assertClassification("large", e, reference(), new int[] {1, 2, 3, 4});
        assertThat(e.report()).isEqualTo(resource("report-large.txt"));
        // top-k counts ranks, so label smoothing (which changes only the cost) changes none of it
        Evaluation smoothed = identityNetwork(5, new Softmax(), new CrossEntropy(0.2)).evaluate(logits, labels);
        assertThat(smoothed.topKAccuracy(3)).isEqualTo(e.topKAccuracy(3));
        assertThat(smoothed.report()).isEqualTo(e.report());
    }

    @Test
    void aBinaryClassifierWithTiedScores() throws IOException {
        Lcg g = new Lcg(7);
        Matrix z = Matrix.zeros(3000, 1);
        for (int i = 0; i < 3000; i++) {
            z.set(i, 0, Math.floor((8 * g.next() - 4) * 4) / 4);
        }
        Matrix y = Matrix.zeros(3000, 1);
        for (int i = 0; i < 3000; i++) {
            y.set(i, 0, g.next() < (z.get(i, 0) + 4) / 8 ? 1 : 0);
        }
        Map<String, double[]> ref = reference();
        Evaluation e = identityNetwork(1, new Sigmoid(), new BinaryCrossEntropy()).evaluate(z, y);
        assertThat(e.rocAuc()).isCloseTo(ref.get("binary/auc")[0], within(TOLERANCE));
        assertThat(e.accuracy()).isCloseTo(ref.get("binary/accuracy")[0], within(TOLERANCE));
        assertScores(e.classScores(0), ref.get("binary/class-0"), "no");
        assertScores(e.classScores(1), ref.get("binary/class-1"), "yes");
        assertThat(e.report("no", "yes")).isEqualTo(resource("report-binary.txt"));
        assertThat(e.topKAccuracy(1)).isNaN();
        assertThat(e.toString()).contains("rocAuc=0.8297");
    }

    @Test
    void regressionPerOutputAndAveraged() throws IOException {
        Lcg g = new Lcg(3);
        double[] spread = {0.5, 1.0, 3.0};
        Matrix targets = Matrix.zeros(2500, 3);
        Matrix predictions = Matrix.zeros(2500, 3);
        for (int i = 0; i < 2500; i++) {
            for (int j = 0; j < 3; j++) {
                targets.set(i, j, 10 * g.next() - 5);
                predictions.set(i, j, targets.get(i, j) + (2 * g.next() - 1) * spread[j]);
            }
        }
        Map<String, double[]> ref = reference();
        for (Loss loss : new Loss[] {new MeanSquaredError(), new Huber(1.0), new MeanAbsoluteError()}) {
            Evaluation e = identityNetwork(3, new Identity(), loss).evaluate(predictions, targets);
            assertThat(e.regressionOutputs()).isEqualTo(3);
            for (int j = 0; j < 3; j++) {
                assertThat(e.meanAbsoluteError(j)).isCloseTo(ref.get("regression/mae")[j], within(TOLERANCE));
                assertThat(e.rootMeanSquaredError(j)).isCloseTo(ref.get("regression/rmse")[j], within(TOLERANCE));
                assertThat(e.r2(j)).isCloseTo(ref.get("regression/r2")[j], within(TOLERANCE));
            }
            assertThat(e.meanAbsoluteError()).isCloseTo(ref.get("regression/mae-average")[0], within(TOLERANCE));
            assertThat(e.rootMeanSquaredError()).isCloseTo(ref.get("regression/rmse-average")[0],
                    within(TOLERANCE));
            assertThat(e.r2()).isCloseTo(ref.get("regression/r2-average")[0], within(TOLERANCE));
            assertThat(e.accuracy()).isNaN();
            assertThat(e.classes()).isZero();
            assertThat(e.rocAuc()).isNaN();
            assertThat(e.topKAccuracy(1)).isNaN();
        }
    }

    @Test
    void constantTargetsFollowScikitLearn() throws IOException {
        Matrix targets = Matrix.of(3, 2, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0);
        Matrix predictions = Matrix.of(3, 2, 2.0, 2.5, 2.0, 1.0, 2.0, 2.0);
        Evaluation e = identityNetwork(2, new Identity(), new MeanSquaredError()).evaluate(predictions, targets);
        double[] expected = reference().get("constant/r2");
        assertThat(new double[] {e.r2(0), e.r2(1)}).containsExactly(expected);
    }

    @Test
    void chunksGiveTheNumbersOfOneBatch() {
        Lcg g = new Lcg(99);
        Matrix targets = Matrix.zeros(3000, 2);
        Matrix predictions = Matrix.zeros(3000, 2);
        for (int i = 0; i < targets.size(); i++) {
            targets.backingArray()[i] = 1e6 + g.next(); // a large mean: naive Σy² − nȳ² would lose it all
            predictions.backingArray()[i] = targets.backingArray()[i] + g.next() - 0.5;
        }
        Evaluation chunked = identityNetwork(2, new Identity(), new MeanSquaredError()).evaluate(predictions,
                targets);
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            for (int i = 0; i < 3000; i++) {
                mean += targets.get(i, j) / 3000;
            }
            double total = 0;
            double residual = 0;
            for (int i = 0; i < 3000; i++) {
                total += Math.pow(targets.get(i, j) - mean, 2);
                residual += Math.pow(predictions.get(i, j) - targets.get(i, j), 2);
            }
            assertThat(chunked.r2(j)).isCloseTo(1 - residual / total, within(1e-9));
        }
    }

    @Test
    void theMetricsRefuseWhatTheyDoNotHave() {
        Evaluation regression = identityNetwork(2, new Identity(), new MeanSquaredError())
                .evaluate(Matrix.of(1, 2, 1, 2), Matrix.of(1, 2, 1, 1));
        assertThatThrownBy(regression::report).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("report: this evaluation has no confusion matrix");
        assertThatThrownBy(() -> regression.classScores(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classScores: class 0 is not in [0, 0)");
        Evaluation classifier = identityNetwork(3, new Softmax(), new CrossEntropy())
                .evaluate(Matrix.of(1, 3, 1, 2, 3), Matrix.column(2));
        assertThatThrownBy(() -> classifier.meanAbsoluteError(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meanAbsoluteError: output 0 is not in [0, 0): regression metrics are kept"
                        + " for regression losses only");
        assertThatThrownBy(() -> regression.r2(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r2: output 2 is not in [0, 2)");
        assertThatThrownBy(() -> classifier.topKAccuracy(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topKAccuracy: k must be at least 1, got 0");
        assertThatThrownBy(() -> classifier.report("a", "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("report: 2 class names for a 3-class confusion matrix");
        assertThat(classifier.meanAbsoluteError()).isNaN();
        assertThat(classifier.rocAuc()).isNaN();
        // several binary outputs: accuracy per output, but no confusion matrix and no AUC
        Evaluation multiLabel = identityNetwork(2, new Sigmoid(), new BinaryCrossEntropy())
                .evaluate(Matrix.of(2, 2, 1, -1, -1, 1), Matrix.of(2, 2, 1, 0, 1, 1));
        assertThat(multiLabel.accuracy()).isEqualTo(0.75);
        assertThat(multiLabel.classes()).isZero();
        assertThat(multiLabel.rocAuc()).isNaN();
        assertThatThrownBy(multiLabel::report).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aucNeedsBothClassesAndIsHalfForTies() {
        Network net = identityNetwork(1, new Sigmoid(), new BinaryCrossEntropy());
        assertThat(net.evaluate(Matrix.column(1, 2, 3), Matrix.column(1, 1, 1)).rocAuc()).isNaN();
        assertThat(net.evaluate(Matrix.column(1, 1, 1, 1), Matrix.column(1, 0, 1, 0)).rocAuc()).isEqualTo(0.5);
        assertThat(net.evaluate(Matrix.column(3, 2, 1, 0), Matrix.column(1, 1, 0, 0)).rocAuc()).isEqualTo(1.0);
        assertThat(net.evaluate(Matrix.column(0, 1, 2, 3), Matrix.column(1, 1, 0, 0)).rocAuc()).isEqualTo(0.0);
        // scores beyond σ's saturation still rank: 40 and 50 both give ŷ = 1.0, but Zo tells them apart
        assertThat(net.evaluate(Matrix.column(50, 40), Matrix.column(1, 0)).rocAuc()).isEqualTo(1.0);
        Evaluation empty = net.evaluate(Matrix.zeros(0, 1), Matrix.zeros(0, 1));
        assertThat(empty.rocAuc()).isNaN();
        assertThat(empty.cost()).isZero();
        assertThat(empty.accuracy()).isNaN();
    }

    @Test
    void toStringShowsTheHeadlineMetrics() {
        Evaluation regression = identityNetwork(1, new Identity(), new MeanSquaredError())
                .evaluate(Matrix.column(1, 2, 4), Matrix.column(1, 2, 3));
        assertThat(regression.toString()).isEqualTo("Evaluation[cost=0.166667, samples=3, mae=0.3333, rmse=0.5774,"
                + " r2=0.5000]");
        Evaluation classifier = identityNetwork(2, new Softmax(), new CrossEntropy())
                .evaluate(Matrix.of(2, 2, 1, 0, 0, 1), Matrix.column(0, 0));
        assertThat(classifier.toString()).startsWith("Evaluation[cost=").endsWith(", accuracy=0.5000, samples=2]");
    }
}
