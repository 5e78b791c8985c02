/**
 * backprop4j on Apache Spark: data-parallel training whose result does not depend on the cluster.
 *
 * <ul>
 *   <li>{@link io.github.backprop4j.spark.SparkTrainer}: {@code fit(network, JavaRDD<LabeledPoint>)} or a DataFrame,
 *       returning the core's {@link io.github.backprop4j.train.History} and driving its listeners on the driver;
 *       parameter averaging (the default) or synchronous gradient steps, over a fixed number of logical shards whose
 *       rows, orders and dropout masks ({@link io.github.backprop4j.spark.ShardSeeds}) are the same on any
 *       cluster.</li>
 *   <li>{@link io.github.backprop4j.spark.BackpropClassifier} and {@link io.github.backprop4j.spark.BackpropRegressor}:
 *       Spark ML estimators for a {@code Pipeline}, whose models persist through the core's model file.</li>
 * </ul>
 *
 * <p>Spark 4.0 and Scala 2.13 are provided by the cluster; the jar depends on the core only. See docs/distributed.md:
 * when to use it, the two modes, measured figures, a cost model, and how to submit to a cluster.
 */
package io.github.backprop4j.spark;
