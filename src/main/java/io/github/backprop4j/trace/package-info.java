/**
 * One training step, recorded in the seed article's names so that it can be read:
 * {@link io.github.backprop4j.trace.BackpropTrace} keeps X, Wh, Bh, Zh, H, Wo, Bo, Zo, O, y, C, Eo, Eh,
 * C′(W), C′(B) and the updated weights of a step, each with its equation and shape, and renders them as
 * text for a terminal, as Markdown, as JSON that numpy can check, or as one HTML page that shows the step
 * stage by stage in a browser and explains every number from the numbers it was made of.
 *
 * <p>This package sits on top of {@code nn} and {@code optim} and changes neither: the equations
 * themselves are computed by {@link io.github.backprop4j.nn.Layer} and
 * {@link io.github.backprop4j.nn.Network}, and the trace only copies what they computed.
 */
package io.github.backprop4j.trace;
