package io.github.backprop4j.optim;

import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * Gradient-norm clipping: scales all gradients of a step down together when their global L2 norm is
 * larger than a maximum, as PyTorch's {@code torch.nn.utils.clip_grad_norm_}. Call it between
 * {@code backward} and the optimizer's {@code step}:
 * <pre>{@code net.backward(y);
 * double norm = GradientClipping.clipGlobalNorm(net.parameters(), 1.0);  // e.g. for a listener
 * optimizer.step(net);}</pre>
 * Nothing is allocated.
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * The global L2 norm of all gradients, as one long vector:
     * <pre>
     *   ‖g‖ = √(Σ over every parameter P and element k of C′(P)ₖ²)
     * </pre>
     * (PyTorch takes the norm of the per-parameter norms; the value is the same up to rounding.) Correct also
     * where the squares would overflow.
     *
     * @param parameters the parameters whose gradients are measured; not modified
     * @return ‖g‖ ≥ 0; 0 for no parameters
     * @throws IllegalArgumentException if a gradient holds NaN or ±∞, naming the parameter, row and column
     */
    public static double globalNorm(List<Parameter> parameters) {
        double sumOfSquares = 0.0;
        for (int i = 0; i < parameters.size(); i++) {
            double[] g = parameters.get(i).gradient().backingArray();
            for (double gk : g) {
                sumOfSquares += gk * gk;
            }
        }
        if (Double.isFinite(sumOfSquares)) {
            return Math.sqrt(sumOfSquares);
        }
        return rescaledNorm(parameters);
    }

    /** The rare path: a non-finite gradient (refused), or squares that overflow (rescaled by the largest). */
    private static double rescaledNorm(List<Parameter> parameters) {
        double largest = 0.0;
        for (int i = 0; i < parameters.size(); i++) {
            Matrix gradient = parameters.get(i).gradient();
            Finite.require("gradient norm", "the gradient of " + parameters.get(i).name(), gradient.backingArray(),
                    gradient.cols());
            for (double gk : gradient.backingArray()) {
                largest = Math.max(largest, Math.abs(gk));
            }
        }
        double sumOfSquares = 0.0;
        for (int i = 0; i < parameters.size(); i++) {
            for (double gk : parameters.get(i).gradient().backingArray()) {
                double scaled = gk / largest;
                sumOfSquares += scaled * scaled;
            }
        }
        return largest * Math.sqrt(sumOfSquares);
    }

    /**
     * Clips the gradients to a global L2 norm of at most {@code maxNorm}:
     * <pre>
     *   if ‖g‖ &gt; maxNorm:  C′(P) ← C′(P) · maxNorm/‖g‖   for every parameter P
     * </pre>
     * which keeps the direction of the whole gradient and makes its norm maxNorm (to rounding). PyTorch
     * divides by ‖g‖ + 1e-6 instead, leaving the norm a hair below maxNorm. Gradients with ‖g‖ ≤ maxNorm are
     * left exactly as they are.
     *
     * @param parameters the parameters; their gradients are modified when clipped, their values are not
     * @param maxNorm    the largest norm allowed, finite and &gt; 0
     * @return ‖g‖ before clipping (see {@link #globalNorm})
     * @throws IllegalArgumentException if {@code maxNorm} is not finite or not positive, or a gradient holds NaN
     *                                  or ±∞ (then no gradient is modified)
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        Checks.positive("maxNorm", maxNorm);
        double norm = globalNorm(parameters);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int i = 0; i < parameters.size(); i++) {
                // C′(P) ← C′(P) · maxNorm/‖g‖
                parameters.get(i).gradient().scaleInPlace(scale);
            }
        }
        return norm;
    }
}
