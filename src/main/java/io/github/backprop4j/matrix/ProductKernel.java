package io.github.backprop4j.matrix;

import io.github.backprop4j.internal.Kernels;

/**
 * Which kernel computes the matrix products, chosen once when the first product runs.
 *
 * <ul>
 *   <li>{@code "scalar"}: plain Java that the JIT compiler vectorizes; always available.</li>
 *   <li>{@code "vector (…)"}: a kernel on the incubating Vector API, used when the JVM runs with
 *       {@code --add-modules jdk.incubator.vector} (on HotSpot, on a machine with at least 256-bit vectors: AVX2 or AVX-512). The JVM
 *       then prints one warning at start-up, "Using incubator modules"; the library prints nothing.</li>
 * </ul>
 * Both give bitwise identical results: every element of a product is the same chain of fused
 * multiply-adds in the same order. The system property {@code -Dbackprop4j.kernel=scalar} keeps the
 * scalar kernel even when the module is present.
 *
 * <pre>{@code System.out.println("products: " + ProductKernel.name());}</pre>
 */
public final class ProductKernel {

    private ProductKernel() {
    }

    /**
     * The active kernel, e.g. {@code "scalar"} or
     * {@code "vector (jdk.incubator.vector, 512-bit, 8×16 block)"}.
     *
     * @return a short description of the kernel in use
     */
    public static String name() {
        return Kernels.kernelName();
    }

    /**
     * Whether the products run on the Vector API kernel.
     *
     * @return {@code true} if the JVM has {@code jdk.incubator.vector} and the kernel is in use
     */
    public static boolean isVectorApi() {
        return Kernels.isVectorApi();
    }
}
