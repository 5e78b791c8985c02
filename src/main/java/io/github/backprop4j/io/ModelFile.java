package io.github.backprop4j.io;

import io.github.backprop4j.internal.AtomicFiles;
import io.github.backprop4j.io.TensorArchive.Tensor;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Saves a network to a model file and loads it back exactly, or refuses the file whole.
 *
 * <pre>{@code ModelFile.save(network, Path.of("digits.npz"));
 * Network same = ModelFile.load(Path.of("digits.npz"));   // bitwise the same weights and predictions}</pre>
 *
 * <p>A model file is a zip archive that is also a NumPy {@code .npz}: {@code model.json} describes the
 * architecture (input size; each layer's units, activation and dropout rate; the loss) and one {@code .npy}
 * per tensor holds the weights ({@code layers.0.weights.npy}, {@code in × units}) and biases
 * ({@code layers.0.biases.npy}, {@code 1 × units}) as float64. Python opens it without this library:
 * <pre>
 *   z = numpy.load("digits.npz"); w0 = z["layers.0.weights"]
 *   description = json.loads(z["model.json"])
 * </pre>
 * The format is specified byte for byte, with its version policy, in {@code docs/file-format.md}. A file
 * names activations and losses from a closed list; it never names a Java class, and no Java serialization is
 * used, so upgrades of the library do not break files and a file cannot run code.
 *
 * <p>The entry points: {@link #save(Network, Path) save} and {@link #toBytes(Network) toBytes} a network, with or
 * without its optimizer; {@link #load(Path) load} a network from a path or from bytes; and
 * {@link #loadCheckpoint(Path, RandomGenerator) loadCheckpoint} the network and its optimizer from a path or from
 * bytes, with a generator for the dropout masks.
 *
 * <p><b>Saving</b> is deterministic (the same network gives the same bytes) and atomic: the file is written
 * beside the target under a temporary name, forced to disk, then moved over the target, so a crash leaves
 * either the old file or the new one, never a half-written one; the next save of the same file removes a
 * temporary file that a crashed save left behind.
 *
 * <p><b>Loading</b> gives a network bitwise equal in every weight and bias, hence with bitwise identical
 * {@link Network#predict predictions}, or throws {@link ModelFileException} and returns nothing: for a path that
 * is not a regular file, a truncated or damaged file (every entry's CRC-32 is checked), a file that is not a
 * model file, one of a newer format version, a description that is invalid or does not match the tensors, and
 * sizes that are absurd. Files of up to 2 GiB minus 1 KiB are read, in pieces and never whole: the structure
 * first, then what the description plans, so memory goes to the model the file is checked to hold (about twice
 * its size at the peak), never to what a file merely claims. Files that NumPy writes with {@code numpy.savez} or
 * {@code numpy.savez_compressed}, plus a {@code model.json}, load too.
 *
 * <p><b>Checkpoints.</b> A file may also hold the state of the optimizer that is training the network
 * ({@link SgdOptimizer}, {@link Adam}, {@link AdamW} or {@link io.github.backprop4j.optim.RMSprop}: settings,
 * step count, momentum or moment tensors as
 * {@code optimizer.<parameter>.<slot>.npy}), so that training resumes bit for bit:
 * <pre>{@code ModelFile.save(network, optimizer, Path.of("run.npz"));
 * // … later, perhaps in another process:
 * Checkpoint c = ModelFile.loadCheckpoint(Path.of("run.npz"), dropoutRandom);
 * trainer = Trainer.builder().optimizer(c.optimizer().orElseThrow()) … .build();
 * trainer.fit(c.network(), training);   // the same weights, bit for bit, as never having stopped}</pre>
 * A checkpoint holds what the network and the optimizer hold, and nothing of the loop around them: the data
 * order, a trainer's shuffle generator and the dropout generator (pass one in the state the uninterrupted run
 * would have had) are the caller's to carry over; a learning-rate schedule resumes by itself, since the
 * optimizer's step count is restored. {@link #load(Path)} of a checkpoint checks all of it, optimizer state
 * included, and returns the network alone.
 *
 * <p>All methods are thread-safe; saving reads the network (and the optimizer), so do not train it meanwhile.
 */
public final class ModelFile {

    private ModelFile() {
    }

    /**
     * Saves a network to {@code path}, atomically: a crash never leaves a half-written file in its place.
     * An existing file is replaced.
     *
     * @param network the network; not modified
     * @param path    the file to write, usually ending in {@code .npz}; its folder must exist
     * @throws IllegalArgumentException if an activation or the loss is not a built-in (an activation of your
     *                                  own, from {@link Activation#elementwise}, cannot be saved), or a weight
     *                                  or bias is not finite
     * @throws IOException              if the file cannot be written; the previous file, if any, is then
     *                                  unchanged
     */
    public static void save(Network network, Path path) throws IOException {
        write(toBytes(network), path);
    }

    /**
     * Saves a network with the state of the optimizer that is training it, atomically, so that training can
     * resume bit for bit ({@link #loadCheckpoint(Path, RandomGenerator)}). An existing file is replaced.
     *
     * <p>The file is a model file like any other, with an {@code "optimizer"} object in {@code model.json}
     * (name, settings, step count) and, once the optimizer has stepped, its per-parameter tensors
     * ({@code optimizer.layers.0.weights.m.npy}, …) after the network's. The same network and optimizer state
     * give the same bytes.
     *
     * @param network   the network; not modified
     * @param optimizer the optimizer training it: an {@link SgdOptimizer}, {@link Adam}, {@link AdamW} or
     *                  {@link io.github.backprop4j.optim.RMSprop},
     *                  unused or bound to this network's parameters; not modified
     * @param path      the file to write, usually ending in {@code .npz}; its folder must exist
     * @throws IllegalArgumentException as {@link #save(Network, Path)}, or if the optimizer is of another class,
     *                                  is bound to another network's parameters, or holds a non-finite value
     * @throws IOException              if the file cannot be written; the previous file, if any, is then
     *                                  unchanged
     */
    public static void save(Network network, Optimizer optimizer, Path path) throws IOException {
        write(toBytes(network, optimizer), path);
    }

    /** Writes {@code bytes} to {@code path} atomically and durably, as §9 of docs/file-format.md describes. */
    private static void write(byte[] bytes, Path path) throws IOException {
        AtomicFiles.write(path, bytes);
    }

    /**
     * The bytes of the model file of a network: what {@link #save} writes.
     *
     * @param network the network; not modified
     * @return the file's bytes, the same for the same network
     * @throws IllegalArgumentException as {@link #save}, or if the file would exceed 2 GiB minus 1 KiB
     */
    public static byte[] toBytes(Network network) {
        Objects.requireNonNull(network, "network");
        ModelDescription description = ModelDescription.of(network);
        return TensorArchive.write(description.toJson(), ModelDescription.tensors(network));
    }

    /**
     * The bytes of the model file of a network with its optimizer's state: what
     * {@link #save(Network, Optimizer, Path)} writes.
     *
     * @param network   the network; not modified
     * @param optimizer the optimizer training it; not modified
     * @return the file's bytes, the same for the same network and optimizer state
     * @throws IllegalArgumentException as {@link #save(Network, Optimizer, Path)}, or if the file would exceed
     *                                  2 GiB minus 1 KiB or 65,534 entries
     */
    public static byte[] toBytes(Network network, Optimizer optimizer) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(optimizer, "optimizer");
        ModelDescription description = ModelDescription.of(network);
        OptimizerState state = optimizer.state();
        OptimizerDescription optimizerDescription = OptimizerDescription.of(optimizer, state);
        List<Tensor> tensors = new ArrayList<>(ModelDescription.tensors(network));
        tensors.addAll(optimizerDescription.tensors(state, description.parameterSpecs()));
        return TensorArchive.write(description.withOptimizer(optimizerDescription).toJson(), tensors);
    }

    /**
     * Loads a network. Layers with dropout get a new, unseeded generator for their masks; to draw them from a
     * generator of yours, use {@link #loadCheckpoint(Path, RandomGenerator)}{@code .network()}.
     *
     * <p>A file that also holds an optimizer's state (a checkpoint) is checked whole, that state included, and
     * refused if {@link #loadCheckpoint(Path, RandomGenerator)} would refuse it; then the network is returned
     * alone.
     *
     * @param path the model file: a regular file, or a symbolic link to one
     * @return the network, bitwise equal to the one saved
     * @throws ModelFileException if the path is not a regular file (a directory, FIFO, device or socket), or the
     *                            file is not a valid model file (the message says what and where)
     * @throws IOException        if the file cannot be read
     */
    public static Network load(Path path) throws IOException {
        return loadCheckpoint(path, null).network();
    }

    /**
     * Loads a network from the bytes of a model file, e.g. read from a resource, as {@link #load(Path)} loads it
     * from a file.
     *
     * @param file the file's bytes; not modified
     * @return the network, bitwise equal to the one saved
     * @throws ModelFileException if the bytes are not a valid model file
     */
    public static Network load(byte[] file) throws ModelFileException {
        return loadCheckpoint(file, null).network();
    }

    /**
     * Loads a network, whose dropout layers draw their masks from {@code dropoutRandom}, and, if the file holds
     * one, the optimizer that was training it. Resuming then gives bitwise the weights of a run that never
     * stopped, provided the batches come in the same order and {@code dropoutRandom} is in the state that run's
     * dropout generator would have had (for example, the very same generator object).
     *
     * <p>The path is checked before it is opened: anything but a regular file (or a symbolic link to one) is
     * refused by name, so that a FIFO or a device never makes the load block or read without end. The file is
     * then read in pieces, structure first, and never whole: see {@code docs/file-format.md} §5 for the order of
     * the checks and the memory a load needs (about twice the model's own size, never what the file claims).
     *
     * @param path          the model file: a regular file, or a symbolic link to one
     * @param dropoutRandom the source of the dropout masks of all layers with dropout (kept), or null for a
     *                      new unseeded one; unused if no layer has dropout
     * @return the network and the optimizer, bound to it (empty if the file holds no optimizer state)
     * @throws ModelFileException if the path is not a regular file (a directory, FIFO, device or socket), or the
     *                            file is not a valid model file; the message starts with the path and says what
     *                            is wrong and where
     * @throws IOException        if the file cannot be read, e.g. {@link java.nio.file.NoSuchFileException}
     */
    public static Checkpoint loadCheckpoint(Path path, RandomGenerator dropoutRandom) throws IOException {
        try {
            requireRegularFile(path);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                return read(ByteSource.of(channel), dropoutRandom);
            }
        } catch (ModelFileException e) {
            throw new ModelFileException(Json.escapeControls(path.toString()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a network and, if the bytes hold one, its optimizer from the bytes of a model file, as
     * {@link #loadCheckpoint(Path, RandomGenerator)} loads them from a file.
     *
     * @param file          the file's bytes; not modified
     * @param dropoutRandom the source of the dropout masks (kept), or null for a new unseeded one
     * @return the network and the optimizer, bound to it (empty if the file holds no optimizer state)
     * @throws ModelFileException if the bytes are not a valid model file
     */
    public static Checkpoint loadCheckpoint(byte[] file, RandomGenerator dropoutRandom) throws ModelFileException {
        try {
            return read(ByteSource.of(file), dropoutRandom);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("an array cannot fail to be read", e);
        }
    }

    /**
     * Refuses, before opening it, a path that is not a regular file: a directory, and a FIFO, device or socket,
     * whose reading may block for ever (a FIFO without a writer) or never end ({@code /dev/zero}). A symbolic link
     * is followed: a link to a regular file is that file.
     */
    private static void requireRegularFile(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new ModelFileException("is a directory, not a model file");
        }
        if (!attributes.isRegularFile()) {
            throw new ModelFileException("is " + kindOfSpecialFile(path) + ", not a regular file; a model file is"
                    + " read from a regular file only");
        }
    }

    /** "a FIFO (named pipe)", "a character device", … where the platform says (POSIX), else all of them. */
    private static String kindOfSpecialFile(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0xF000; // S_IFMT of st_mode
            switch (type) {
                case 0x1000: return "a FIFO (named pipe)";
                case 0x2000: return "a character device";
                case 0x6000: return "a block device";
                case 0xC000: return "a socket";
                default: break;
            }
        } catch (IOException | RuntimeException e) {
            // no "unix" attribute view here (e.g. Windows): say what it may be
        }
        return "a device, FIFO or socket";
    }

    private static Checkpoint read(ByteSource file, RandomGenerator dropoutRandom) throws IOException {
        TensorArchive.Contents<ModelDescription> contents = TensorArchive.read(file, ModelDescription::plan);
        ModelDescription description = contents.description();
        List<Tensor> tensors = contents.tensors();
        Network network = description.build(tensors, dropoutRandom);
        if (description.optimizer() == null) {
            return new Checkpoint(network, Optional.empty());
        }
        int parameters = description.parameterSpecs().size();
        Optimizer optimizer = description.optimizer().build(tensors.subList(parameters, tensors.size()), network);
        return new Checkpoint(network, Optional.of(optimizer));
    }
}
