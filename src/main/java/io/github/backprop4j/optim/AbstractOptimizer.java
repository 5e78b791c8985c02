package io.github.backprop4j.optim;

import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.internal.Kernels;
import io.github.backprop4j.internal.Parts;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link SgdOptimizer}, {@link Adam}, {@link AdamW} and {@link RMSprop} share: the learning rate, the weight
 * decay and L1 strengths (and the builder settings that give them), the {@link ParameterSlots} that bind them to
 * one network's parameters, and the two ways to step, whose checks live in those slots (the same parameters on
 * every step; from a network, a backward pass of its own for every step). Each optimizer supplies only its
 * update.
 */
abstract sealed class AbstractOptimizer implements Optimizer permits SgdOptimizer, AbstractAdam, RMSprop {

    /**
     * Elements of a parameter updated before they are checked: 8 KiB of each array (value, gradient and up to
     * three slots), which stay in the L1 cache between the update and the check.
     */
    static final int BLOCK = 1024;
    /** Blocks in one part of a step shared out among threads (128 KiB of each array). */
    static final int PART_BLOCKS = 16;
    /** Steps over fewer elements than this run on the calling thread alone. */
    static final long PARALLEL_MIN_ELEMENTS = 1 << 16;

    /** The per-parameter state, bound to the parameters of the first step. */
    final ParameterSlots slots;
    private final double weightDecay;
    private final double l1;
    private double learningRate;
    private boolean lastStepFinite;
    /** The step being taken, for the threads that run its parts (written before they start). */
    private List<Parameter> stepParameters;
    private double stepEta;
    /** Set by a part that saw a NaN or ±∞. */
    private volatile boolean nonFinite;
    private final Parts updatePart = this::updatePart;

    AbstractOptimizer(ParameterSlots slots, Builder<?> settings) {
        this.slots = slots;
        this.learningRate = settings.learningRate;
        this.weightDecay = settings.weightDecay;
        this.l1 = settings.l1;
    }

    @Override
    public final void step(List<Parameter> parameters) {
        slots.bind(parameters);
        updateAll(parameters, learningRate, 1);
        slots.countStep();
    }

    /** {@inheritDoc} The update is spread over the network's {@link Network#threads()}, with the same bits. */
    @Override
    public final void step(Network network) {
        slots.bindForStep(network);
        updateAll(network.parameters(), learningRate, network.threads());
        slots.countStep();
    }

    @Override
    public final boolean lastStepFinite() {
        return lastStepFinite;
    }

    /**
     * One update of every parameter from its gradient, with learning rate η, and the finiteness check of what
     * it read and wrote in the same pass over memory: each block of {@link #BLOCK} elements is updated, then
     * its gradient and new values are checked while they are still in the L1 cache ({@link Finite#all}), so
     * the parameters stream from memory once per step, not once for the update and twice more for a check.
     * Parts of {@link #PART_BLOCKS} blocks are shared out among up to {@code threads} threads. The arithmetic
     * of each element is {@link #update}'s alone, so the bits depend neither on the blocks nor on the threads.
     * Allocates nothing.
     */
    private void updateAll(List<Parameter> parameters, double eta, int threads) {
        lastStepFinite = false;
        prepare();
        int blocks = 0;
        long elements = 0;
        for (int i = 0; i < parameters.size(); i++) {
            int size = parameters.get(i).value().size();
            blocks += (size + BLOCK - 1) / BLOCK;
            elements += size;
        }
        stepParameters = parameters;
        stepEta = eta;
        nonFinite = false;
        Kernels.runParts(updatePart, (blocks + PART_BLOCKS - 1) / PART_BLOCKS,
                elements < PARALLEL_MIN_ELEMENTS ? 1 : threads);
        stepParameters = null;
        lastStepFinite = !nonFinite;
    }

    /** Part {@code part} of the step: blocks {@code part·PART_BLOCKS} onwards, counted over all parameters. */
    private void updatePart(int part) {
        List<Parameter> parameters = stepParameters;
        int first = part * PART_BLOCKS;
        int end = first + PART_BLOCKS;
        boolean finite = true;
        int block = 0; // the number of the current parameter's first block
        for (int i = 0; i < parameters.size() && block < end; i++) {
            Parameter p = parameters.get(i);
            double[] w = p.value().backingArray();
            double[] dW = p.gradient().backingArray();
            int blocks = (w.length + BLOCK - 1) / BLOCK;
            for (int b = Math.max(first - block, 0); b < blocks && block + b < end; b++) {
                int from = b * BLOCK;
                int to = Math.min(from + BLOCK, w.length);
                update(i, p, stepEta, from, to);
                finite &= Finite.all(dW, from, to) & Finite.all(w, from, to);
            }
            block += blocks;
        }
        if (!finite) {
            nonFinite = true;
        }
    }

    /**
     * Computes what every element of this step shares (Adam's bias corrections), before the first
     * {@link #update}; {@link ParameterSlots#steps()} counts the steps before this one. Allocates nothing.
     */
    void prepare() {
    }

    /**
     * The update of elements {@code [from, to)} of parameter {@code i} from its gradient, with learning rate
     * η; the parameters are the bound ones (count, names, shapes and gradients checked). Called by several
     * threads at once on ranges that do not overlap: it writes only elements {@code [from, to)}. Allocates
     * nothing.
     */
    abstract void update(int i, Parameter p, double eta, int from, int to);

    /**
     * The gradient with the penalties that act through it, for one element w of a parameter whose gradient
     * element is C′(w): {@code g = C′(w) + λ₂·w + λ₁·sign(w)}, the gradient of C + (λ₂/2)·‖W‖² + λ₁·‖W‖₁.
     * sign(0) = 0: a weight at exactly 0 is not pushed either way (the subgradient of |w| that keeps it there).
     * Pass λ₂ = λ₁ = 0 for a bias, and λ₂ = 0 where weight decay is decoupled (AdamW).
     */
    static double regularized(double gradient, double w, double l2, double l1) {
        // g = C′(W) + λ₂·W
        double g = l2 == 0.0 ? gradient : gradient + l2 * w;
        // g += λ₁·sign(W)      (sign(0) = 0)
        return l1 == 0.0 ? g : g + l1 * Math.signum(w);
    }

    /** The weight decay λ for {@code p}: {@link #weightDecay()} for a weight, 0 for a bias. */
    final double weightDecayFor(Parameter p) {
        return p.isWeight() ? weightDecay : 0.0;
    }

    /**
     * The L1 strength λ₁ for {@code p}: {@link #l1()} for a weight, 0 for a bias (biases are not regularized).
     */
    final double l1For(Parameter p) {
        return p.isWeight() ? l1 : 0.0;
    }

    /**
     * The weight decay λ, for weights only: L2, added to the gradient as λ·W, for SGD, Adam and RMSprop;
     * decoupled, W ← W − η·λ·W, for AdamW.
     *
     * @return λ ≥ 0
     */
    public final double weightDecay() {
        return weightDecay;
    }

    /**
     * The L1 regularization λ₁, adding λ₁·sign(W) to the weights' gradients (biases are not regularized).
     *
     * @return λ₁ ≥ 0; 0 for none
     */
    public final double l1() {
        return l1;
    }

    /**
     * This optimizer's state: {@code settings} with {@code learningRate}, {@code weightDecay} and, when
     * λ₁ &gt; 0, {@code l1} added, the step count and copies of the slots.
     */
    final OptimizerState state(String name, Map<String, Double> settings) {
        Map<String, Double> all = new TreeMap<>(settings);
        all.put("learningRate", learningRate);
        all.put("weightDecay", weightDecay);
        if (l1 > 0.0) {
            all.put("l1", l1);
        }
        return new OptimizerState(name, all, slots.steps(), slots.export());
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    @Override
    public final long stepCount() {
        return slots.steps();
    }

    /**
     * The settings every optimizer's builder has: η, the weight decay λ and L1's λ₁. Each setter checks its value
     * at once.
     *
     * @param <B> the builder itself, which the setters return
     */
    abstract static sealed class Builder<B extends Builder<B>>
            permits SgdOptimizer.Builder, AbstractAdam.Builder, RMSprop.Builder {

        private double learningRate;
        private double weightDecay;
        private double l1;

        Builder(double learningRate, double weightDecay) {
            this.learningRate = learningRate;
            this.weightDecay = weightDecay;
        }

        /** This builder, as its own type. */
        abstract B self();

        /**
         * Sets the learning rate η (default 0.01 for SGD and RMSprop, 0.001 for Adam and AdamW).
         *
         * @param learningRate η, finite and &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if η is not finite or not positive
         */
        public B learningRate(double learningRate) {
            this.learningRate = Optimizer.checkLearningRate(learningRate);
            return self();
        }

        /**
         * Sets the weight decay λ (default 0, for AdamW 0.01). SGD, Adam and RMSprop add it to the weights'
         * gradients as λ·W (L2); AdamW applies it to the weights directly, W ← W − η·λ·W (decoupled). Biases are
         * not decayed.
         *
         * @param weightDecay λ, finite and ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if λ is not finite or is negative
         */
        public B weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
            return self();
        }

        /**
         * Sets the L1 regularization λ₁, added to the weights' gradients as λ₁·sign(W), sign(0) = 0 (default 0),
         * in every optimizer (AdamW decouples its weight decay, not L1). Biases are not regularized.
         *
         * @param l1 λ₁, finite and ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if λ₁ is not finite or is negative
         */
        public B l1(double l1) {
            this.l1 = Checks.nonNegative("l1", l1);
            return self();
        }
    }
}
