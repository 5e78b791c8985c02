package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * Turns the gradients of a backward pass into an update of the parameters.
 *
 * <p>Computing gradients ({@link Network#backward}) and applying them ({@link #step}) are separate steps,
 * so code that drives training itself can compute gradients elsewhere and apply them here. An optimizer
 * with state (momentum, Adam's moments) keeps one state per parameter, in the order of
 * {@link Network#parameters()}; use one optimizer per network.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from the gradient beside it. Modifies the parameters' values
     * (and the optimizer's state); the gradients are not modified.
     *
     * @param parameters the parameters with their gradients, in the same order on every call
     * @throws IllegalStateException if the parameters do not match the ones of earlier calls
     */
    void step(List<Parameter> parameters);

    /**
     * Applies one update to every parameter of {@code network} from the gradients its last
     * {@link Network#backward} left.
     *
     * @param network the network; its weights and biases are modified
     * @throws IllegalStateException if the network is not the one of earlier calls
     */
    default void step(Network network) {
        step(network.parameters());
    }

    /**
     * The learning rate η used by the next step.
     *
     * @return η
     */
    double learningRate();

    /**
     * Sets the learning rate η for the following steps (schedules call this).
     *
     * @param learningRate η, finite and &gt; 0
     * @throws IllegalArgumentException if η is not finite or not positive
     */
    void setLearningRate(double learningRate);

    /**
     * Checks a learning rate, for implementations.
     *
     * @param learningRate η
     * @return η
     * @throws IllegalArgumentException if η is not finite or not positive
     */
    static double checkLearningRate(double learningRate) {
        if (!(learningRate > 0.0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        return learningRate;
    }
}
