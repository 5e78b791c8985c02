/**
 * Internal: the hot loops (matrix products and element-wise passes) that the public classes call.
 *
 * <p>Not part of the API: {@code module-info} does not export this package, and nothing here is
 * checked for bad arguments; callers check shapes before they get here.
 */
package io.github.backprop4j.internal;
