/**
 * Model files: {@link io.github.backprop4j.io.ModelFile} saves a network's architecture and weights, and
 * optionally the state of the optimizer training it (a checkpoint, read back as a
 * {@link io.github.backprop4j.io.Checkpoint}), to a file that NumPy opens as an {@code .npz} archive, and
 * loads such a file exactly or refuses it whole with a {@link io.github.backprop4j.io.ModelFileException}.
 *
 * <p>The format is specified byte for byte in {@code docs/file-format.md}. No Java serialization is
 * involved: a file holds data from a closed list of names and never names a Java class.
 */
package io.github.backprop4j.io;
