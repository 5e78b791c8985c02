package io.github.backprop4j.internal;

/**
 * Work cut into numbered parts that may run in any order, on any thread, at the same time: each part writes
 * only elements no other part touches, so the result does not depend on how the parts are shared out
 * ({@link Kernels#runParts}).
 */
@FunctionalInterface
public interface Parts {

    /**
     * Does part {@code part}.
     *
     * @param part the part's number, from 0
     */
    void run(int part);
}
