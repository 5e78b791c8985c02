/**
 * Data for training: a {@link io.github.backprop4j.data.Dataset} of feature and target rows, its
 * mini-batches and splits, {@link io.github.backprop4j.data.OneHot} targets, the scalers
 * {@link io.github.backprop4j.data.Standardizer} and {@link io.github.backprop4j.data.MinMaxScaler}, and
 * the readers {@link io.github.backprop4j.data.CsvReader} and {@link io.github.backprop4j.data.IdxReader}
 * (MNIST's file format), which refuse bad files whole with a
 * {@link io.github.backprop4j.data.MalformedDataException}.
 *
 * <p>One sample is one row, as everywhere in this library: features are {@code n × in}, targets
 * {@code n × k}.
 */
package io.github.backprop4j.data;
