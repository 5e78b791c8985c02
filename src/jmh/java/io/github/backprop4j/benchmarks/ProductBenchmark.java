package io.github.backprop4j.benchmarks;

import io.github.backprop4j.matrix.Matrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three product forms at the protocol network's shapes (batch 64, as {@code gemm.py} names them) and
 * at 1024³, through the public {@code Matrix} API. One operation is one product (for {@code step}, all
 * eight products of one batch-64 training step); GFLOP/s = ops/s × {@link #flops} / 10⁹, which
 * {@code src/jmh/report.py} prints.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ProductBenchmark {

    /**
     * The product: {@code form m k n}. AB is C = A·B (A m×k, B k×n), AtB is C = Aᵀ·B (A k×m), ABt is
     * C = A·Bᵀ (B n×k). {@code step} is the eight products of one batch-64 step, {@code step256} of one
     * batch-256 step (not in the default list; run it with {@code -p product=step256}), {@code stepwide}
     * the five products of a batch-64 step that have no 10-column side (likewise).
     */
    @Param({"fwd1 AB 64 784 256", "fwd2 AB 64 256 128", "fwd3 AB 64 128 10", "dW1 AtB 784 64 256",
            "dW2 AtB 256 64 128", "dX2 ABt 64 128 256", "sq AB 1024 1024 1024", "sq AtB 1024 1024 1024",
            "sq ABt 1024 1024 1024", "step"})
    public String product;

    /** The most threads a product may use. */
    @Param({"1", "2"})
    public int threads;

    private String[] forms;
    private Matrix[] left;
    private Matrix[] right;
    private Matrix[] out;

    /** The flops of one operation, 2·m·k·n summed over its products. */
    public static double flops(String product) {
        double f = 0;
        for (String p : expand(product)) {
            String[] s = p.split(" ");
            f += 2.0 * Integer.parseInt(s[2]) * Integer.parseInt(s[3]) * Integer.parseInt(s[4]);
        }
        return f;
    }

    private static String[] expand(String product) {
        if (product.equals("step256")) {
            // the same at batch 256
            return new String[] {"f AB 256 784 256", "f AB 256 256 128", "f AB 256 128 10", "w AtB 784 256 256",
                "w AtB 256 256 128", "w AtB 128 256 10", "e ABt 256 10 128", "e ABt 256 128 256"};
        }
        if (product.equals("stepwide")) {
            // the batch-64 step without the output layer's narrow products
            return new String[] {"f AB 64 784 256", "f AB 64 256 128", "w AtB 784 64 256",
                "w AtB 256 64 128", "e ABt 64 128 256"};
        }
        if (!product.equals("step")) {
            return new String[] {product.replace('_', ' ')}; // "fwd1_AB_256_784_256" on a command line
        }
        // the 8 products of one batch-64 step of 784-256-128-10, as gemm.py's MLP_STEP
        return new String[] {"f AB 64 784 256", "f AB 64 256 128", "f AB 64 128 10", "w AtB 784 64 256",
            "w AtB 256 64 128", "w AtB 128 64 10", "e ABt 64 10 128", "e ABt 64 128 256"};
    }

    /** Seeded random operands of the right shapes. */
    @Setup
    public void setUp() {
        String[] ps = expand(product);
        SplittableRandom r = new SplittableRandom(42);
        forms = new String[ps.length];
        left = new Matrix[ps.length];
        right = new Matrix[ps.length];
        out = new Matrix[ps.length];
        for (int i = 0; i < ps.length; i++) {
            String[] s = ps[i].split(" ");
            int m = Integer.parseInt(s[2]);
            int k = Integer.parseInt(s[3]);
            int n = Integer.parseInt(s[4]);
            forms[i] = s[1];
            switch (s[1]) {
                case "AB" -> {
                    left[i] = random(m, k, r);
                    right[i] = random(k, n, r);
                }
                case "AtB" -> {
                    left[i] = random(k, m, r);
                    right[i] = random(k, n, r);
                }
                case "ABt" -> {
                    left[i] = random(m, k, r);
                    right[i] = random(n, k, r);
                }
                default -> throw new IllegalArgumentException(ps[i]);
            }
            out[i] = Matrix.zeros(m, n);
        }
    }

    static Matrix random(int rows, int cols, SplittableRandom r) {
        Matrix m = Matrix.zeros(rows, cols);
        double[] d = m.backingArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return m;
    }

    /**
     * One product (or the eight of a step).
     *
     * @return the last output, so that the work is not eliminated
     */
    @Benchmark
    public Matrix multiply() {
        Matrix c = null;
        for (int i = 0; i < forms.length; i++) {
            c = switch (forms[i]) {
                case "AB" -> left[i].timesInto(right[i], out[i], threads);
                case "AtB" -> left[i].transposeTimesInto(right[i], out[i], threads);
                default -> left[i].timesTransposeInto(right[i], out[i], threads);
            };
        }
        return c;
    }
}
