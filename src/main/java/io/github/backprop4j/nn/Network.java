package io.github.backprop4j.nn;

import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.internal.SampleWeights;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A feed-forward network: dense layers in order and the loss that scores their output.
 *
 * <h2>Glossary (the seed's names, one sample per row)</h2>
 * <table>
 *   <caption>Symbols, their meaning, shape and where they live</caption>
 *   <tr><th>symbol</th><th>meaning</th><th>shape</th><th>in code</th></tr>
 *   <tr><td>X</td><td>input batch, one sample per row</td><td>n × in</td><td>argument of
 *       {@link #forward}</td></tr>
 *   <tr><td>Wh, Wo</td><td>hidden / output weights</td><td>in × out</td><td>{@link Layer#weights()}</td></tr>
 *   <tr><td>Bh, Bo</td><td>hidden / output bias, broadcast over rows</td><td>1 × out</td><td>{@link
 *       Layer#biases()}</td></tr>
 *   <tr><td>Zh, Zo</td><td>weighted input Input·W + B</td><td>n × out</td><td>{@link
 *       Layer#weightedInput()}</td></tr>
 *   <tr><td>H, O = ŷ</td><td>activations R(Z)</td><td>n × out</td><td>{@link Layer#activations()}</td></tr>
 *   <tr><td>y</td><td>targets</td><td>n × out</td><td>argument of {@link #backward}</td></tr>
 *   <tr><td>w</td><td>sample weights (optional)</td><td>n</td><td>argument of
 *       {@link #backward(Matrix, double[])}</td></tr>
 *   <tr><td>C</td><td>cost, averaged over the batch</td><td>scalar</td><td>returned by {@link #backward},
 *       {@link #cost}</td></tr>
 *   <tr><td>Eo, Eh</td><td>output / hidden layer error</td><td>n × out</td><td>{@link Layer#error()}</td></tr>
 *   <tr><td>C′(W), C′(B)</td><td>gradients of C</td><td>shape of W, B</td><td>{@link
 *       Layer#weightGradient()}, {@link Layer#biasGradient()}</td></tr>
 * </table>
 *
 * <h2>The algorithm</h2>
 * <pre>
 *   forward:   for each layer: Z = Input·W + B, A = R(Z)          (Input = X, then the previous A)
 *   backward:  Eo = (ŷ − y) ⊙ R′(Zo)                              (the loss's output error)
 *              for each layer from the last to the first:
 *                  C′(W) = (1/n)·Inputᵀ·E,  C′(B) = (1/n)·Σᵢ Eᵢ
 *                  E_prev = (E · Wᵀ) ⊙ R′(Z_prev)                   (the seed's Eh = (Eo · Woᵀ) ⊙ R′(Zh))
 *              weighted: row i of Eo times wᵢ, and Σw in place of n
 *   update:    W ← W − η·C′(W)                                    (an optimizer's step)
 * </pre>
 *
 * <pre>{@code Network net = Network.builder()
 *         .input(2).dense(4, new Tanh()).dense(1, new Sigmoid())
 *         .build(new SplittableRandom(42));
 * SgdOptimizer sgd = new SgdOptimizer(0.5);
 * for (int epoch = 0; epoch < 2000; epoch++) {
 *     net.forward(x);                 // ŷ
 *     double cost = net.backward(y);  // Eo, Eh, C′(W), C′(B)
 *     sgd.step(net);                  // W ← W − η·C′(W)
 * }
 * Matrix prediction = net.predict(x);}</pre>
 *
 * <h2>Threads</h2>
 * A network is trained by one caller at a time: {@link #forward} and {@link #backward} use buffers in the
 * layers. {@link #predict} only reads the weights, so a network that is not being trained may be used for
 * inference from many threads at once.
 *
 * <p>Its large matrix products are also split among up to {@link #threads()} threads (the calling thread
 * and the library's daemon workers, which start at the first product large enough to split, so never with one
 * thread; default: the available processors, see {@link #setThreads}). The
 * output of a product is split, never a sum, so results are bitwise the same for any thread count.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#backpropagation-the-three-equations">docs/math.md</a>:
 * the equations with the seed network's numbers, the chain rule behind them, and the line that computes each.
 */
public final class Network {

    private static final int EVALUATION_CHUNK = 1024;

    private final List<Layer> layers;
    private final Loss loss;
    private final List<Parameter> parameters;
    /** The per-sample costs Cᵢ of a weighted pass, and of the batch size before (a trainer alternates two). */
    private double[] sampleCosts = new double[0];
    private double[] previousSampleCosts = new double[0];
    private int threads;
    /** The number of completed backward passes: the generation of the gradients in the layers. */
    private long backwardCount;
    /** Whether backward leaves the sums Inputᵀ·E, Σᵢ Eᵢ (divisor 1) instead of the means: a gradient worker's. */
    boolean gradientSums;

    /**
     * A network of the given layers, in order, scored by {@code loss}.
     *
     * @param layers the layers, first to last; each layer's input size must equal the previous layer's
     *               units. Kept (not copied): a layer belongs to one network, and appears in it once.
     * @param loss   the cost function
     * @throws IllegalArgumentException if there are no layers, a layer appears twice or already belongs
     *                                  to another network, a non-element-wise activation (softmax) is used
     *                                  in a hidden layer, a softmax output has fewer than 2 units, the
     *                                  output layer has dropout, or the loss refuses the output activation
     * @throws ShapeException           if consecutive layers do not fit
     */
    public Network(List<Layer> layers, Loss loss) {
        Objects.requireNonNull(loss, "loss");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.loss = loss;
        java.util.Set<Layer> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            String label = layer.labelAt(i);
            if (!seen.add(layer)) {
                throw new IllegalArgumentException(label + " appears twice; a network needs a layer object per layer");
            }
            if (layer.isOwned()) {
                throw new IllegalArgumentException(label + " already belongs to another network; build a new layer"
                        + " (its buffers and gradients cannot be shared)");
            }
            if (i > 0 && layer.inputSize() != this.layers.get(i - 1).outputSize()) {
                throw ShapeException.of("%s takes %d inputs but %s has %d units", label, layer.inputSize(),
                        this.layers.get(i - 1).labelAt(i - 1), this.layers.get(i - 1).outputSize());
            }
            boolean last = i == this.layers.size() - 1;
            if (!last && !layer.activation().isElementwise()) {
                throw new IllegalArgumentException(label + ": " + layer.activation().name()
                        + " can only be the output activation (it has no element-wise derivative)");
            }
            if (last && layer.dropout() > 0.0) {
                throw new IllegalArgumentException(label + ": the output layer cannot have dropout");
            }
            if (last && layer.activation() instanceof Softmax && layer.outputSize() < 2) {
                throw new IllegalArgumentException(label + ": a softmax output needs at least 2 units; for one"
                        + " yes/no output use a sigmoid with binary-cross-entropy");
            }
        }
        loss.checkOutputActivation(outputLayer().activation());
        List<Parameter> params = new ArrayList<>(2 * this.layers.size());
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            params.add(new Parameter("layers." + i + ".weights", layer.weights(), layer.weightGradient(), true));
            params.add(new Parameter("layers." + i + ".biases", layer.biases(), layer.biasGradient(), false));
        }
        this.parameters = List.copyOf(params);
        for (int i = 0; i < this.layers.size(); i++) {
            this.layers.get(i).claim(i);
        }
        setThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Sets the most threads this network's matrix products may use, the calling thread included, for
     * training and for inference. Products too small to gain run on the calling thread alone. Results are
     * bitwise the same for every count.
     *
     * @param threads ≥ 1; 1 keeps all work on the calling thread and starts no worker thread
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("setThreads: the thread count must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        for (Layer layer : layers) {
            layer.setThreads(threads);
        }
    }

    /**
     * The most threads this network's matrix products may use (default: the available processors).
     *
     * @return the thread count, ≥ 1
     */
    public int threads() {
        return threads;
    }

    /**
     * A network of the given layers scored by the seed's half squared error ({@link MeanSquaredError}).
     *
     * @param layers the layers, first to last
     * @return the network
     * @throws IllegalArgumentException as {@link #Network(List, Loss)}
     */
    public static Network of(Layer... layers) {
        return new Network(List.of(layers), new MeanSquaredError());
    }

    /**
     * A builder for a network with freshly initialized weights.
     *
     * @return a new builder
     */
    public static NetworkBuilder builder() {
        return new NetworkBuilder();
    }

    // ---------------------------------------------------------------- training pass

    /**
     * The forward pass for training: Z and A of every layer, kept for {@link #backward}.
     *
     * @param x the input X, {@code n × in}; kept by reference until the next forward pass, not modified
     * @return ŷ, {@code n × out}: the output layer's buffer, overwritten by the next forward pass; use
     *         {@link #predict} for a result of your own
     * @throws ShapeException if {@code x} does not have {@code in} columns
     */
    public Matrix forward(Matrix x) {
        Matrix a = x;
        for (int l = 0; l < layers.size(); l++) { // indexed: an iterator here was the step's only allocation
            // Z = Input·W + B,  A = R(Z)
            a = layers.get(l).forward(a);
        }
        return a;
    }

    /**
     * The backward pass after {@link #forward}: the output error Eo, each hidden layer's error
     * Eh = (E·Wᵀ) ⊙ R′(Zh), and every layer's C′(W) and C′(B), left in the layers for an optimizer.
     *
     * @param y the targets for the last forward pass, in a shape the loss accepts ({@code n × out} for
     *          all losses); not modified
     * @return the cost C of the last forward pass
     * @throws IllegalStateException    if there was no forward pass
     * @throws ShapeException           if {@code y} does not fit the output
     * @throws IllegalArgumentException if the last forward pass had an empty batch (0 rows)
     */
    public double backward(Matrix y) {
        return backpropagate(y, null);
    }

    /**
     * The weighted backward pass after {@link #forward}: sample i counts wᵢ times. The output error's row i is
     * multiplied by wᵢ after the loss writes it, so every later error carries wᵢ too, and the gradients divide
     * by Σw instead of n:
     * <pre>
     *   C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ         (Cᵢ from {@link Loss#sampleCostsInto})
     *   Eo[i, ·] ← wᵢ · Eo[i, ·]     then Eh = (E·Wᵀ) ⊙ R′(Zh) as always
     *   C′(W) = (1/Σw)·Inputᵀ·E,  C′(B) = (1/Σw)·Σᵢ Eᵢ
     * </pre>
     * All-1 weights give bitwise the gradients of {@link #backward(Matrix)} (Σw is then exactly n, and
     * multiplying by 1 is exact); the cost agrees up to rounding. Allocates nothing once it has seen the batch
     * size (it keeps two).
     *
     * @param y       the targets, as for {@link #backward(Matrix)}; not modified
     * @param weights n sample weights, each finite and ≥ 0, with a positive sum; not modified
     * @return the weighted cost C of the last forward pass
     * @throws IllegalStateException    if there was no forward pass
     * @throws ShapeException           if {@code y} does not fit the output, or there are not n weights
     * @throws IllegalArgumentException if the last forward pass had an empty batch (0 rows), a weight is
     *                                  negative, NaN or ±∞, or the weights sum to 0 or overflow to ∞
     */
    public double backward(Matrix y, double[] weights) {
        Objects.requireNonNull(weights, "weights");
        return backpropagate(y, weights);
    }

    /** The backward pass, weighted by {@code weights} unless they are null; one loop for both. */
    private double backpropagate(Matrix y, double[] weights) {
        Layer output = outputLayer();
        output.checkForward("backward");
        Matrix zo = output.weightedInput();
        if (zo.rows() == 0) {
            throw new IllegalArgumentException("backward: the last forward pass had an empty batch (0 rows);"
                    + " there is nothing to learn from");
        }
        double weightSum = weights == null ? 0.0 : requireWeights("backward", zo.rows(), weights);
        Matrix o = output.activations();
        double cost = weights == null ? loss.cost(zo, o, y) : weightedCost(zo, o, y, weights, weightSum);
        // Eo = (ŷ − y) ⊙ R′(Zo)   (or ŷ − y for a loss fused with its output activation)
        Matrix e = output.errorBuffer();
        loss.outputErrorInto(zo, o, y, output.activation(), e);
        if (weights != null) {
            // Eo[i, ·] ← wᵢ · Eo[i, ·]: each sample's error carries its weight
            e.scaleRowsInPlace(weights);
        }
        // the divisor of C′: n, or Σw when weighted; 1 for a worker's sums, divided later, once, by every shard's
        double n = gradientSums ? 1.0 : weights == null ? zo.rows() : weightSum;
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            // C′(W) = (1/n)·Inputᵀ·E,  C′(B) = (1/n)·Σᵢ Eᵢ
            layer.backward(e, n);
            if (l > 0) {
                // Eh = (E · Wᵀ) ⊙ R′(Zh): the error of the layer before
                e = layers.get(l - 1).errorFrom(e, layer);
            }
        }
        backwardCount++;
        return cost;
    }

    /**
     * The number of {@link #backward} passes completed so far, and of {@link #setFlatGradient} calls: it changes
     * exactly when new gradients are left in the layers. The library's optimizers remember it to refuse a step on
     * gradients they have already applied.
     *
     * @return the count, ≥ 0; 0 while the layers hold no gradient yet
     */
    public long backwardCount() {
        return backwardCount;
    }

    /**
     * The cost C of the last forward pass against {@code y}, without backpropagating.
     *
     * @param y the targets, as for {@link #backward}; not modified
     * @return C
     * @throws IllegalStateException if there was no forward pass
     * @throws ShapeException        if {@code y} does not fit the output
     */
    public double cost(Matrix y) {
        Layer output = outputLayer();
        output.checkForward("cost");
        return loss.cost(output.weightedInput(), output.activations(), y);
    }

    /**
     * The weighted cost {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ} of the last forward pass against {@code y}, without
     * backpropagating: what {@link #backward(Matrix, double[])} returns.
     *
     * @param y       the targets, as for {@link #backward}; not modified
     * @param weights n sample weights, each finite and ≥ 0, with a positive sum; not modified
     * @return C
     * @throws IllegalStateException    if there was no forward pass
     * @throws ShapeException           if {@code y} does not fit the output, or there are not n weights
     * @throws IllegalArgumentException if a weight is negative, NaN or ±∞, or the weights sum to 0 or overflow
     *                                  to ∞ (as for an empty batch)
     */
    public double cost(Matrix y, double[] weights) {
        Objects.requireNonNull(weights, "weights");
        Layer output = outputLayer();
        output.checkForward("cost");
        Matrix zo = output.weightedInput();
        double weightSum = requireWeights("cost", zo.rows(), weights);
        return weightedCost(zo, output.activations(), y, weights, weightSum);
    }

    /** C = Σᵢ wᵢ Cᵢ / Σw, with the Cᵢ in a buffer kept for the batch size. */
    private double weightedCost(Matrix zo, Matrix o, Matrix y, double[] weights, double weightSum) {
        int n = zo.rows();
        if (sampleCosts.length != n) {
            double[] other = previousSampleCosts;
            previousSampleCosts = sampleCosts;
            sampleCosts = other.length == n ? other : new double[n];
        }
        // C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ
        return SampleCosts.weightedSum(loss, zo, o, y, weights, 0, sampleCosts) / weightSum;
    }

    /** Refuses weights that are not one per row by the rule of {@link SampleWeights}; returns Σw. */
    private static double requireWeights(String op, int rows, double[] weights) {
        if (weights.length != rows) {
            throw ShapeException.of("%s: %d weights for a batch of %d rows (one weight per sample)", op,
                    weights.length, rows);
        }
        return SampleWeights.require(op, weights);
    }

    // ---------------------------------------------------------------- inference

    /**
     * Inference: ŷ for {@code x}, as a new matrix, with no dropout and no change to the network. Safe to
     * call from many threads at once while the network is not being trained.
     *
     * @param x the input, {@code n × in}; not modified
     * @return a new {@code n × out} matrix
     * @throws ShapeException if {@code x} does not have {@code in} columns
     */
    public Matrix predict(Matrix x) {
        Matrix a = x;
        for (Layer layer : layers) {
            a = layer.predict(a);
        }
        return a;
    }

    /**
     * The most likely class of each row: the arg-max of {@link #predict}.
     *
     * @param x the input, {@code n × in}; not modified
     * @return a new array of n class indices in [0, out)
     * @throws ShapeException if {@code x} does not have {@code in} columns
     */
    public int[] predictClass(Matrix x) {
        return predict(x).rowArgMax();
    }

    /**
     * Inference into the caller's matrices, allocating nothing once it has seen a batch size (it keeps two):
     * {@code network.predictor().predictInto(x, out)}, bitwise the numbers of {@link #predict}. A predictor
     * keeps buffers for the hidden layers; use one per thread.
     *
     * @return a new predictor that reads this network's weights
     */
    public Predictor predictor() {
        return new Predictor(this);
    }

    /**
     * Evaluates the network on {@code x} against {@code y} in inference mode (no dropout, no change to the
     * network): the cost, and the metrics of its task — for classifiers the accuracy, the confusion matrix
     * and what follows from it, top-k accuracy (cross-entropy) and ROC AUC (one binary output); for regression
     * MAE, RMSE and R² (see {@link Evaluation}). Works through the rows in chunks of 1,024, so memory stays
     * bounded for large sets: what is kept between chunks is a few numbers per class or output, except for
     * the ROC AUC of a single binary output, which needs every sample's score (one double per row, 8 MB per
     * million samples). Thread-safe like {@link #predict}.
     *
     * @param x the inputs, {@code n × in}; not modified
     * @param y the targets, in a form the loss accepts; not modified
     * @return the evaluation (cost 0 and accuracy NaN for n = 0)
     * @throws ShapeException if {@code x} or {@code y} does not fit the network or each other
     */
    public Evaluation evaluate(Matrix x, Matrix y) {
        return evaluation(x, y, null);
    }

    /**
     * {@link #evaluate(Matrix, Matrix)} with sample weights: the cost is the weighted
     * {@code C = Σᵢ wᵢ Cᵢ / Σᵢ wᵢ}, as a weighted training pass computes it; the metrics (accuracy, confusion
     * matrix, MAE, …) still count every sample once. Thread-safe like {@link #predict}.
     *
     * @param x       the inputs, {@code n × in}; not modified
     * @param y       the targets, in a form the loss accepts; not modified
     * @param weights n sample weights, each finite and ≥ 0, with a positive sum; not modified
     * @return the evaluation
     * @throws ShapeException           if {@code x} or {@code y} does not fit the network or each other, or there
     *                                  are not n weights
     * @throws IllegalArgumentException if a weight is negative, NaN or ±∞, or the weights sum to 0 or overflow
     *                                  to ∞
     */
    public Evaluation evaluate(Matrix x, Matrix y, double[] weights) {
        Objects.requireNonNull(weights, "weights");
        return evaluation(x, y, weights);
    }

    /** The evaluation, its cost weighted by {@code weights} unless they are null. */
    private Evaluation evaluation(Matrix x, Matrix y, double[] weights) {
        if (x.rows() != y.rows()) {
            throw ShapeException.of("evaluate: %s inputs but %s targets (expected the same number of rows)",
                    x.shape(), y.shape());
        }
        int n = x.rows();
        double weightSum = weights == null ? Double.NaN : requireWeights("evaluate", n, weights);
        EvaluationAccumulator metrics = new EvaluationAccumulator(loss, outputSize(), n, weights, weightSum);
        for (int from = 0; from < n; from += EVALUATION_CHUNK) {
            int to = Math.min(n, from + EVALUATION_CHUNK);
            Matrix xs = from == 0 && to == n ? x : x.rowRange(from, to);
            Matrix ys = from == 0 && to == n ? y : y.rowRange(from, to);
            Matrix a = xs;
            for (int l = 0; l < layers.size() - 1; l++) {
                a = layers.get(l).predict(a);
            }
            Layer output = outputLayer();
            Matrix zo = output.computeWeightedInput(a);
            metrics.add(zo, output.activation().apply(zo), ys);
        }
        return metrics.result();
    }

    // ---------------------------------------------------------------- flat parameters

    /**
     * All parameters as one flat array, in the order of {@link #parameters()}: for each layer from the
     * first, its weights W row by row ({@code in·out} values), then its biases B ({@code out} values).
     * This is the seam for code that drives training itself.
     *
     * @return a new array of {@link #parameterCount()} values
     */
    public double[] flatParameters() {
        return flattenInto("flatParameters", false, new double[Math.toIntExact(parameterCount())]);
    }

    /**
     * The gradient C′ of every parameter that the last {@link #backward} left in the layers (as clipping
     * may have scaled it since), as one flat array in the order of {@link #flatParameters()}: for each layer
     * from the first, C′(W) row by row, then C′(B).
     *
     * @return a new array of {@link #parameterCount()} values
     * @throws IllegalStateException if there was no backward pass yet
     */
    public double[] flatGradient() {
        return gradientInto("flatGradient", new double[Math.toIntExact(parameterCount())]);
    }

    /**
     * {@link #flatGradient()} written into a caller's array, allocating nothing.
     *
     * @param out the destination, {@link #parameterCount()} long; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out} has the wrong length
     * @throws IllegalStateException    if there was no backward pass yet
     */
    public double[] flatGradientInto(double[] out) {
        return gradientInto("flatGradientInto", out);
    }

    /**
     * Sets the gradient C′ of every parameter from one flat array in the order of {@link #flatGradient()}, as a
     * backward pass would leave it: the seam for gradients computed elsewhere, on other threads or machines (for
     * example the shards' sums combined by a {@link GradientSum}). It counts as new gradients
     * ({@link #backwardCount()} advances), so an optimizer's {@code step(network)} applies them once. The values
     * are not checked: a trainer checks the gradients it applies (NaN or ±∞ stop it with a message naming the
     * parameter).
     *
     * @param flat {@link #parameterCount()} values; not modified
     * @throws IllegalArgumentException if the length is wrong
     */
    public void setFlatGradient(double[] flat) {
        requireFlatLength("setFlatGradient", flat);
        int offset = 0;
        for (int i = 0; i < parameters.size(); i++) { // indexed: a step from a flat gradient allocates nothing
            double[] g = parameters.get(i).gradient().backingArray();
            System.arraycopy(flat, offset, g, 0, g.length);
            offset += g.length;
        }
        backwardCount++;
    }

    private double[] gradientInto(String op, double[] out) {
        if (backwardCount == 0) {
            throw new IllegalStateException(op + ": no backward pass has computed a gradient yet; call forward and"
                    + " backward first");
        }
        return flattenInto(op, true, out);
    }

    /** The values (or gradients) of the parameters, one after the other, in their order, into {@code flat}. */
    private double[] flattenInto(String op, boolean gradients, double[] flat) {
        requireFlatLength(op, flat);
        int offset = 0;
        for (int i = 0; i < parameters.size(); i++) { // indexed: flatGradientInto allocates nothing
            Parameter p = parameters.get(i);
            double[] v = (gradients ? p.gradient() : p.value()).backingArray();
            System.arraycopy(v, 0, flat, offset, v.length);
            offset += v.length;
        }
        return flat;
    }

    private void requireFlatLength(String op, double[] flat) {
        if (flat.length != parameterCount()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: %d values given, the network has %d parameters", op, flat.length, parameterCount()));
        }
    }

    /**
     * Sets all parameters from one flat array in the order of {@link #flatParameters()}. Modifies the
     * network's weights and biases.
     *
     * @param flat {@link #parameterCount()} finite values; not modified
     * @throws IllegalArgumentException if the length is wrong or a value is not finite (nothing is changed)
     */
    public void setFlatParameters(double[] flat) {
        setFlatParameters("setFlatParameters", flat);
    }

    /** {@link #setFlatParameters(double[])}, its messages naming {@code op}. */
    void setFlatParameters(String op, double[] flat) {
        requireFlatLength(op, flat);
        int offset = 0;
        for (Parameter p : parameters) {
            Finite.require(op, p.name(), flat, offset, p.value().size(), p.value().cols());
            offset += p.value().size();
        }
        offset = 0;
        for (Parameter p : parameters) {
            double[] v = p.value().backingArray();
            System.arraycopy(flat, offset, v, 0, v.length);
            offset += v.length;
        }
    }

    /**
     * The cost of a batch and the gradient of every parameter, flat in the order of
     * {@link #flatParameters()}.
     *
     * @param cost     the cost C of the batch
     * @param gradient C′ of every parameter, flat
     */
    public record Gradient(double cost, double[] gradient) {

        /**
         * Equal when the costs and every gradient value are equal (as {@link Double#equals}).
         *
         * @param o another object
         * @return whether {@code o} is an equal gradient
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Gradient g && Double.compare(cost, g.cost) == 0 && Arrays.equals(gradient, g.gradient);
        }

        /**
         * A hash consistent with {@link #equals}.
         *
         * @return the hash code
         */
        @Override
        public int hashCode() {
            return 31 * Double.hashCode(cost) + Arrays.hashCode(gradient);
        }

        /**
         * The cost and the number of gradient values.
         *
         * @return a short description
         */
        @Override
        public String toString() {
            return "Gradient[cost=" + cost + ", " + gradient.length + " values]";
        }
    }

    /**
     * Computes the cost and the flat gradient of a batch without changing the network: the forward and
     * backward passes run on private buffers that share the weights. Several threads may call this at
     * once on different batches (while nothing changes the weights). It makes a {@link GradientWorker} for
     * the call; a loop that computes many gradients keeps one worker per thread, which allocates nothing.
     *
     * @param x      the inputs, {@code n × in}; not modified
     * @param y      the targets; not modified
     * @param random the source of dropout masks for layers with dropout, or {@code null} if none has
     *               dropout; only this call uses it
     * @return the cost and a new flat gradient array, bitwise what {@link #backward} leaves for the batch
     * @throws IllegalArgumentException if a layer has dropout and {@code random} is {@code null}, or
     *                                  {@code x} has no rows
     * @throws ShapeException           if {@code x} or {@code y} does not fit
     */
    public Gradient computeGradient(Matrix x, Matrix y, java.util.random.RandomGenerator random) {
        GradientSum sum = new GradientWorker(this).sum(x, y, random);
        return new Gradient(sum.cost(), sum.meanInto(new double[Math.toIntExact(parameterCount())]));
    }

    // ---------------------------------------------------------------- structure

    /**
     * The layers, first to last.
     *
     * @return an unmodifiable list
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The output layer.
     *
     * @return the last layer
     */
    public Layer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /**
     * The loss.
     *
     * @return the cost function
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The number of input features, {@code in}.
     *
     * @return the first layer's input size
     */
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    /**
     * The number of outputs.
     *
     * @return the last layer's units
     */
    public int outputSize() {
        return outputLayer().outputSize();
    }

    /**
     * Every parameter with its gradient, in the documented order: for each layer from the first,
     * its weights then its biases.
     *
     * @return an unmodifiable list of live views (not copies)
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The number of trainable values, Σ (in·out + out).
     *
     * @return the parameter count
     */
    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < layers.size(); l++) {
            n += layers.get(l).parameterCount();
        }
        return n;
    }

    /**
     * A table of the layers, as Keras's {@code model.summary()} prints it:
     * <pre>
     * layer  shape        activation  dropout  parameters
     * 0      784 → 256    relu        0.2         200,960
     * …
     * total                                       235,146
     * loss: cross-entropy
     * </pre>
     *
     * @return the table, lines separated by {@code \n}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-6s %-13s %-12s %-8s %12s\n", "layer", "shape", "activation",
                "dropout", "parameters"));
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            sb.append(String.format(Locale.ROOT, "%-6d %-13s %-12s %-8s %,12d\n", i,
                    l.inputSize() + " → " + l.outputSize(), l.activation().name(),
                    l.dropout() > 0 ? String.valueOf(l.dropout()) : "-", l.parameterCount()));
        }
        sb.append(String.format(Locale.ROOT, "%-42s %,12d\n", "total", parameterCount()));
        sb.append("loss: ").append(loss.name());
        return sb.toString();
    }

    /**
     * The shape of the network, e.g. {@code Network[784 → 256 relu → 10 softmax, loss cross-entropy]}.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network[").append(inputSize());
        for (Layer l : layers) {
            sb.append(" → ").append(l.outputSize()).append(' ').append(l.activation().name());
        }
        return sb.append(", loss ").append(loss.name()).append(']').toString();
    }
}
