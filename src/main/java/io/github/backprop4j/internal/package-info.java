/**
 * Internal: the matrix-product kernels (scalar and the optional Vector API one), the worker threads that
 * split them, their scratch buffers, and {@code AtomicFiles}, the one place that writes files atomically.
 *
 * <p>Not part of the API: {@code module-info} does not export this package. The kernels do not check
 * their arguments; their callers in {@code Matrix} check shapes before they get here.
 */
package io.github.backprop4j.internal;
