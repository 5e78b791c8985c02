package io.github.backprop4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Chooses the product kernel once, when the kernels are first used, the way Apache Lucene chooses its
 * {@code VectorizationProvider}: the Vector API kernel if the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (and runs HotSpot's C2), else the scalar kernel.
 *
 * <p>The Vector API kernel ({@code VectorGemm}) is compiled separately from the rest of the library
 * (javac warns about every use of an incubating module) and loaded by name, so that nothing here
 * refers to {@code jdk.incubator.vector} and the library loads without it. Nothing is printed either
 * way; {@code io.github.backprop4j.matrix.ProductKernel} reports the choice.
 *
 * <p>The system property {@code backprop4j.kernel=scalar} keeps the scalar kernel even when the module
 * is present (for comparisons).
 */
final class KernelProvider {

    /** The property that can force the scalar kernel. */
    static final String PROPERTY = "backprop4j.kernel";

    private static final String VECTOR_CLASS = "io.github.backprop4j.internal.VectorGemm";

    /** The chosen kernel (the holder idiom: chosen on first use, without locks). */
    private static final class Holder {
        static final GemmKernel KERNEL = choose();
    }

    private KernelProvider() {
    }

    /** The kernel the products use. */
    static GemmKernel kernel() {
        return Holder.KERNEL;
    }

    /** The scalar kernel, always available. */
    static GemmKernel scalar() {
        return Scalar.INSTANCE;
    }

    private static final class Scalar {
        static final GemmKernel INSTANCE = new ScalarGemm();
    }

    private static GemmKernel choose() {
        if ("scalar".equals(property())) {
            return scalar();
        }
        GemmKernel vector = vectorOrNull();
        return vector != null ? vector : scalar();
    }

    private static String property() {
        try {
            return System.getProperty(PROPERTY);
        } catch (SecurityException e) {
            return null;
        }
    }

    /**
     * A new Vector API kernel, or {@code null} if the module is not in the JVM, the JVM is not HotSpot, or
     * the kernel could not be loaded.
     */
    static GemmKernel vectorOrNull() {
        Optional<Module> vectorModule = Optional.ofNullable(KernelProvider.class.getModule().getLayer())
                .orElse(ModuleLayer.boot())
                .findModule("jdk.incubator.vector");
        if (vectorModule.isEmpty() || !isHotSpot()) {
            return null;
        }
        // A named module must be told that it reads the incubator module it did not declare.
        KernelProvider.class.getModule().addReads(vectorModule.get());
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> type = lookup.findClass(VECTOR_CLASS);
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class));
            return (GemmKernel) constructor.invoke();
        } catch (UnsupportedOperationException e) {
            return null; // the kernel refused this machine (e.g. no 256-bit vectors)
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // not in this jar, or the incubator API changed: the scalar kernel is correct
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Whether the JVM is HotSpot, whose C2 compiles the Vector API into vector instructions. */
    private static boolean isHotSpot() {
        String vm = System.getProperty("java.vm.name", "");
        return vm.contains("HotSpot") || vm.contains("OpenJDK");
    }
}
