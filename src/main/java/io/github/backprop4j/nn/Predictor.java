package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.List;

/**
 * Inference that allocates nothing: ŷ for a batch, written into a matrix of the caller's, with the hidden
 * layers' activations kept in buffers that this object reuses. It keeps buffers for two batch sizes, so
 * that full batches and a shorter last one alternate without allocating; a third size replaces the one
 * used least recently. The numbers are bitwise those of {@link Network#predict}.
 *
 * <p>Thread safety: a predictor is for one thread at a time. Any number of predictors may run at once on
 * one network, since they only read its weights, as long as no one trains it meanwhile.
 *
 * <pre>{@code
 * Predictor predictor = network.predictor();                  // one per thread
 * Matrix scores = Matrix.zeros(batchSize, network.outputSize());
 * for (Matrix x : batches) {
 *     predictor.predictInto(x, scores);                       // ŷ, n × out
 *     int[] classes = scores.rowArgMax();
 * }
 * }</pre>
 */
public final class Predictor {

    private static final Matrix[] NO_HIDDEN_LAYERS = new Matrix[0];

    private final List<Layer> layers;
    /** A of every layer but the last, for the batch size of the last call; null before the first. */
    private Matrix[] current;
    /** The same for the batch size before that, or null. */
    private Matrix[] previous;

    Predictor(Network network) {
        this.layers = network.layers();
    }

    /**
     * ŷ for {@code x} in inference mode (no dropout), written into {@code out}:
     * A = R(A_prev·W + B) through every layer, from A_prev = X.
     *
     * @param x   the input, {@code n × in}; not modified
     * @param out ŷ, {@code n × out}; overwritten. Must not be {@code x}, nor a weight or bias matrix of the
     *            network.
     * @return {@code out}
     * @throws ShapeException           if {@code x} does not have {@code in} columns or {@code out} is not
     *                                  {@code n × out}
     * @throws IllegalArgumentException if {@code out} is {@code x} or one of the network's parameters
     */
    public Matrix predictInto(Matrix x, Matrix out) {
        Layer first = layers.get(0);
        Layer last = layers.get(layers.size() - 1);
        if (x.cols() != first.inputSize()) {
            throw ShapeException.of("predictInto: input is %s, expected %d columns", x.shape(), first.inputSize());
        }
        if (out.rows() != x.rows() || out.cols() != last.outputSize()) {
            throw ShapeException.of("predictInto: output is %s, expected %d×%d (batch × outputs)", out.shape(),
                    x.rows(), last.outputSize());
        }
        if (out == x) {
            throw new IllegalArgumentException("predictInto: the output must not be the input");
        }
        for (int l = 0; l < layers.size(); l++) {
            if (out == layers.get(l).weights() || out == layers.get(l).biases()) {
                throw new IllegalArgumentException("predictInto: the output must not be a parameter of layer " + l);
            }
        }
        Matrix[] a = buffersFor(x.rows());
        Matrix input = x;
        for (int l = 0; l < a.length; l++) {
            // A = R(Input·W + B)   (n × units of layer l)
            input = layers.get(l).predictInto(input, a[l]);
        }
        return last.predictInto(input, out);
    }

    private Matrix[] buffersFor(int n) {
        if (layers.size() == 1) {
            return NO_HIDDEN_LAYERS;
        }
        if (current == null || current[0].rows() != n) {
            Matrix[] swap = previous;
            previous = current;
            current = swap != null && swap[0].rows() == n ? swap : newBuffers(n);
        }
        return current;
    }

    private Matrix[] newBuffers(int n) {
        Matrix[] buffers = new Matrix[layers.size() - 1];
        for (int l = 0; l < buffers.length; l++) {
            buffers[l] = Matrix.zeros(n, layers.get(l).outputSize());
        }
        return buffers;
    }
}
