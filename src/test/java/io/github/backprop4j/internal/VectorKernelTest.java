package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.backprop4j.matrix.ProductKernel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernel against the reference, bit for bit. It runs only where the JVM has
 * {@code jdk.incubator.vector} (the build's second test run adds it and sets
 * {@code backprop4j.expectVectorKernel}, so that a kernel that fails to load fails the build there).
 */
class VectorKernelTest {

    private static final boolean EXPECTED = Boolean.getBoolean("backprop4j.expectVectorKernel");

    @Test
    void theVectorKernelIsActiveExactlyWhenTheModuleIsThere() {
        boolean moduleThere = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (EXPECTED) {
            assertThat(moduleThere).as("the test JVM has jdk.incubator.vector").isTrue();
        }
        assertThat(ProductKernel.isVectorApi()).isEqualTo(moduleThere);
        assertThat(ProductKernel.name()).startsWith(moduleThere ? "vector (jdk.incubator.vector" : "scalar");
        // the build's third test run limits the JVM to 256-bit vectors, as on an AVX2 machine
        String bits = System.getProperty("backprop4j.expectVectorBits");
        if (bits != null) {
            assertThat(ProductKernel.name()).contains(bits + "-bit, 4×8 block");
        }
    }

    static Stream<Arguments> cases() {
        return KernelsTest.cases();
    }

    /** The Vector API kernel; skips the test where the JVM has no module, fails where it should have loaded. */
    private static GemmKernel vectorKernel() {
        GemmKernel vector = KernelProvider.vectorOrNull();
        assumeTrue(vector != null || EXPECTED, "no jdk.incubator.vector in this JVM");
        assertThat(vector).isNotNull();
        return vector;
    }

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("cases")
    void splittingTheOutputAnywhereGivesTheSameBits(String name, int form, int m, int k, int n) {
        KernelsTest.assertPiecesGiveTheSameBits(vectorKernel(), form, m, k, n);
    }

    static Stream<Arguments> fewRowCases() {
        return KernelsTest.fewRowCases();
    }

    /** 1 to 3 rows (alone or after blocks of 4) read B in place, in all three forms. */
    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("fewRowCases")
    void fewRowsMatchTheReferenceAndLeaveTheRestAlone(String name, int form, int m, int k, int n) {
        KernelsTest.assertRectanglesMatchTheReference(vectorKernel(), form, m, k, n);
    }

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("cases")
    void aScaledProductIsTheProductThenOneMultiplicationBitForBit(String name, int form, int m, int k, int n) {
        KernelsTest.assertScaledProductsMatch(vectorKernel(), name, form, m, k, n);
    }

    @ParameterizedTest(name = "{0} {2}×{3}·{3}×{4}")
    @MethodSource("cases")
    void vectorKernelMatchesTheReferenceBitForBitOnAnyThreadCount(String name, int form, int m, int k, int n) {
        GemmKernel vector = vectorKernel();
        double[][] ab = KernelsTest.operands(form, m, k, n, 31L * m + 7L * k + n);
        double[] expected = ReferenceProducts.product(form, ab[0], ab[1], m, k, n);
        for (int threads : new int[] {1, 2, 3, 5}) {
            double[] c = KernelsTest.garbage(m * n);
            Kernels.multiply(vector, form, ab[0], ab[1], c, m, k, n, threads);
            assertThat(c).as("%s %d×%d·%d×%d on %d threads", name, m, k, k, n, threads).isEqualTo(expected);
        }
    }
}
