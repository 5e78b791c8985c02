package io.github.backprop4j.nn;

import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * A dense (fully connected) layer: weights W ({@code in × out}), bias B ({@code 1 × out}) and an
 * activation R.
 *
 * <p>For a batch of n inputs (one per row, {@code n × in}):
 * <pre>
 *   forward:   Z = Input·W + B                      (n × out)
 *              A = R(Z)                             (n × out)
 *   backward:  C′(W) = (1/n) · Inputᵀ · E           (in × out)
 *              C′(B) = (1/n) · Σᵢ Eᵢ (column sums)   (1 × out)
 *   and, for the layer before:
 *              E_prev = (E · Wᵀ) ⊙ R′_prev(Z_prev)   (n × in)
 * </pre>
 * where E is this layer's error ({@code n × out}) and Input is the previous layer's activation (X for the
 * first layer). The seed's two-layer network is {@code Zh = X·Wh + Bh, H = R(Zh)} then
 * {@code Zo = H·Wo + Bo, O = R(Zo)}: its hidden layer is one {@code Layer}, its output another.
 *
 * <p>With a dropout rate p &gt; 0, {@link #forward} (the training pass) multiplies A by a fresh random
 * mask M whose elements are 0 with probability p and 1/(1 − p) otherwise ("inverted" dropout), and the
 * error is multiplied by the same mask on the way back. {@link #predict} (inference) never drops.
 * Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting", JMLR 2014.
 *
 * <p>The layer keeps Z, A and E of the last batch in buffers that are reused while the batch size
 * stays the same, so a training step allocates nothing. The two most recent batch sizes are kept,
 * so the shorter last batch of an epoch does not reallocate either.
 *
 * <p>Thread safety: {@link #predict} only reads the weights and may be called from many threads at once.
 * {@link #forward}, {@link #backward} and {@link #errorFrom} use the layer's buffers: one caller at a
 * time.
 *
 * <p>See docs/math.md: <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#forward-propagation">
 * forward propagation</a> and <a
 * href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#backpropagation-the-three-equations">the
 * three equations</a> of backpropagation, each with the seed network's numbers and the line that computes it.
 */
public final class Layer {

    private final Matrix weights;
    private final Matrix biases;
    private final Activation activation;
    private final double dropout;
    /** The next element of a dropout mask M: 1/(1−p) with probability 1−p, else 0; null without dropout. */
    private final DoubleSupplier maskValue;
    private final Matrix weightGradient;
    private final Matrix biasGradient;

    private String label;
    private boolean owned;
    private int threads = 1; // how many threads its products may use; set by the network
    private Matrix input;
    /** E given to the last {@link #backward} since the last forward pass; null until then. */
    private Matrix lastError;
    private Buffers current;
    private Buffers previous;

    /** Z, R(Z), A, E and the dropout mask for one batch size n. Without dropout, A is R(Z) itself. */
    private static final class Buffers {
        final Matrix z;
        final Matrix activated;
        final Matrix a;
        final Matrix error;
        final Matrix mask;

        Buffers(int n, int out, boolean dropout) {
            z = Matrix.zeros(n, out);
            activated = Matrix.zeros(n, out);
            a = dropout ? Matrix.zeros(n, out) : activated;
            error = Matrix.zeros(n, out);
            mask = dropout ? Matrix.zeros(n, out) : null;
        }
    }

    /**
     * A layer with the given weights and bias, copied, and no dropout. This is how a network with known
     * weights, such as the seed's example, is built exactly.
     *
     * @param weights    W, {@code in × out}, finite; copied, not modified
     * @param biases     B, {@code 1 × out}, finite; copied, not modified
     * @param activation R
     * @throws ShapeException           if B is not {@code 1 × out}
     * @throws IllegalArgumentException if a weight or bias is not finite, or {@code in} or {@code out} is 0
     */
    public Layer(Matrix weights, Matrix biases, Activation activation) {
        this(weights, biases, activation, 0.0, null);
    }

    /**
     * A layer with the given weights and bias, copied, and a dropout rate.
     *
     * @param weights       W, {@code in × out}, finite; copied, not modified
     * @param biases        B, {@code 1 × out}, finite; copied, not modified
     * @param activation    R
     * @param dropout       the dropout rate p in [0, 1); 0 for none
     * @param dropoutRandom the source of the dropout masks (kept); may be {@code null} when p is 0
     * @throws ShapeException           if B is not {@code 1 × out}
     * @throws IllegalArgumentException if a weight or bias is not finite, {@code in} or {@code out} is 0,
     *                                  p is out of range, or p &gt; 0 without a generator
     */
    public Layer(Matrix weights, Matrix biases, Activation activation, double dropout,
                 RandomGenerator dropoutRandom) {
        this(activation, finite("weights", weights).copy(), finite("biases", biases).copy(), dropout, dropoutRandom);
    }

    /** Keeps the given matrices themselves (no copy; the callers check that they are finite). */
    private Layer(Activation activation, Matrix weights, Matrix biases, double dropout, RandomGenerator random) {
        this.activation = Objects.requireNonNull(activation, "activation");
        if (weights.rows() == 0 || weights.cols() == 0) {
            throw new IllegalArgumentException("a layer needs at least one input and one output, got weights "
                    + weights.shape());
        }
        if (!biases.hasShape(1, weights.cols())) {
            throw ShapeException.of("layer: biases are %s, expected 1×%d to match weights %s", biases.shape(),
                    weights.cols(), weights.shape());
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + dropout);
        }
        if (dropout > 0.0 && random == null) {
            throw new IllegalArgumentException("a layer with dropout needs a random generator for its masks");
        }
        this.weights = weights;
        this.biases = biases;
        this.dropout = dropout;
        double keep = 1.0 - dropout;
        double scale = 1.0 / keep;
        this.maskValue = dropout > 0.0 ? () -> random.nextDouble() < keep ? scale : 0.0 : null;
        this.weightGradient = Matrix.zeros(weights.rows(), weights.cols());
        this.biasGradient = Matrix.zeros(1, weights.cols());
        this.label = describe("layer");
    }

    /**
     * A new dense layer with weights drawn by {@code initializer} from {@code random}, zero biases, and
     * an optional dropout rate.
     *
     * @param in          inputs, ≥ 1
     * @param out         units, ≥ 1
     * @param activation  R
     * @param initializer how W is drawn
     * @param dropout     the dropout rate p in [0, 1); 0 for none
     * @param random      the source of the initial weights, and of the dropout masks if p &gt; 0 (kept)
     * @return the layer
     * @throws IllegalArgumentException if {@code in} or {@code out} is not positive or p is out of range
     */
    public static Layer dense(int in, int out, Activation activation, Initializer initializer, double dropout,
                              RandomGenerator random) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("a layer needs at least one input and one output, got "
                    + in + " → " + out);
        }
        Matrix w = Matrix.zeros(in, out);
        initializer.initialize(w, random);
        return new Layer(activation, finite("weights", w), Matrix.zeros(1, out), dropout, random);
    }

    private static Matrix finite(String what, Matrix m) {
        Finite.require("layer", what, m.backingArray(), m.cols());
        return m;
    }

    /** Called by the network that owns this layer: the most threads a product of this layer may use. */
    void setThreads(int threads) {
        this.threads = threads;
    }

    /** Called once by the network that takes this layer: from now on it is that network's layer {@code index}. */
    void claim(int index) {
        this.owned = true;
        this.label = labelAt(index);
    }

    /** Whether a network has taken this layer. */
    boolean isOwned() {
        return owned;
    }

    /** How messages name this layer as layer {@code index} of a network. */
    String labelAt(int index) {
        return describe("layer " + index);
    }

    private String describe(String name) {
        return String.format(Locale.ROOT, "%s (%d → %d, %s)", name, inputSize(), outputSize(), activation);
    }

    // ---------------------------------------------------------------- forward

    /**
     * The training pass: Z = Input·W + B, A = R(Z) (with dropout, A ⊙ M). Keeps Input (by reference,
     * not copied: do not change it before {@link #backward}), Z and A for the backward pass.
     *
     * @param input the previous layer's activations (X for the first layer), {@code n × in}; not modified
     * @return A, {@code n × out}: the layer's own buffer, overwritten by the next forward pass of the same
     *         batch size; copy it to keep it
     * @throws ShapeException if {@code input} does not have {@code in} columns
     */
    public Matrix forward(Matrix input) {
        requireInputWidth("forward", input);
        Buffers b = buffersFor(input.rows());
        // Z = Input·W + B        (n×out)
        input.timesInto(weights, b.z, threads).plusRowInPlace(biases);
        // A = R(Z)               (n×out)
        activation.applyInto(b.z, b.activated);
        if (b.mask != null) {
            // A = R(Z) ⊙ M, M ∈ {0, 1/(1−p)}
            b.mask.fill(maskValue);
            b.a.setTo(b.activated).hadamardInPlace(b.mask);
        }
        this.input = input;
        this.lastError = null; // E belongs to a backward pass of this batch
        return b.a;
    }

    /**
     * Inference: A = R(Input·W + B) as a new matrix, without dropout and without touching the layer's
     * buffers. Safe to call from many threads at once while no one trains the layer.
     *
     * @param input {@code n × in}, not modified
     * @return a new {@code n × out} matrix
     * @throws ShapeException if {@code input} does not have {@code in} columns
     */
    public Matrix predict(Matrix input) {
        return predictInto(input, Matrix.zeros(input.rows(), outputSize()));
    }

    /**
     * Inference into a caller's matrix: A = R(Input·W + B), without dropout, without touching the layer's
     * buffers and without allocating. Thread-safe like {@link #predict}.
     *
     * @param input {@code n × in}, not modified
     * @param out   the result, {@code n × out}; overwritten. Must not be {@code input}, nor this layer's
     *              weights or biases.
     * @return {@code out}
     * @throws ShapeException           if {@code input} does not have {@code in} columns or {@code out} is not
     *                                  {@code n × out}
     * @throws IllegalArgumentException if {@code out} is {@code input}, the weights or the biases
     */
    public Matrix predictInto(Matrix input, Matrix out) {
        requireInputWidth("predict", input);
        if (out == weights || out == biases) {
            throw new IllegalArgumentException(label + " predictInto: the output must not be the layer's "
                    + (out == weights ? "weights" : "biases"));
        }
        // Z = Input·W + B        (n×out)
        input.timesInto(weights, out, threads).plusRowInPlace(biases);
        // A = R(Z), over Z       (n×out)
        activation.applyInto(out, out);
        return out;
    }

    /**
     * Inference: Z = Input·W + B as a new matrix, without touching the layer's buffers. Thread-safe like
     * {@link #predict}.
     *
     * @param input {@code n × in}, not modified
     * @return a new {@code n × out} matrix
     * @throws ShapeException if {@code input} does not have {@code in} columns
     */
    public Matrix computeWeightedInput(Matrix input) {
        requireInputWidth("predict", input);
        // Z = Input·W + B
        return input.timesInto(weights, Matrix.zeros(input.rows(), outputSize()), threads).plusRowInPlace(biases);
    }

    /**
     * A layer that shares this layer's weights and biases (not copies) but has buffers and gradients of
     * its own, so that gradients can be computed on several threads at once.
     */
    Layer sharingWeights(RandomGenerator random) {
        Layer twin = new Layer(activation, weights, biases, dropout, random);
        twin.label = label;
        twin.threads = threads;
        return twin;
    }

    // ---------------------------------------------------------------- backward

    /**
     * This layer's gradients from its error E (for the output layer, Eo; for a hidden layer, as
     * {@link #errorFrom} computed it):
     * C′(W) = (1/n)·Inputᵀ·E and C′(B) = (1/n)·Σᵢ Eᵢ, written into {@link #weightGradient()} and
     * {@link #biasGradient()}.
     *
     * @param error E, {@code n × out}, with n the batch size of the last forward pass; not modified, kept by
     *              reference as {@link #error()}
     * @throws IllegalStateException    if there was no forward pass
     * @throws ShapeException           if {@code error} is not {@code n × out}
     * @throws IllegalArgumentException if the batch is empty (n = 0): there is nothing to average over
     */
    public void backward(Matrix error) {
        backward(error, error.rows());
    }

    /**
     * {@link #backward(Matrix)} with the divisor n of C′ = (1/n)·… given: the batch's row count for the mean
     * gradient; 1 in a {@link GradientWorker}, whose sums Inputᵀ·E and Σᵢ Eᵢ are divided once, by the rows of
     * every shard ({@link GradientSum}). One shard then divides by its own row count, exactly as here.
     */
    void backward(Matrix error, double n) {
        Buffers b = requireForward("backward");
        if (!error.sameShape(b.z)) {
            throw ShapeException.of("%s backward: error is %s, expected %s (batch × units)", label,
                    error.shape(), b.z.shape());
        }
        if (error.rows() == 0) {
            throw new IllegalArgumentException(label + " backward: the batch is empty (0 rows)");
        }
        double invN = 1.0 / n;
        // C′(W) = (1/n) · Inputᵀ · E        (in×out)
        input.transposeTimesInto(error, invN, weightGradient, threads);
        // C′(B) = (1/n) · Σᵢ Eᵢ             (1×out)
        error.columnSumsInto(biasGradient).scaleInPlace(invN);
        lastError = error;
    }

    /**
     * This layer's error from the error of the layer after it:
     * {@code E = (E_next · W_nextᵀ) ⊙ R′(Z)} (times the dropout mask, if any) — the seed's
     * {@code Eh = (Eo · Woᵀ) ⊙ R′(Zh)}. Written into this layer's error buffer.
     *
     * @param nextError E_next, {@code n × next.out}; not modified
     * @param next      the layer after this one, whose weights W_next ({@code out × next.out}) carry the
     *                  error back; not modified
     * @return E, {@code n × out}: this layer's buffer, overwritten by the next backward pass
     * @throws IllegalStateException if there was no forward pass
     * @throws ShapeException        if the shapes do not chain
     */
    public Matrix errorFrom(Matrix nextError, Layer next) {
        Buffers b = requireForward("errorFrom");
        if (next.inputSize() != outputSize()) {
            throw ShapeException.of("%s errorFrom: the next layer takes %d inputs, this layer has %d units",
                    label, next.inputSize(), outputSize());
        }
        // Eh = (E_next · W_nextᵀ) ⊙ R′(Zh)      (n×out)
        nextError.timesTransposeInto(next.weights, b.error, threads);
        if (b.mask != null) {
            b.error.hadamardInPlace(b.mask); // the dropped units pass no error back
        }
        activation.multiplyByDerivative(b.z, b.activated, b.error);
        return b.error;
    }

    /** The output layer's error buffer, into which the loss writes Eo. */
    Matrix errorBuffer() {
        return requireForward("backward").error;
    }

    /** Refuses the network operation {@code op} (such as {@code cost}) when there was no forward pass. */
    void checkForward(String op) {
        requireForward(op);
    }

    // ---------------------------------------------------------------- buffers

    private Buffers buffersFor(int n) {
        if (current != null && current.z.rows() == n) {
            return current;
        }
        Buffers b = previous != null && previous.z.rows() == n ? previous : new Buffers(n, outputSize(), dropout > 0);
        previous = current;
        current = b;
        return b;
    }

    private Buffers requireForward(String op) {
        if (current == null || input == null) {
            throw new IllegalStateException(label + " " + op + ": call forward first");
        }
        return current;
    }

    private void requireInputWidth(String op, Matrix input) {
        if (input.cols() != inputSize()) {
            throw ShapeException.of("%s %s: input is %s with %d columns, expected %d", label, op, input.shape(),
                    input.cols(), inputSize());
        }
    }

    // ---------------------------------------------------------------- accessors

    /**
     * The number of inputs, {@code in}.
     *
     * @return the rows of W
     */
    public int inputSize() {
        return weights.rows();
    }

    /**
     * The number of units, {@code out}.
     *
     * @return the columns of W
     */
    public int outputSize() {
        return weights.cols();
    }

    /**
     * The activation R.
     *
     * @return R
     */
    public Activation activation() {
        return activation;
    }

    /**
     * The dropout rate p.
     *
     * @return p in [0, 1); 0 means no dropout
     */
    public double dropout() {
        return dropout;
    }

    /**
     * The weights W, {@code in × out}: the live matrix, not a copy. Optimizers update it in place.
     *
     * @return W
     */
    public Matrix weights() {
        return weights;
    }

    /**
     * The bias B, {@code 1 × out}: the live matrix, not a copy.
     *
     * @return B
     */
    public Matrix biases() {
        return biases;
    }

    /**
     * C′(W) from the last {@link #backward}, {@code in × out}: the live buffer, not a copy.
     *
     * @return C′(W)
     */
    public Matrix weightGradient() {
        return weightGradient;
    }

    /**
     * C′(B) from the last {@link #backward}, {@code 1 × out}: the live buffer, not a copy.
     *
     * @return C′(B)
     */
    public Matrix biasGradient() {
        return biasGradient;
    }

    /**
     * Z from the last forward pass, {@code n × out}: the live buffer.
     *
     * @return Z
     * @throws IllegalStateException if there was no forward pass
     */
    public Matrix weightedInput() {
        return requireForward("weightedInput").z;
    }

    /**
     * A from the last forward pass, {@code n × out}: the live buffer.
     *
     * @return A
     * @throws IllegalStateException if there was no forward pass
     */
    public Matrix activations() {
        return requireForward("activations").a;
    }

    /**
     * The dropout mask M of the last forward pass, {@code n × out}: the live buffer, whose elements are 0
     * (dropped) or 1/(1 − p) (kept), so that A = R(Z) ⊙ M.
     *
     * @return M, or {@code null} if the layer has no dropout
     * @throws IllegalStateException if there was no forward pass
     */
    public Matrix dropoutMask() {
        return requireForward("dropoutMask").mask;
    }

    /**
     * E from the last backward pass, {@code n × out}: the live buffer.
     * It is the matrix given to {@link #backward} since the last forward pass (in a network, this layer's
     * own error buffer, overwritten by the next backward pass).
     *
     * @return E
     * @throws IllegalStateException if there was no forward pass, or no backward pass since the last one (E
     *                               would be that of an earlier batch, or zeros)
     */
    public Matrix error() {
        requireForward("error");
        if (lastError == null) {
            throw new IllegalStateException(label + " error: no backward pass since the last forward pass;"
                    + " E is computed by backward");
        }
        return lastError;
    }

    /**
     * The number of trainable values, in·out + out.
     *
     * @return the parameter count
     */
    public long parameterCount() {
        return (long) inputSize() * outputSize() + outputSize();
    }

    /**
     * For example {@code layer 0 (784 → 256, ReLU)}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return label;
    }
}
