/**
 * Internal: the matrix-product kernels (scalar and the optional Vector API one), the worker threads that
 * split them, their scratch buffers, {@code AtomicFiles}, the one place that writes files atomically,
 * {@code Messages}, the one place that escapes user data echoed in exception messages, and {@code SampleWeights},
 * the one check of per-sample weights and their sum Σw.
 *
 * <p>Not part of the API: {@code module-info} does not export this package. The kernels do not check
 * their arguments; their callers in {@code Matrix} check shapes before they get here.
 */
package io.github.backprop4j.internal;
