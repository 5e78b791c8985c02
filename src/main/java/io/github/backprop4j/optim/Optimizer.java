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
 * {@link Network#parameters()}; use one optimizer per network (stepping another network throws
 * {@link IllegalStateException}). The implementations are {@link SgdOptimizer}
 * (with momentum, Nesterov momentum and weight decay), {@link Adam}, {@link AdamW} and {@link RMSprop}; each
 * takes an optional L1 regularization λ₁ beside its L2 weight decay.
 *
 * <h2>One training step</h2>
 * A trainer that follows a {@link LearningRateSchedule} sets the rate for the step about to be taken, counted
 * from 0, then steps; {@link #stepCount()} is that number, and it survives {@link #state()} and
 * {@link #fromState}, so a resumed run continues its schedule where it stopped:
 * <pre>{@code net.forward(x);
 * net.backward(y);                                                  // C′(W), C′(B)
 * GradientClipping.clipGlobalNorm(net.parameters(), 1.0);           // optional
 * optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));  // η for step t = 0, 1, 2, …
 * optimizer.step(net);                                              // W ← W − η·(update)}</pre>
 *
 * <h2>Resuming</h2>
 * {@link #state()} exports the settings, step count and per-parameter tensors exactly;
 * {@link #fromState} builds an optimizer from them that continues bitwise as the original would have.
 *
 * <p>Each step needs a backward pass of its own: stepping a network again without one would apply the same
 * gradients twice, and stepping it before any would apply zeros, so {@link #step(Network)} refuses both with
 * an {@link IllegalStateException}.
 *
 * <p>{@code step} allocates nothing once the first step has allocated the per-parameter state. An optimizer
 * is used by one thread at a time.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from the gradient beside it, whatever computed it: this is the
     * seam for gradients from elsewhere (placed in the parameters' gradient matrices), so nothing checks that
     * they are new; {@link #step(Network)} does. Modifies the parameters' values
     * (and the optimizer's state); the gradients are not modified. The first call binds the optimizer to
     * these parameters: to their value matrices themselves, in order, not merely to their names and shapes,
     * so that an optimizer reused on a second network of the same architecture is refused rather than
     * carrying the first network's state (moments, velocity, step count) into it.
     *
     * @param parameters the parameters with their gradients, in the same order on every call; a
     *                   random-access list such as {@link Network#parameters()}
     * @throws IllegalStateException                      if the parameters' count, names or shapes differ
     *                                                    from those of earlier calls, or their values are
     *                                                    not the very matrices of earlier calls (another
     *                                                    network's)
     * @throws io.github.backprop4j.matrix.ShapeException if a gradient's shape differs from its parameter's
     */
    void step(List<Parameter> parameters);

    /**
     * Applies one update to every parameter of {@code network} from the gradients its last
     * {@link Network#backward} left. The built-in optimizers refuse gradients that
     * no backward pass has computed since their last step (a network's zeros before its first backward pass,
     * or gradients already applied), comparing {@link Network#backwardCount()} with the count of their last
     * step; this default implementation, for optimizers of your own, does not check.
     *
     * @param network the network; its weights and biases are modified
     * @throws IllegalStateException if the network is not the one of earlier calls, or there was no backward
     *                               pass since the last step (or ever)
     */
    default void step(Network network) {
        step(network.parameters());
    }

    /**
     * Applies one update to every parameter of {@code network} from a flat gradient computed elsewhere (for
     * example the shards' {@link io.github.backprop4j.nn.GradientSum} of a data-parallel step): it becomes the
     * network's gradient ({@link Network#setFlatGradient}), which {@link #step(Network)} then applies.
     *
     * @param network      the network; its weights and biases, and its gradients, are modified
     * @param flatGradient C′ of every parameter, in the order of {@link Network#flatParameters()}; not modified
     * @throws IllegalArgumentException if {@code flatGradient} does not have {@link Network#parameterCount()}
     *                                  values
     * @throws IllegalStateException    if the network is not the one of earlier calls
     */
    default void step(Network network, double[] flatGradient) {
        network.setFlatGradient(flatGradient);
        step(network);
    }

    /**
     * Whether the last step is known to have read only finite gradients and written only finite parameter
     * values (no NaN, no ±∞). This library's optimizers find it in the update's own pass over the parameters
     * (each block of elements is checked while it is still in the cache), so a caller that refuses a diverged
     * step, such as {@link io.github.backprop4j.train.Trainer}, needs no second pass unless this is
     * {@code false}; it then looks for the culprit itself. This default implementation, for optimizers of your
     * own, returns {@code false}: not known.
     *
     * @return {@code true} if the last step's gradients and new values were all finite; {@code false} if one
     *         was not, if it is not known, or before the first step
     */
    default boolean lastStepFinite() {
        return false;
    }

    /**
     * The learning rate η used by the next step.
     *
     * @return η
     */
    double learningRate();

    /**
     * Sets the learning rate η for the following steps (a trainer following a {@link LearningRateSchedule}
     * calls this before every step).
     *
     * @param learningRate η, finite and &gt; 0
     * @throws IllegalArgumentException if η is not finite or not positive
     */
    void setLearningRate(double learningRate);

    /**
     * The number of steps taken so far (restored by {@link #fromState}): the step number t, counted from 0,
     * of the next step, which a trainer passes to {@link LearningRateSchedule#rate}.
     *
     * @return the number of completed calls of {@link #step}, ≥ 0
     */
    long stepCount();

    /**
     * A copy of this optimizer's complete state: its name, settings (including the current η), step count,
     * and per-parameter tensors, as described in {@link OptimizerState}. Later steps do not change it.
     *
     * @return a new state holding copies of the tensors
     */
    OptimizerState state();

    /**
     * A new optimizer that continues from {@code state} on {@code parameters}: stepping it gives bitwise the
     * same results as stepping the optimizer that exported the state. Everything is checked before the
     * optimizer is returned.
     *
     * @param state      a state from {@link #state()}, perhaps read back from a file; not modified (its
     *                   tensors are copied)
     * @param parameters the parameters the optimizer will step, as for {@link #step(List)}; not modified
     * @return a new {@link SgdOptimizer}, {@link Adam}, {@link AdamW} or {@link RMSprop}
     * @throws IllegalArgumentException if the name is unknown, a setting is missing, unknown or out of
     *                                  range, or the tensors' count, names or shapes do not fit the
     *                                  parameters, or a tensor holds a non-finite value
     */
    static Optimizer fromState(OptimizerState state, List<Parameter> parameters) {
        switch (state.name()) {
            case SgdOptimizer.NAME:
                return SgdOptimizer.fromState(state, parameters);
            case Adam.NAME:
                return Adam.fromState(state, parameters);
            case AdamW.NAME:
                return AdamW.fromState(state, parameters);
            case RMSprop.NAME:
                return RMSprop.fromState(state, parameters);
            default:
                throw new IllegalArgumentException("unknown optimizer \"" + state.name() + "\" (expected "
                        + SgdOptimizer.NAME + ", " + Adam.NAME + ", " + AdamW.NAME + " or " + RMSprop.NAME + ")");
        }
    }

    /**
     * Checks an initial learning rate, for implementations.
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
