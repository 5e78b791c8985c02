package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * What {@link SgdOptimizer}, {@link Adam} and {@link AdamW} share: the learning rate, the {@link ParameterSlots}
 * that bind them to one network's parameters, and the two ways to step, whose checks live in those slots
 * (the same parameters on every step; from a network, a backward pass of its own for every step). Each
 * optimizer supplies only its update.
 */
abstract sealed class AbstractOptimizer implements Optimizer permits SgdOptimizer, AbstractAdam {

    /** The per-parameter state, bound to the parameters of the first step. */
    final ParameterSlots slots;
    private double learningRate;

    AbstractOptimizer(ParameterSlots slots, double learningRate) {
        this.slots = slots;
        this.learningRate = learningRate;
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
