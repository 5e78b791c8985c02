/**
 * Model files: {@link io.github.backprop4j.io.ModelFile} saves a network's architecture and weights, and
 * optionally the state of the optimizer training it (a checkpoint, read back as a
 * {@link io.github.backprop4j.io.Checkpoint}), to a file that NumPy opens as an {@code .npz} archive, and
 * loads such a file exactly or refuses it whole with a {@link io.github.backprop4j.io.ModelFileException}.
 *
 * <p>There is no mathematics here: the equations of forward and back propagation are in
 * {@link io.github.backprop4j.nn} ({@code Layer}, {@code Network}), and the updates in
 * {@link io.github.backprop4j.optim}. This package is format code — a zip archive reader and writer, NumPy's
 * {@code .npy} format, a strict JSON parser and writer for {@code model.json} — written here, rather than taken
 * from a library, so that the jar needs no dependency; and written strict, because a file is input from
 * anyone. Only {@code ModelFile}, {@code Checkpoint} and {@code ModelFileException} are public; the rest is
 * package-private.
 *
 * <p>The format is specified byte for byte in {@code docs/file-format.md}. No Java serialization is
 * involved: a file holds data from a closed list of names and never names a Java class.
 */
package io.github.backprop4j.io;
