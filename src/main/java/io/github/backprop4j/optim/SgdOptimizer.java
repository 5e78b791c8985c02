package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent: {@code W ← W − η·C′(W)} for every weight and bias.
 */
public final class SgdOptimizer implements Optimizer {

    private double learningRate;

    /**
     * Plain SGD with learning rate η.
     *
     * @param learningRate η, finite and &gt; 0
     * @throws IllegalArgumentException if η is not finite or not positive
     */
    public SgdOptimizer(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            // W ← W − η·C′(W)
            p.value().plusScaledInPlace(-learningRate, p.gradient());
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    @Override
    public String toString() {
        return "SGD(η=" + learningRate + ")";
    }
}
