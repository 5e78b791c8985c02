package io.github.backprop4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Builds a network layer by layer, then draws its weights from a seeded generator (or takes them from an
 * array, {@link #build(double[])}):
 *
 * <pre>{@code Network net = Network.builder()
 *         .input(784)
 *         .dense(256, new ReLU()).dropout(0.2)
 *         .dense(10, new Softmax())
 *         .loss(new CrossEntropy())
 *         .build(new SplittableRandom(7));}</pre>
 *
 * <p>Each dense layer's initializer defaults to {@link Initializer#defaultFor} its activation (He normal
 * for ReLU, Xavier uniform otherwise); biases start at zero. The loss defaults to the seed's
 * {@link MeanSquaredError}. The same generator state gives the same network bit for bit.
 */
public final class NetworkBuilder {

    private record Spec(int units, Activation activation, Initializer initializer, double dropout) {
    }

    private int inputs = -1;
    private final List<Spec> specs = new ArrayList<>();
    private Loss loss = new MeanSquaredError();
    private int threads = Runtime.getRuntime().availableProcessors();

    NetworkBuilder() {
    }

    /**
     * Sets the number of input features.
     *
     * @param features the columns of X, ≥ 1
     * @return this builder
     * @throws IllegalArgumentException if {@code features} is less than 1
     */
    public NetworkBuilder input(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("input: a network needs at least one input feature, got " + features);
        }
        this.inputs = features;
        return this;
    }

    /**
     * Adds a dense layer with the default initializer for its activation.
     *
     * @param units      the layer's outputs, ≥ 1
     * @param activation R
     * @return this builder
     * @throws IllegalArgumentException if {@code units} is less than 1
     */
    public NetworkBuilder dense(int units, Activation activation) {
        return dense(units, activation, Initializer.defaultFor(activation));
    }

    /**
     * Adds a dense layer.
     *
     * @param units       the layer's outputs, ≥ 1
     * @param activation  R
     * @param initializer how its weights are drawn
     * @return this builder
     * @throws IllegalArgumentException if {@code units} is less than 1
     */
    public NetworkBuilder dense(int units, Activation activation, Initializer initializer) {
        if (units < 1) {
            throw new IllegalArgumentException("dense: a layer needs at least one unit, got " + units);
        }
        specs.add(new Spec(units, Objects.requireNonNull(activation, "activation"),
                Objects.requireNonNull(initializer, "initializer"), 0.0));
        return this;
    }

    /**
     * Applies inverted dropout with rate p to the output of the layer added last (during training only).
     *
     * @param rate p, the probability of dropping a unit, in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if p is not in [0, 1)
     * @throws IllegalStateException    if no layer has been added yet
     */
    public NetworkBuilder dropout(double rate) {
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        if (specs.isEmpty()) {
            throw new IllegalStateException("dropout: add a dense layer first; dropout applies to its output");
        }
        Spec last = specs.remove(specs.size() - 1);
        specs.add(new Spec(last.units, last.activation, last.initializer, rate));
        return this;
    }

    /**
     * Sets the loss.
     *
     * @param loss the cost function
     * @return this builder
     */
    public NetworkBuilder loss(Loss loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
        return this;
    }

    /**
     * Sets the most threads the network's matrix products may use (default: the available processors);
     * see {@link Network#setThreads}.
     *
     * @param threads ≥ 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public NetworkBuilder threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: the thread count must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /**
     * Builds the network, drawing every layer's weights, first layer first, from {@code random}. The
     * generator is kept for the dropout masks of layers that have dropout.
     *
     * @param random the source of randomness; seed it for a reproducible network
     * @return the network
     * @throws IllegalStateException    if {@link #input} was not called or no layer was added
     * @throws IllegalArgumentException if the network is invalid (see {@link Network#Network})
     */
    public Network build(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return assemble(null, random);
    }

    /**
     * Builds the network with the given parameters instead of drawn ones (the layers' initializers are not
     * used), for instance weights trained elsewhere or the seed's example. The order is that of
     * {@link Network#flatParameters()}: for each layer from the first, its weights W row by row
     * ({@code in·out} values), then its biases B ({@code out} values). No generator is needed, since nothing
     * is drawn; a network with dropout still needs one for its masks: use
     * {@link #build(double[], RandomGenerator)}.
     *
     * @param flatParameters the parameters, {@link Network#parameterCount()} finite values; copied, not
     *                       modified
     * @return the network
     * @throws IllegalStateException    if {@link #input} was not called or no layer was added
     * @throws IllegalArgumentException if a layer has dropout, the number of values is wrong or a value is not
     *                                  finite, or the network is invalid (see {@link Network#Network})
     */
    public Network build(double[] flatParameters) {
        return build(flatParameters, null);
    }

    /**
     * Builds the network with the given parameters, as {@link #build(double[])}, keeping {@code dropoutRandom}
     * for the dropout masks.
     *
     * @param flatParameters the parameters in the order of {@link Network#flatParameters()}; copied, not
     *                       modified
     * @param dropoutRandom  the source of the dropout masks (kept); may be {@code null} if no layer has dropout
     * @return the network
     * @throws IllegalStateException    if {@link #input} was not called or no layer was added
     * @throws IllegalArgumentException if a layer has dropout and {@code dropoutRandom} is {@code null}, the
     *                                  number of values is wrong or a value is not finite, or the network is
     *                                  invalid (see {@link Network#Network})
     */
    public Network build(double[] flatParameters, RandomGenerator dropoutRandom) {
        Objects.requireNonNull(flatParameters, "flatParameters");
        Network network = assemble(Initializer.constant(0.0), dropoutRandom);
        network.setFlatParameters("build", flatParameters);
        return network;
    }

    /**
     * The network of these settings, its weights drawn by each layer's initializer or, if {@code fixed} is not
     * null, by {@code fixed}.
     */
    private Network assemble(Initializer fixed, RandomGenerator random) {
        if (inputs < 1) {
            throw new IllegalStateException("build: call input(features) first");
        }
        if (specs.isEmpty()) {
            throw new IllegalStateException("build: a network needs at least one layer; call dense(…)");
        }
        List<Layer> layers = new ArrayList<>(specs.size());
        int in = inputs;
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            if (s.dropout > 0.0 && random == null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "build: layer %d has dropout %s, whose"
                        + " masks need a generator; use build(flatParameters, random)", i, s.dropout));
            }
            layers.add(Layer.dense(in, s.units, s.activation, fixed == null ? s.initializer : fixed, s.dropout,
                    random));
            in = s.units;
        }
        Network network = new Network(layers, loss);
        network.setThreads(threads);
        return network;
    }
}
