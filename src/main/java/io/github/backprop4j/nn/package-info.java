/**
 * Networks and their parts: {@link io.github.backprop4j.nn.Network} of dense
 * {@link io.github.backprop4j.nn.Layer}s, {@link io.github.backprop4j.nn.Activation}s,
 * {@link io.github.backprop4j.nn.Loss}es, {@link io.github.backprop4j.nn.Initializer}s, and
 * {@link io.github.backprop4j.nn.GradientCheck}.
 */
package io.github.backprop4j.nn;
