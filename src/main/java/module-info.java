/**
 * backprop4j: dense feed-forward neural networks in plain Java, with no dependencies.
 *
 * <ul>
 *   <li>{@link io.github.backprop4j.matrix} — the {@code Matrix} everything is computed with.</li>
 *   <li>{@link io.github.backprop4j.nn} — activations, losses, initializers, layers, networks and the
 *       gradient checker.</li>
 *   <li>{@link io.github.backprop4j.optim} — optimizers that apply the gradients.</li>
 *   <li>{@link io.github.backprop4j.data} — datasets, mini-batches, splits, scalers, and the CSV and IDX
 *       (MNIST) readers.</li>
 *   <li>{@link io.github.backprop4j.train} — the mini-batch trainer, its listeners, history, early
 *       stopping and progress bar.</li>
 *   <li>{@link io.github.backprop4j.chart} — training curves written as SVG line charts.</li>
 *   <li>{@link io.github.backprop4j.io} — model files: save a network, load it back exactly.</li>
 *   <li>{@link io.github.backprop4j.trace} — one training step recorded in the seed's names, as text,
 *       Markdown or JSON.</li>
 * </ul>
 * The package {@code io.github.backprop4j.internal} holds the kernels and is not exported.
 */
module io.github.backprop4j {
    // a thread's CPU time, to see when another process shares the cores (internal.CoreShare)
    requires java.management;
    exports io.github.backprop4j.matrix;
    exports io.github.backprop4j.nn;
    exports io.github.backprop4j.optim;
    exports io.github.backprop4j.data;
    exports io.github.backprop4j.train;
    exports io.github.backprop4j.chart;
    exports io.github.backprop4j.io;
    exports io.github.backprop4j.trace;
}
