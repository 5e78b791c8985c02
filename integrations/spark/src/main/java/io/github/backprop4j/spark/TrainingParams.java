package io.github.backprop4j.spark;

import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.ELU;
import io.github.backprop4j.nn.GELU;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.Loss;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.NetworkBuilder;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.SiLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Softplus;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.RMSprop;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params of {@link BackpropClassifier} and {@link BackpropRegressor}, beside Spark's {@code featuresCol},
 * {@code labelCol} and {@code predictionCol}: the network's shape and how to train it. Each estimator owns one set
 * ({@link NetworkParams} exposes them as its own methods, as Spark finds Params).
 *
 * <table>
 *   <caption>Params, defaults and meaning</caption>
 *   <tr><th>param</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>hiddenLayers</td><td>[64]</td><td>units of each hidden layer, first to last</td></tr>
 *   <tr><td>activation</td><td>relu</td><td>of the hidden layers: relu, leaky-relu (α = 0.01), tanh, sigmoid, identity</td></tr>
 *   <tr><td>dropout</td><td>0</td><td>dropout rate of the hidden layers, in [0, 1)</td></tr>
 *   <tr><td>optimizer</td><td>adamw</td><td>sgd, adam or adamw</td></tr>
 *   <tr><td>learningRate</td><td>0.001</td><td>η</td></tr>
 *   <tr><td>weightDecay</td><td>0</td><td>λ (L2 for sgd and adam, decoupled for adamw)</td></tr>
 *   <tr><td>epochs</td><td>10</td><td>passes over the data</td></tr>
 *   <tr><td>batchSize</td><td>32</td><td>rows per step</td></tr>
 *   <tr><td>seed</td><td>0</td><td>of the initial weights, and of every shard's order and dropout</td></tr>
 *   <tr><td>shards</td><td>4</td><td>logical shards: the same number gives the same model on any cluster</td></tr>
 *   <tr><td>mode</td><td>averaging</td><td>averaging or synchronous ({@link SparkTrainer.Mode})</td></tr>
 *   <tr><td>averagingSteps</td><td>0</td><td>local steps between averagings; 0: once per epoch</td></tr>
 * </table>
 */
public final class TrainingParams implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final List<String> ACTIVATIONS = List.of("relu", "leaky-relu", "elu", "gelu", "gelu-tanh", "silu",
            "softplus", "tanh", "sigmoid", "identity");
    private static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "rmsprop");
    private static final List<String> MODES = List.of("averaging", "synchronous");

    /** Units of each hidden layer. */
    final IntArrayParam hiddenLayers;
    /** The hidden layers' activation. */
    final Param<String> activation;
    /** The hidden layers' dropout rate. */
    final DoubleParam dropout;
    /** The optimizer's name. */
    final Param<String> optimizer;
    /** η. */
    final DoubleParam learningRate;
    /** λ. */
    final DoubleParam weightDecay;
    /** Passes over the data. */
    final IntParam epochs;
    /** Rows per step. */
    final IntParam batchSize;
    /** The seed of the weights, orders and masks. */
    final LongParam seed;
    /** Logical shards. */
    final IntParam shards;
    /** averaging or synchronous. */
    final Param<String> mode;
    /** Local steps between averagings. */
    final IntParam averagingSteps;

    TrainingParams(Params owner) {
        hiddenLayers = new IntArrayParam(owner, "hiddenLayers", "units of each hidden layer, first to last (each ≥ 1)",
                TrainingParams::allPositive);
        activation = new Param<>(owner, "activation", "activation of the hidden layers: " + ACTIVATIONS,
                ParamValidators.inArray(ACTIVATIONS));
        dropout = new DoubleParam(owner, "dropout", "dropout rate of the hidden layers, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
        optimizer = new Param<>(owner, "optimizer", "the optimizer: " + OPTIMIZERS, ParamValidators.inArray(OPTIMIZERS));
        learningRate = new DoubleParam(owner, "learningRate", "the learning rate η (> 0)", ParamValidators.gt(0));
        weightDecay = new DoubleParam(owner, "weightDecay", "weight decay λ (≥ 0)", ParamValidators.gtEq(0));
        epochs = new IntParam(owner, "epochs", "passes over the data (≥ 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(owner, "batchSize", "rows per step (≥ 1)", ParamValidators.gtEq(1));
        seed = new LongParam(owner, "seed", "seed of the initial weights and of every shard's order and dropout");
        shards = new IntParam(owner, "shards", "logical shards (≥ 1): the same number gives the same model on any"
                + " cluster", ParamValidators.gtEq(1));
        mode = new Param<>(owner, "mode", "how shards combine: " + MODES, ParamValidators.inArray(MODES));
        averagingSteps = new IntParam(owner, "averagingSteps", "local steps between averagings (≥ 0; 0: once per"
                + " epoch)", ParamValidators.gtEq(0));
        owner.setDefault(hiddenLayers, new int[] {64});
        owner.setDefault(activation, "relu");
        owner.setDefault(dropout, 0.0);
        owner.setDefault(optimizer, "adamw");
        owner.setDefault(learningRate, 1e-3);
        owner.setDefault(weightDecay, 0.0);
        owner.setDefault(epochs, 10);
        owner.setDefault(batchSize, 32);
        owner.setDefault(seed, 0L);
        owner.setDefault(shards, 4);
        owner.setDefault(mode, "averaging");
        owner.setDefault(averagingSteps, 0);
    }

    private static Object allPositive(int[] units) {
        if (units.length == 0) {
            return false;
        }
        for (int u : units) {
            if (u < 1) {
                return false;
            }
        }
        return true;
    }

    /** A new network of these params' shape: {@code inputs} → hidden layers → {@code outputs} with R and the loss. */
    Network network(Params owner, int inputs, int outputs, Activation output, Loss loss) {
        NetworkBuilder builder = Network.builder().input(inputs);
        double rate = (Double) owner.getOrDefault(dropout);
        for (int units : owner.getOrDefault(hiddenLayers)) {
            builder.dense(units, hidden(owner.getOrDefault(activation)));
            if (rate > 0) {
                builder.dropout(rate);
            }
        }
        return builder.dense(outputs, output).loss(loss).build(new SplittableRandom((Long) owner.getOrDefault(seed)));
    }

    private static Activation hidden(String name) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "leaky-relu" -> new LeakyReLU(0.01);
            case "elu" -> new ELU(1.0);
            case "gelu" -> GELU.exact();
            case "gelu-tanh" -> GELU.tanh();
            case "silu" -> new SiLU();
            case "softplus" -> new Softplus();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            default -> new Identity();
        };
    }

    /** The Spark trainer these params describe. */
    SparkTrainer trainer(Params owner) {
        double eta = (Double) owner.getOrDefault(learningRate);
        double lambda = (Double) owner.getOrDefault(weightDecay);
        Optimizer o = switch (owner.getOrDefault(optimizer)) {
            case "sgd" -> SgdOptimizer.builder().learningRate(eta).weightDecay(lambda).build();
            case "adam" -> Adam.builder().learningRate(eta).weightDecay(lambda).build();
            case "rmsprop" -> RMSprop.builder().learningRate(eta).weightDecay(lambda).build();
            default -> AdamW.builder().learningRate(eta).weightDecay(lambda).build();
        };
        return SparkTrainer.builder().optimizer(o).epochs((Integer) owner.getOrDefault(epochs))
                .batchSize((Integer) owner.getOrDefault(batchSize)).seed((Long) owner.getOrDefault(seed))
                .shards((Integer) owner.getOrDefault(shards))
                .mode("synchronous".equals(owner.getOrDefault(mode)) ? SparkTrainer.Mode.SYNCHRONOUS
                        : SparkTrainer.Mode.AVERAGING)
                .averagingSteps((Integer) owner.getOrDefault(averagingSteps)).build();
    }
}
