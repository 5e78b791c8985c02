/**
 * Optimizers: how the gradients of a backward pass become an update of the weights.
 */
package io.github.backprop4j.optim;
