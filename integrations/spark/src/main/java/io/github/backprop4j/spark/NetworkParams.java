package io.github.backprop4j.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training Params of {@link BackpropClassifier} and {@link BackpropRegressor} (see {@link TrainingParams} for
 * their defaults), with getters and setters in Spark ML's style: {@code setHiddenLayers(new int[] {256, 128})}.
 *
 * @param <S> the estimator, which the setters return
 */
public interface NetworkParams<S extends NetworkParams<S>> extends Params {

    /**
     * The estimator's Params objects.
     *
     * @return the params
     */
    TrainingParams trainingParams();

    /**
     * Units of each hidden layer, first to last.
     *
     * @return the param
     */
    default IntArrayParam hiddenLayers() {
        return trainingParams().hiddenLayers;
    }

    /**
     * The hidden layers' activation: relu, leaky-relu, elu, gelu, gelu-tanh, silu, softplus, tanh, sigmoid or
     * identity.
     *
     * @return the param
     */
    default Param<String> activation() {
        return trainingParams().activation;
    }

    /**
     * The hidden layers' dropout rate, in [0, 1).
     *
     * @return the param
     */
    default DoubleParam dropout() {
        return trainingParams().dropout;
    }

    /**
     * The optimizer: sgd, adam, adamw or rmsprop.
     *
     * @return the param
     */
    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    /**
     * The learning rate η.
     *
     * @return the param
     */
    default DoubleParam learningRate() {
        return trainingParams().learningRate;
    }

    /**
     * The weight decay λ.
     *
     * @return the param
     */
    default DoubleParam weightDecay() {
        return trainingParams().weightDecay;
    }

    /**
     * The number of epochs.
     *
     * @return the param
     */
    default IntParam epochs() {
        return trainingParams().epochs;
    }

    /**
     * Rows per step.
     *
     * @return the param
     */
    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    /**
     * The seed of the initial weights and of every shard's order and dropout.
     *
     * @return the param
     */
    default LongParam seed() {
        return trainingParams().seed;
    }

    /**
     * The number of logical shards.
     *
     * @return the param
     */
    default IntParam shards() {
        return trainingParams().shards;
    }

    /**
     * averaging or synchronous.
     *
     * @return the param
     */
    default Param<String> mode() {
        return trainingParams().mode;
    }

    /**
     * Local steps between averagings (0: once per epoch).
     *
     * @return the param
     */
    default IntParam averagingSteps() {
        return trainingParams().averagingSteps;
    }

    /**
     * Sets {@link #hiddenLayers()}.
     *
     * @param units each ≥ 1
     * @return this estimator
     */
    default S setHiddenLayers(int[] units) {
        return self(set(hiddenLayers(), units));
    }

    /**
     * Sets {@link #activation()}.
     *
     * @param name relu, leaky-relu, elu, gelu, gelu-tanh, silu, softplus, tanh,
     *             sigmoid or identity
     * @return this estimator
     */
    default S setActivation(String name) {
        return self(set(activation(), name));
    }

    /**
     * Sets {@link #dropout()}.
     *
     * @param rate in [0, 1)
     * @return this estimator
     */
    default S setDropout(double rate) {
        return self(set(dropout(), rate));
    }

    /**
     * Sets {@link #optimizer()}.
     *
     * @param name sgd, adam, adamw or rmsprop
     * @return this estimator
     */
    default S setOptimizer(String name) {
        return self(set(optimizer(), name));
    }

    /**
     * Sets {@link #learningRate()}.
     *
     * @param eta &gt; 0
     * @return this estimator
     */
    default S setLearningRate(double eta) {
        return self(set(learningRate(), eta));
    }

    /**
     * Sets {@link #weightDecay()}.
     *
     * @param lambda ≥ 0
     * @return this estimator
     */
    default S setWeightDecay(double lambda) {
        return self(set(weightDecay(), lambda));
    }

    /**
     * Sets {@link #epochs()}.
     *
     * @param epochs ≥ 1
     * @return this estimator
     */
    default S setEpochs(int epochs) {
        return self(set(epochs(), epochs));
    }

    /**
     * Sets {@link #batchSize()}.
     *
     * @param rows ≥ 1
     * @return this estimator
     */
    default S setBatchSize(int rows) {
        return self(set(batchSize(), rows));
    }

    /**
     * Sets {@link #seed()}.
     *
     * @param seed the seed
     * @return this estimator
     */
    default S setSeed(long seed) {
        return self(set(seed(), seed));
    }

    /**
     * Sets {@link #shards()}.
     *
     * @param shards ≥ 1
     * @return this estimator
     */
    default S setShards(int shards) {
        return self(set(shards(), shards));
    }

    /**
     * Sets {@link #mode()}.
     *
     * @param mode averaging or synchronous
     * @return this estimator
     */
    default S setMode(String mode) {
        return self(set(mode(), mode));
    }

    /**
     * Sets {@link #averagingSteps()}.
     *
     * @param steps ≥ 0
     * @return this estimator
     */
    default S setAveragingSteps(int steps) {
        return self(set(averagingSteps(), steps));
    }

    @SuppressWarnings("unchecked")
    private S self(Params set) {
        return (S) set;
    }
}
