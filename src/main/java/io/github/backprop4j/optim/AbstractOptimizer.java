package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link SgdOptimizer}, {@link Adam}, {@link AdamW} and {@link RMSprop} share: the learning rate, the L1
 * strength, the {@link ParameterSlots} that bind them to one network's parameters, and the two ways to step,
 * whose checks live in those slots (the same parameters on every step; from a network, a backward pass of its
 * own for every step). Each optimizer supplies only its update.
 */
abstract sealed class AbstractOptimizer implements Optimizer permits SgdOptimizer, AbstractAdam, RMSprop {

    /** The per-parameter state, bound to the parameters of the first step. */
    final ParameterSlots slots;
    private final double l1;
    private double learningRate;

    AbstractOptimizer(ParameterSlots slots, double learningRate, double l1) {
        this.slots = slots;
        this.learningRate = learningRate;
        this.l1 = l1;
    }

    @Override
    public final void step(List<Parameter> parameters) {
        slots.bind(parameters);
        update(parameters, learningRate);
        slots.countStep();
    }

    @Override
    public final void step(Network network) {
        slots.bindForStep(network);
        update(network.parameters(), learningRate);
        slots.countStep();
    }

    /**
     * One update of every parameter from its gradient, with learning rate η; the parameters are the bound ones
     * (count, names, shapes and gradients checked) and {@link ParameterSlots#steps()} counts the steps before
     * this one. Allocates nothing.
     */
    abstract void update(List<Parameter> parameters, double eta);

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

    /**
     * The L1 strength λ₁ for {@code p}: {@link #l1()} for a weight, 0 for a bias (biases are not regularized).
     */
    final double l1For(Parameter p) {
        return p.isWeight() ? l1 : 0.0;
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
     * This optimizer's state: {@code settings} with {@code learningRate} and, when λ₁ &gt; 0, {@code l1} added,
     * the step count and copies of the slots.
     */
    final OptimizerState state(String name, Map<String, Double> settings) {
        Map<String, Double> all = new TreeMap<>(settings);
        all.put("learningRate", learningRate);
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
}
