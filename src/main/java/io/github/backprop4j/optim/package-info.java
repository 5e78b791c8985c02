/**
 * Optimizers: how the gradients of a backward pass become an update of the weights.
 *
 * <ul>
 *   <li>{@link io.github.backprop4j.optim.Optimizer} — the interface: {@code step}, the learning rate, and the
 *       exportable {@link io.github.backprop4j.optim.OptimizerState}.</li>
 *   <li>{@link io.github.backprop4j.optim.SgdOptimizer} (plain, momentum, Nesterov, L2 weight decay),
 *       {@link io.github.backprop4j.optim.Adam} (Kingma &amp; Ba 2015),
 *       {@link io.github.backprop4j.optim.AdamW} (Loshchilov &amp; Hutter 2019) and
 *       {@link io.github.backprop4j.optim.RMSprop} (Tieleman &amp; Hinton 2012), each with optional L1
 *       regularization.</li>
 *   <li>{@link io.github.backprop4j.optim.LearningRateSchedule} — η per step: constant, step decay,
 *       exponential, cosine annealing, linear warm-up.</li>
 *   <li>{@link io.github.backprop4j.optim.GradientClipping} — global gradient-norm clipping.</li>
 * </ul>
 * The update equations, defaults and papers are in {@code docs/optimizers.md}.
 */
package io.github.backprop4j.optim;
