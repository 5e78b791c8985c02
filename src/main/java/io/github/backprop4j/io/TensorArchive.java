package io.github.backprop4j.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The layer every model file goes through: a description ({@code model.json}) plus an ordered list of named
 * 2-D float64 tensors ({@code <name>.npy}), in a zip archive that NumPy opens as an {@code .npz}.
 *
 * <p>Writing puts {@code model.json} first, then the tensors in the order given. Reading parses the
 * archive, then the description, and asks a {@link Planner} which tensors, of which shapes, that description
 * requires; only then is any tensor extracted, each bounded by its expected size. An archive whose entries
 * are not exactly {@code model.json} plus the planned tensors is refused, so nothing is silently ignored.
 * Adding a kind of content (as the optimizer's state was added) means planning more tensors, not changing this
 * class.
 */
final class TensorArchive {

    /** The name of the description entry. */
    static final String DESCRIPTION = "model.json";
    /** The largest description accepted: 1 MiB. */
    static final int MAX_DESCRIPTION_BYTES = 1 << 20;
    /** The most float64 values all tensors of one file may hold together (their bytes fit in 2 GiB). */
    static final long MAX_VALUES = ZipArchive.MAX_FILE_BYTES / Double.BYTES;

    private TensorArchive() {
    }

    /**
     * A named 2-D tensor.
     *
     * @param name   the name, without {@code .npy}, e.g. {@code layers.0.weights}
     * @param rows   the first dimension
     * @param cols   the second dimension
     * @param values rows·cols values, row-major (not copied)
     */
    record Tensor(String name, int rows, int cols, double[] values) {
        Tensor {
            Objects.requireNonNull(name, "name");
            if ((long) rows * cols != values.length) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "tensor %s: %d values for %d×%d",
                        name, values.length, rows, cols));
            }
        }
    }

    /**
     * A tensor a description requires.
     *
     * @param name         the name, without {@code .npy}
     * @param rows         the first dimension, ≥ 1
     * @param cols         the second dimension, ≥ 1
     * @param vectorAllowed whether the 1-D shape {@code (cols,)} is accepted too (for a 1 × cols tensor)
     * @param purpose      what it is, for messages, e.g. "the weights of layer 0"
     */
    record TensorSpec(String name, int rows, int cols, boolean vectorAllowed, String purpose) {
    }

    /**
     * What a description means: the parsed form and the tensors it requires, in order.
     *
     * @param description the parsed description
     * @param tensors     the required tensors
     * @param <D>         the type of the parsed description
     */
    record Plan<D>(D description, List<TensorSpec> tensors) {
    }

    /**
     * Turns a parsed {@code model.json} into a {@link Plan}, refusing what it does not understand.
     *
     * @param <D> the type of the parsed description
     */
    interface Planner<D> {
        /**
         * Validates a description and lists the tensors it requires.
         *
         * @param description the JSON value of {@code model.json}
         * @return the plan
         * @throws ModelFileException if the description is not valid
         */
        Plan<D> plan(Json.Value description) throws ModelFileException;
    }

    /**
     * The description and the tensors of a file, in the planned order, each of the planned shape.
     *
     * @param description the parsed description
     * @param tensors     the tensors, shapes as planned
     * @param <D>         the type of the parsed description
     */
    record Contents<D>(D description, List<Tensor> tensors) {
    }

    /**
     * Writes a description and tensors as a model file.
     *
     * @param description the description
     * @param tensors     the tensors, in their documented order
     * @return the file's bytes
     * @throws IllegalArgumentException if the file or its description would exceed its size limit, or a name is
     *                                  not printable ASCII
     */
    static byte[] write(Json.Value description, List<Tensor> tensors) {
        List<String> names = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        byte[] json = Json.write(description);
        if (json.length > MAX_DESCRIPTION_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "model.json would be %,d bytes, more than"
                    + " the %,d bytes (1 MiB) a reader accepts: a network of this many layers cannot be saved",
                    json.length, MAX_DESCRIPTION_BYTES));
        }
        names.add(DESCRIPTION);
        data.add(json);
        for (Tensor t : tensors) {
            names.add(t.name() + ".npy");
            data.add(Npy.write(t.rows(), t.cols(), t.values()));
        }
        return ZipArchive.write(names, data);
    }

    /**
     * Reads a model file: all of it, exactly as planned, or nothing. The reads are bounded by what the
     * description plans, never by what the file claims: the structure first ({@link ZipArchive#read}), then
     * {@code model.json} (at most 1 MiB), then each planned tensor, whose entry may declare no more than the
     * planned shape needs and whose values are allocated only once its header and size are checked
     * ({@link Npy#read}).
     *
     * @param file    the file; not modified
     * @param planner what the description means
     * @param <D>     the type of the parsed description
     * @return the description and tensors
     * @throws ModelFileException if anything is damaged, missing, extra or not as the description says
     * @throws IOException        if the file cannot be read
     */
    static <D> Contents<D> read(ByteSource file, Planner<D> planner) throws IOException {
        Map<String, ZipArchive.Entry> entries = new LinkedHashMap<>();
        for (ZipArchive.Entry e : ZipArchive.read(file)) {
            entries.put(e.name(), e);
        }
        ZipArchive.Entry json = entries.get(DESCRIPTION);
        if (json == null) {
            throw new ModelFileException("no entry 'model.json': this zip archive is not a backprop4j model file"
                    + " (it holds " + list(entries.keySet()) + ")");
        }
        byte[] text = EntryReader.readAll(file, json, MAX_DESCRIPTION_BYTES, "model.json may have (1 MiB)");
        Plan<D> plan = planner.plan(Json.parse(text, "entry 'model.json'"));

        if (plan.tensors().size() >= ZipArchive.MAX_ENTRIES) {
            throw new ModelFileException(String.format(Locale.ROOT, "model.json describes %,d tensors; with model.json"
                    + " that is more than the %,d entries a model file may have", plan.tensors().size(),
                    ZipArchive.MAX_ENTRIES));
        }
        long total = 0;
        Map<String, TensorSpec> expected = new LinkedHashMap<>();
        for (TensorSpec spec : plan.tensors()) {
            total += (long) spec.rows() * spec.cols();
            if (total > MAX_VALUES) {
                throw new ModelFileException(String.format(Locale.ROOT, "model.json describes more than %,d values"
                        + " (reached with %s, %d×%d), more than a model file may hold", MAX_VALUES, spec.purpose(),
                        spec.rows(), spec.cols()));
            }
            expected.put(spec.name() + ".npy", spec);
        }
        for (TensorSpec spec : plan.tensors()) {
            if (!entries.containsKey(spec.name() + ".npy")) {
                throw new ModelFileException(String.format(Locale.ROOT, "no entry '%s.npy' for %s, which model.json"
                        + " describes", spec.name(), spec.purpose()));
            }
        }
        List<String> extra = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (!name.equals(DESCRIPTION) && !expected.containsKey(name)) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new ModelFileException("unexpected " + (extra.size() == 1 ? "entry " : "entries ") + list(extra)
                    + ", which model.json does not describe; a model file is refused rather than partly read");
        }

        List<Tensor> tensors = new ArrayList<>(plan.tensors().size());
        for (Map.Entry<String, TensorSpec> x : expected.entrySet()) {
            TensorSpec spec = x.getValue();
            long maxBytes = Npy.MAX_HEADER + (long) spec.rows() * spec.cols() * Double.BYTES;
            try (EntryReader npy = EntryReader.open(file, entries.get(x.getKey()), maxBytes,
                    String.format(Locale.ROOT, "a .npy of shape (%d, %d) may have", spec.rows(), spec.cols()))) {
                double[] values = Npy.read(npy, spec.rows(), spec.cols(), spec.vectorAllowed());
                tensors.add(new Tensor(spec.name(), spec.rows(), spec.cols(), values));
            }
        }
        return new Contents<>(plan.description(), List.copyOf(tensors));
    }

    private static String list(Iterable<String> names) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String name : names) {
            if (n++ == 10) {
                sb.append(", …");
                break;
            }
            sb.append(n > 1 ? ", " : "").append('\'').append(name).append('\'');
        }
        return n == 0 ? "no entries" : sb.toString();
    }
}
