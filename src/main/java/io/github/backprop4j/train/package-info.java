/**
 * Training: the mini-batch {@link io.github.backprop4j.train.Trainer}, the
 * {@link io.github.backprop4j.train.TrainingListener} interface with its event records, and the
 * built-in listeners {@link io.github.backprop4j.train.History},
 * {@link io.github.backprop4j.train.EarlyStopping} and {@link io.github.backprop4j.train.ProgressBar}, and
 * {@link io.github.backprop4j.train.ReduceLROnPlateau}, the trainer's rule for lowering the learning rate when
 * progress stalls.
 */
package io.github.backprop4j.train;
