package io.github.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML stages in a Pipeline (assembler → classifier → evaluator): fit, save, load, predict the same. */
class PipelineTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Sessions.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Fashion-MNIST rows as two vector columns, the top and bottom halves of each image, and a label. */
    private static Dataset<Row> images(FashionSample sample) {
        StructType schema = new StructType().add("top", SQLDataTypes.VectorType()).add("bottom",
                SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sample.x.rows(); i++) {
            double[] pixels = sample.x.rowRange(i, i + 1).backingArray();
            rows.add(RowFactory.create(Vectors.dense(Arrays.copyOfRange(pixels, 0, 392)),
                    Vectors.dense(Arrays.copyOfRange(pixels, 392, 784)), sample.y.get(i, 0)));
        }
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void aPipelineFitsSavesLoadsAndPredictsTheSame(@TempDir Path dir) throws IOException {
        Dataset<Row> train = images(FashionSample.training(2000));
        Dataset<Row> test = images(FashionSample.test(500));
        BackpropClassifier classifier = new BackpropClassifier().setHiddenLayers(new int[] {32}).setEpochs(3)
                .setShards(2).setSeed(1).setLearningRate(2e-3);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"top", "bottom"}).setOutputCol("features"),
            classifier});
        PipelineModel model = pipeline.fit(train);
        Dataset<Row> predicted = model.transform(test);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        assertThat(accuracy).isGreaterThan(0.7);

        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> before = predicted.select("prediction", "probability", "rawPrediction").collectAsList();
        List<Row> after = loaded.transform(test).select("prediction", "probability", "rawPrediction").collectAsList();
        assertThat(after).isEqualTo(before);
        BackpropClassificationModel stage = (BackpropClassificationModel) loaded.stages()[1];
        BackpropClassificationModel fitted = (BackpropClassificationModel) model.stages()[1];
        assertThat(stage.network().flatParameters()).isEqualTo(fitted.network().flatParameters());
        assertThat(stage.uid()).isEqualTo(fitted.uid());
        assertThat(stage.numClasses()).isEqualTo(10);
        assertThat(stage.getProbabilityCol()).isEqualTo("probability");

        // the probabilities are the network's own prediction; the raw scores its output layer's Zo
        Row first = predicted.select("features", "probability").head();
        Matrix expected = fitted.network().predict(Matrix.row(((Vector) first.get(0)).toArray()));
        assertThat(((Vector) first.get(1)).toArray()).usingComparatorWithPrecision(1e-12)
                .containsExactly(expected.backingArray());
    }

    @Test
    void anUnfittedPipelineKeepsItsParams(@TempDir Path dir) throws IOException {
        BackpropClassifier classifier = new BackpropClassifier().setHiddenLayers(new int[] {256, 128})
                .setActivation("tanh").setDropout(0.2).setOptimizer("sgd").setLearningRate(0.05).setEpochs(7)
                .setBatchSize(100).setSeed(9).setShards(8).setMode("synchronous").setAveragingSteps(5)
                .setWeightDecay(1e-4);
        String path = dir.resolve("classifier").toString();
        classifier.write().save(path);
        BackpropClassifier loaded = BackpropClassifier.load(path);
        assertThat(loaded.uid()).isEqualTo(classifier.uid());
        assertThat(loaded.getOrDefault(loaded.hiddenLayers())).containsExactly(256, 128);
        for (org.apache.spark.ml.param.Param<?> param : classifier.params()) {
            if (classifier.isDefined(param)) {  // all but Spark's thresholds, which has no default
                assertThat(loaded.getOrDefault(loaded.getParam(param.name()))).as(param.name())
                        .isEqualTo(classifier.getOrDefault(param));
            }
        }
        assertThat(classifier.params()).hasSize(18);  // Spark's 5 columns and thresholds, and the network's 12
        BackpropClassifier defaults = new BackpropClassifier();
        assertThat(defaults.getOrDefault(defaults.shards())).isEqualTo(4);
        assertThat(defaults.getOrDefault(defaults.optimizer())).isEqualTo("adamw");
        assertThat(classifier.copy(new org.apache.spark.ml.param.ParamMap()).getOrDefault(classifier.epochs()))
                .isEqualTo(7);
    }

    @Test
    void badParamsAreRefused() {
        BackpropClassifier classifier = new BackpropClassifier();
        assertThatThrownBy(() -> classifier.setDropout(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> classifier.setActivation("swish")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activation");
        assertThatThrownBy(() -> classifier.setHiddenLayers(new int[] {8, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hiddenLayers");
        assertThatThrownBy(() -> classifier.setShards(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shards");
        assertThatThrownBy(() -> classifier.setOptimizer("adagrad")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer");
    }

    @Test
    void everyCoreHiddenActivationAndOptimizerCanBeChosen() {
        java.util.Map<String, Class<?>> activations = java.util.Map.of("elu", io.github.backprop4j.nn.ELU.class,
                "gelu", io.github.backprop4j.nn.GELU.class, "gelu-tanh", io.github.backprop4j.nn.GELU.class,
                "silu", io.github.backprop4j.nn.SiLU.class, "softplus", io.github.backprop4j.nn.Softplus.class);
        for (var a : activations.entrySet()) {
            BackpropClassifier classifier = new BackpropClassifier().setHiddenLayers(new int[] {3})
                    .setActivation(a.getKey()).setOptimizer("rmsprop");
            var network = classifier.trainingParams().network(classifier, 2, 3, new io.github.backprop4j.nn.Softmax(),
                    new io.github.backprop4j.nn.CrossEntropy());
            assertThat(network.layers().get(0).activation()).as(a.getKey()).isInstanceOf(a.getValue());
            assertThat(network.layers().get(0).activation().name()).isEqualTo(a.getKey());
            assertThat(classifier.getOrDefault(classifier.optimizer())).isEqualTo("rmsprop");
            assertThat(classifier.trainingParams().trainer(classifier)).isNotNull();
        }
    }

    @Test
    void theRegressorLearnsALinearRuleAndSavesIt(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label",
                DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            double a = r.nextDouble(-1, 1);
            double b = r.nextDouble(-1, 1);
            rows.add(RowFactory.create(Vectors.dense(a, b), 2 * a - b + 0.5));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        BackpropRegressionModel model = new BackpropRegressor().setHiddenLayers(new int[] {8}).setActivation("tanh")
                .setOptimizer("adam").setLearningRate(0.01).setEpochs(30).setShards(2).setSeed(2).fit(data);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(data));
        assertThat(rmse).isLessThan(0.1);
        String path = dir.resolve("regressor").toString();
        model.write().save(path);
        BackpropRegressionModel loaded = BackpropRegressionModel.load(path);
        assertThat(loaded.transform(data).select("prediction").collectAsList())
                .isEqualTo(model.transform(data).select("prediction").collectAsList());
        assertThat(loaded.modelFile()).isEqualTo(model.modelFile());
    }
}
