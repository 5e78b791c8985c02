package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.BinaryCrossEntropy;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.MeanSquaredError;
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
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sample and class weights in the trainer: the balanced rule against scikit-learn's
 * {@code compute_class_weight} ({@code src/test/resources/train/class_weights.py}, output committed as
 * {@code class_weights.out}); class weights as the sample weights they stand for; all-1 weights as no weights,
 * bit for bit; skipped batches; the weighted validation cost; and what is refused. (That weighted training
 * allocates nothing per batch is checked beside the unweighted case, in {@link TrainerTest}.)
 */
class WeightedTrainingTest {

    // ------------------------------------------------------------ the balanced rule

    static Stream<String> sklearnCases() throws IOException {
        try (InputStream in = WeightedTrainingTest.class.getResourceAsStream("/train/class_weights.out")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sklearnCases")
    void balancedClassWeightsAreScikitLearns(String line) {
        String[] f = line.split(" ");
        int[] labels = Arrays.stream(f[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int classes = Arrays.stream(labels).max().orElseThrow() + 1;
        double[] expected = new double[classes]; // 0 for a class that does not occur
        for (int i = 2; i < f.length; i++) {
            String[] kv = f[i].split(":");
            expected[Integer.parseInt(kv[0])] = Double.parseDouble(kv[1]);
        }
        // n / (k · countₖ): one division of integers, so the same double as numpy's
        assertThat(ClassWeights.balanced(labels, classes)).as(f[0]).isEqualTo(expected);
    }

    // ------------------------------------------------------------ weights in a fit

    private static Network classifier(long seed) {
        return Network.builder().input(2).dense(6, new Tanh()).dense(3, new Softmax()).loss(new CrossEntropy())
                .threads(1).build(new SplittableRandom(seed));
    }

    /** Three blobs, imbalanced: 40, 10 and 5 samples. */
    private static Dataset imbalanced() {
        Dataset blobs = Problems.blobs(40, 0.4, 21);
        int[] rows = IntStream.concat(IntStream.range(0, 40), IntStream.concat(IntStream.range(40, 50),
                IntStream.range(80, 85))).toArray();
        return blobs.subset(rows);
    }

    private static Trainer.Builder trainer() {
        return Trainer.builder().optimizer(Adam.builder().learningRate(0.02).build()).epochs(6).batchSize(8).seed(5);
    }

    private static double[] fit(Trainer.Builder builder, Dataset data) {
        Network net = classifier(3);
        builder.build().fit(net, data);
        return net.flatParameters();
    }

    @Test
    void classWeightsTrainAsTheSampleWeightsTheyStandFor() {
        Dataset data = imbalanced();
        int[] labels = data.labels();
        double[] perClass = {0.5, 2.0, 3.25};
        double[] sample = Arrays.stream(labels).mapToDouble(c -> perClass[c]).toArray();
        assertThat(fit(trainer().classWeights(perClass), data)).isEqualTo(fit(trainer(), data.withWeights(sample)));
        // balanced: n / (k · countₖ) = 55 / (3 · 40), 55 / (3 · 10), 55 / (3 · 5)
        double[] balanced = Arrays.stream(labels).mapToDouble(c -> 55.0 / (3.0 * new int[] {40, 10, 5}[c])).toArray();
        assertThat(fit(trainer().balancedClassWeights(), data))
                .isEqualTo(fit(trainer(), data.withWeights(balanced)));
        // with sample weights too, the product
        double[] both = new double[sample.length];
        double[] own = IntStream.range(0, sample.length).mapToDouble(i -> 1 + i % 3).toArray();
        for (int i = 0; i < both.length; i++) {
            both[i] = own[i] * perClass[labels[i]];
        }
        assertThat(fit(trainer().classWeights(perClass), data.withWeights(own)))
                .isEqualTo(fit(trainer(), data.withWeights(both)));
        // the later setting wins
        assertThat(fit(trainer().balancedClassWeights().classWeights(perClass), data))
                .isEqualTo(fit(trainer().classWeights(perClass), data));
        assertThat(fit(trainer().classWeights(perClass).classWeights((double[]) null), data))
                .isEqualTo(fit(trainer(), data));
    }

    @Test
    void balancedWeightsHelpTheRareClass() {
        Dataset data = imbalanced();
        Supplier<Trainer.Builder> sgd = () -> Trainer.builder().optimizer(new SgdOptimizer(0.05)).epochs(3)
                .batchSize(55).shuffle(false);
        Network plain = classifier(8);
        Network balanced = classifier(8);
        sgd.get().build().fit(plain, data);
        sgd.get().balancedClassWeights().build().fit(balanced, data);
        // the first class dominates the plain cost; weighted, the rare classes pull as hard
        Matrix rare = data.rows(50, 55).features();
        assertThat(balanced.predict(rare).rowRange(0, 5).columnSums().get(0, 2))
                .isGreaterThan(plain.predict(rare).columnSums().get(0, 2));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void allOneWeightsTrainBitForBitAsNoWeights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Dataset data = Problems.spirals(r.nextInt(5, 30), 0.05, seed);
        double[] ones = new double[data.size()];
        Arrays.fill(ones, 1.0);
        int batchSize = r.nextInt(1, 20);
        Supplier<Trainer.Builder> b = () -> Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(3)
                .batchSize(batchSize).seed(seed);
        Network a = Network.builder().input(2).dense(5, new ReLU()).dropout(0.2).dense(2, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(seed));
        Network c = Network.builder().input(2).dense(5, new ReLU()).dropout(0.2).dense(2, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(seed));
        b.get().build().fit(a, data);
        b.get().build().fit(c, data.withWeights(ones));
        assertThat(c.flatParameters()).isEqualTo(a.flatParameters());
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aBatchWhoseSamplesAllWeighZeroIsSkipped() {
        Dataset data = Problems.spirals(4, 0.05, 1); // 8 samples
        double[] w = {0, 0, 1, 1, 0, 0, 1, 1};
        Supplier<Trainer.Builder> b = () -> Trainer.builder().optimizer(new SgdOptimizer(0.3)).epochs(4).batchSize(2)
                .shuffle(false);
        Network weighted = classifier2(4);
        Network plain = classifier2(4);
        History h = b.get().build().fit(weighted, data.withWeights(w));
        b.get().build().fit(plain, data.subset(new int[] {2, 3, 6, 7}));
        assertThat(weighted.flatParameters()).isEqualTo(plain.flatParameters());
        assertThat(h.last().samples()).isEqualTo(4);
    }

    private static Network classifier2(long seed) {
        return Network.builder().input(2).dense(4, new Tanh()).dense(2, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(seed));
    }

    @Test
    void aWeightedValidationSetIsScoredByItsWeightedCost() {
        Dataset train = Problems.blobs(20, 0.4, 1);
        Dataset validation = Problems.blobs(10, 0.4, 2);
        double[] w = IntStream.range(0, 30).mapToDouble(i -> i % 3 == 0 ? 4 : 0.5).toArray();
        Network net = classifier(1);
        History h = trainer().epochs(2).build().fit(net, train, validation.withWeights(w));
        double weighted = net.evaluate(validation.features(), validation.targets(), w).cost();
        assertThat(h.last().validationCost()).isEqualTo(weighted);
        assertThat(h.last().validationCost()).isNotEqualTo(net.evaluate(validation.features(),
                validation.targets()).cost());
        assertThat(h.last().validationAccuracy())
                .isEqualTo(net.evaluate(validation.features(), validation.targets()).accuracy());
    }

    @Test
    void theTrainingCostOfAnEpochIsItsWeightedMean() {
        Dataset data = Problems.blobs(10, 0.4, 4);
        double[] w = IntStream.range(0, 30).mapToDouble(i -> 1 + i % 4).toArray();
        Network net = classifier(2);
        // SGD with η = 1e-300: the weights do not move (η·g is below their ulp), so every batch's cost is the start's
        History h = Trainer.builder().optimizer(new SgdOptimizer(1e-300)).epochs(1).batchSize(7).build()
                .fit(net, data.withWeights(w));
        double expected = net.evaluate(data.features(), data.targets(), w).cost();
        assertThat(h.last().trainingCost()).isCloseTo(expected, within(1e-12));
    }

    // ------------------------------------------------------------ refused

    @Test
    void classWeightsForRegressionOrMultiLabelOrOtherClassCountsAreRefused() {
        Dataset regression = new Dataset(Matrix.of(4, 1, 1, 2, 3, 4), Matrix.column(0.5, 1.5, 2.5, 3.5));
        Network mse = Network.builder().input(1).dense(1, new Identity()).build(new SplittableRandom(1));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().balancedClassWeights().build()
                .fit(mse, regression)).withMessageContainingAll("class weights need a classification loss",
                        "the loss is mse", "regression targets have no classes");
        Network multiLabel = Network.builder().input(1).dense(2, new Sigmoid()).loss(new BinaryCrossEntropy())
                .build(new SplittableRandom(1));
        Dataset tags = new Dataset(Matrix.of(2, 1, 1, 2), Matrix.of(2, 2, 1, 1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().classWeights(1, 2).build()
                .fit(multiLabel, tags)).withMessageContaining("binary-cross-entropy with 2 outputs is multi-label");
        Dataset blobs = Problems.blobs(5, 0.4, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().classWeights(1, 2).build()
                .fit(classifier(1), blobs))
                .withMessage("fit: 2 class weights given, but the network has 3 classes (one weight per class)");
        Network binary = Network.builder().input(1).dense(1, new Sigmoid()).loss(new BinaryCrossEntropy())
                .build(new SplittableRandom(1));
        Dataset soft = new Dataset(Matrix.of(2, 1, 1, 2), Matrix.column(1, 0.3));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().classWeights(1, 2).build().fit(binary, soft))
                .withMessageStartingWith("fit: class weights need a class for every training sample; ")
                .withMessageContaining("the target of row 1 is 0.3");
        Dataset indices = new Dataset(Matrix.of(2, 2, 1, 2, 3, 4), Matrix.column(1, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().balancedClassWeights().build()
                .fit(classifier(1), indices))
                .withMessage("fit: training sample 1 is of class 3, but the network has 3 classes");
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().classWeights(0, 0, 5).build()
                .fit(classifier(1), Problems.blobs(5, 0.4, 1).rows(0, 10)))
                .withMessageStartingWith("fit: sample weight × class weight: the 10 weights sum to 0");
    }

    @Test
    void badClassWeightsAndSetsWhoseWeightsSumToZeroAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Trainer.builder().classWeights(1, -1))
                .withMessage("classWeights: weight 1 is -1.0; weights must be finite and ≥ 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Trainer.builder().classWeights(1, Double.NaN))
                .withMessageContaining("weight 1 is NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> Trainer.builder().classWeights())
                .withMessageContaining("the 0 weights sum to 0");
        Dataset blobs = Problems.blobs(5, 0.4, 1);
        double[] w = new double[15];
        w[14] = 1; // the last sample alone weighs: a part without it weighs nothing
        Dataset weighted = blobs.withWeights(w);
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().build().fit(classifier(1), weighted.rows(0, 14)))
                .withMessageStartingWith("fit: the training set: the 14 weights sum to 0");
        assertThatIllegalArgumentException().isThrownBy(() -> trainer().build().fit(classifier(1), weighted,
                weighted.rows(0, 3))).withMessageStartingWith("fit: the validation set: the 3 weights sum to 0");
    }

    @Test
    void regressionWithSampleWeightsTrains() {
        Dataset data = new Dataset(Matrix.of(4, 1, 0, 1, 2, 3), Matrix.column(0, 1, 2, 30), new double[] {1, 1, 1, 0});
        Network net = Network.builder().input(1).dense(1, new Identity()).loss(new MeanSquaredError())
                .build(new SplittableRandom(2));
        Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(400).batchSize(4).build().fit(net, data);
        // the outlier weighs 0: the line through the other three is y = x
        assertThat(net.layers().get(0).weights().get(0, 0)).isCloseTo(1.0, within(1e-3));
        assertThat(net.layers().get(0).biases().get(0, 0)).isCloseTo(0.0, within(1e-3));
    }
}
