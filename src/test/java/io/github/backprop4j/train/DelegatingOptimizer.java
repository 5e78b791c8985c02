package io.github.backprop4j.train;

import io.github.backprop4j.nn.Parameter;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import java.util.List;

/**
 * An optimizer of a user's own, as the trainer sees one: it hands every call to another optimizer and, not
 * overriding {@link Optimizer#lastStepFinite()}, leaves the non-finite check to the trainer. Tests override
 * {@link #step(List)} to look at what is stepped.
 */
class DelegatingOptimizer implements Optimizer {

    private final Optimizer inner;

    DelegatingOptimizer(Optimizer inner) {
        this.inner = inner;
    }

    @Override
    public void step(List<Parameter> parameters) {
        inner.step(parameters);
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public void setLearningRate(double learningRate) {
        inner.setLearningRate(learningRate);
    }

    @Override
    public long stepCount() {
        return inner.stepCount();
    }

    @Override
    public OptimizerState state() {
        return inner.state();
    }
}
