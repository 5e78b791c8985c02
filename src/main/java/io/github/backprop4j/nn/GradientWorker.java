package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Computes the gradient sums of batches for a network on buffers of its own that share the network's weights,
 * allocating nothing per call once it has seen a batch size: the worker of data-parallel training.
 *
 * <p>For a batch X, y of n rows it runs the forward pass and the three equations of {@link Network#backward},
 * but leaves each layer's sums instead of its means:
 * <pre>
 *   S(W) = Inputᵀ·E,  S(B) = Σᵢ Eᵢ          (C′(W) and C′(B) without their 1/n)
 * </pre>
 * in a {@link GradientSum}, with the divisor n and the batch's cost. Sums add up: the shards 1 … K of a batch,
 * added in shard order and divided once,
 * <pre>
 *   C′ = (S₁ + S₂ + … + S_K) · 1/(n₁ + n₂ + … + n_K)
 * </pre>
 * give the gradient of all their rows (to rounding), and one shard gives bit for bit what
 * {@link Network#backward} leaves for the batch: the same product, then the same multiplication by 1/n.
 *
 * <pre>{@code GradientWorker worker = new GradientWorker(network);  // one per thread
 * GradientSum shard = new GradientSum(network);                      // reused
 * worker.sumInto(x, y, dropoutRandom, shard);                        // allocates nothing
 * GradientSum total = new GradientSum(network);
 * total.add(shard);                                                  // …each shard's sum, in shard order
 * optimizer.step(network, total.meanInto(gradient));                 // C′ = S · (1/d)}</pre>
 *
 * <p>Thread safety: a worker is used by one thread at a time. Any number of workers may share a network while
 * nothing changes its weights. Its products use up to the network's {@link Network#threads()} threads, with the
 * same bits for any count.
 */
public final class GradientWorker {

    private final Network network;
    /** The worker's own layers, sharing the network's W and B: its buffers and its (summed) gradients. */
    private final Network twin;
    private final MaskSource masks = new MaskSource();
    private final boolean dropout;

    /**
     * A worker for {@code network}: it reads the network's weights at each call, and never changes them.
     *
     * @param network the network whose gradients to compute; not modified
     */
    public GradientWorker(Network network) {
        this.network = Objects.requireNonNull(network, "network");
        List<Layer> layers = new ArrayList<>(network.layers().size());
        boolean anyDropout = false;
        for (Layer layer : network.layers()) {
            layers.add(layer.sharingWeights(masks));
            anyDropout |= layer.dropout() > 0.0;
        }
        this.twin = new Network(layers, network.loss());
        this.twin.gradientSums = true;
        this.dropout = anyDropout;
    }

    /**
     * The gradient sums of a batch, in a new {@link GradientSum}; see {@link #sumInto}.
     *
     * @param x             the inputs X, {@code n × in}; not modified
     * @param y             the targets, as {@link Network#backward} takes them; not modified
     * @param dropoutRandom the source of this batch's dropout masks, or {@code null} if no layer has dropout
     * @return a new sum: S, divisor n, the batch's cost
     * @throws IllegalArgumentException if a layer has dropout and {@code dropoutRandom} is {@code null}, or
     *                                  {@code x} has no rows
     * @throws ShapeException           if {@code x} or {@code y} does not fit the network
     */
    public GradientSum sum(Matrix x, Matrix y, RandomGenerator dropoutRandom) {
        return sumInto(x, y, dropoutRandom, new GradientSum(network));
    }

    /**
     * Writes the gradient sums of a batch into {@code out}: S(W) = Inputᵀ·E and S(B) = Σᵢ Eᵢ of every layer,
     * flat in the order of {@link Network#flatParameters()}, the divisor n (the batch's rows) and the batch's
     * cost C (its mean over the rows, as {@link Network#backward} returns it). Allocates nothing once the worker
     * has seen the batch size (it keeps buffers for two sizes, as a layer does).
     *
     * @param x             the inputs X, {@code n × in}, n ≥ 1; not modified
     * @param y             the targets, as {@link Network#backward} takes them; not modified
     * @param dropoutRandom the source of this batch's dropout masks, drawn as a layer draws them, or
     *                      {@code null} if no layer has dropout; used only during this call
     * @param out           the destination, of the network's {@link Network#parameterCount()}; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException if a layer has dropout and {@code dropoutRandom} is {@code null},
     *                                  {@code x} has no rows, or {@code out} has the wrong size
     * @throws ShapeException           if {@code x} or {@code y} does not fit the network
     */
    public GradientSum sumInto(Matrix x, Matrix y, RandomGenerator dropoutRandom, GradientSum out) {
        Objects.requireNonNull(out, "out");
        if (dropout && dropoutRandom == null) {
            throw new IllegalArgumentException("sumInto: a layer has dropout, whose masks need a random generator;"
                    + " pass one");
        }
        out.requireSize("sumInto", twin.parameterCount());
        masks.random = dropoutRandom;
        try {
            if (twin.threads() != network.threads()) {
                twin.setThreads(network.threads());
            }
            twin.forward(x);
            double cost = twin.backward(y);
            twin.flatGradientInto(out.sums());
            out.set(x.rows(), cost);
        } finally {
            masks.random = null;
        }
        return out;
    }

    /**
     * ŷ of the last batch, {@code n × out}: the worker's buffer, overwritten by the next call (for counting
     * correct predictions, as a trainer does).
     *
     * @return ŷ
     * @throws IllegalStateException if the worker has not computed a batch yet
     */
    public Matrix output() {
        return twin.outputLayer().activations();
    }

    /**
     * The generator the worker's dropout layers draw their masks from: the caller's of the current call. Only
     * {@code nextDouble} (what a mask draws) and {@code nextLong} pass through, so the masks are bitwise those
     * the caller's generator would give a layer.
     */
    private static final class MaskSource implements RandomGenerator {
        RandomGenerator random;

        @Override
        public long nextLong() {
            return random.nextLong();
        }

        @Override
        public double nextDouble() {
            return random.nextDouble();
        }
    }
}
