package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a CSV file of numbers and one label column into a {@link Dataset}. Configure with
 * {@link #builder()}; a reader is immutable and may be used from many threads.
 *
 * <pre>{@code CsvReader reader = CsvReader.builder()
 *         .labelColumn("species")     // class labels, named in the header
 *         .build();
 * CsvData iris = reader.read(Path.of("iris.csv"));
 * Dataset data = iris.dataset();          // 150 × 4 features, 150 × 3 one-hot targets
 * List<String> names = iris.classNames(); // [setosa, versicolor, virginica]}</pre>
 *
 * <h2>The format</h2>
 * <ul>
 *   <li>Cells are separated by the delimiter (default {@code ','}); lines end in LF, CRLF or CR; empty lines
 *       are skipped; a UTF-8 byte-order mark is ignored.</li>
 *   <li>Quoting follows RFC 4180: a cell in double quotes may hold the delimiter, line breaks and doubled
 *       quotes ({@code ""}).</li>
 *   <li>The first line is a header of column names unless {@link Builder#header(boolean) header(false)}.
 *       Every line must have as many cells as the first.</li>
 *   <li>Every cell but the label is a decimal number such as {@code -1}, {@code 0.5}, {@code .5} or
 *       {@code 6.02e23}. Spaces around a cell are ignored. {@code NaN}, {@code Infinity}, hexadecimal and
 *       numbers beyond the range of {@code double} are refused.</li>
 *   <li>The label column (default: the last) holds either class names, which become one-hot targets, or a
 *       number, which becomes an {@code n × 1} target.</li>
 * </ul>
 *
 * <h2>Class indices</h2>
 * By default the classes are the distinct labels in the file, <em>sorted</em>: class 0 is the first label in
 * that order. When every label is a whole number ({@code [+-]?[0-9]+}, as {@code 1} to {@code 12}), they are
 * sorted by value, so {@code 2} comes before {@code 10}; two spellings of one value ({@code 1}, {@code 01})
 * stay two classes, in {@link String#compareTo} order. Otherwise they are sorted as strings
 * ({@link String#compareTo}: {@code 10} before {@code 2}, upper case before lower case). Sorting, rather
 * than order of first appearance, gives a training file and a test file the same indices whenever both hold
 * every class; to be sure, pass the training file's {@link CsvData#classNames()} to
 * {@link Builder#classLabels(List)} when reading the test file.
 *
 * <h2>Errors</h2>
 * Any problem in the file throws a {@link MalformedDataException} naming the file, the 1-based line and
 * the 1-based column (with its header name when there is a header), for example
 * {@code iris.csv: line 7, column 3 ('petal_width'): 'abc' is not a number}: an empty file, a header with
 * no rows after it, a missing, extra or empty cell, a cell that is not a number, NaN or Infinity, an
 * unknown label column or class name, and broken quoting. Nothing is half-loaded.
 */
public final class CsvReader {

    private final char delimiter;
    private final boolean header;
    private final String labelName;
    private final int labelIndex;
    private final boolean numericLabel;
    private final List<String> classNames;

    private CsvReader(Builder b) {
        this.delimiter = b.delimiter;
        this.header = b.header;
        this.labelName = b.labelName;
        this.labelIndex = b.labelIndex;
        this.numericLabel = b.numericLabel;
        this.classNames = b.classNames;
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    /**
     * The order of class labels: by value if every label is a whole number (ties between spellings of one
     * value, such as 1 and 01, by {@link String#compareTo}), else by {@link String#compareTo}.
     */
    static Comparator<String> classOrder(List<String> labels) {
        for (String label : labels) {
            if (!WHOLE_NUMBER.matcher(label).matches()) {
                return Comparator.naturalOrder();
            }
        }
        return Comparator.comparing((String label) -> new BigInteger(label)).thenComparing(Comparator.naturalOrder());
    }

    /**
     * A builder with the defaults: delimiter {@code ','}, a header line, the last column as the label,
     * class labels sorted by name.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a UTF-8 file.
     *
     * @param file the CSV file
     * @return the dataset and its names
     * @throws MalformedDataException if the content is not valid, naming the file, line and column
     * @throws IOException            if the file cannot be read or is not valid UTF-8
     */
    public CsvData read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads CSV text from a reader, to its end. The reader is not closed.
     *
     * @param reader     the text
     * @param sourceName what to call the text in error messages, for example a file name
     * @return the dataset and its names
     * @throws MalformedDataException if the content is not valid, naming the source, line and column
     * @throws IOException            if the reader fails
     */
    public CsvData read(Reader reader, String sourceName) throws IOException {
        return new Parse(new CsvTokenizer(reader, delimiter, sourceName), sourceName).run();
    }

    /** The state of one read. */
    private final class Parse {
        private final CsvTokenizer tokens;
        private final String source;
        private final DoubleList features = new DoubleList();
        private final DoubleList targets = new DoubleList();
        private final Map<String, Integer> classIndex = new HashMap<>();
        private final List<String> classesSeen = new ArrayList<>();
        private List<String> names = List.of();
        private int width;
        private int label;

        Parse(CsvTokenizer tokens, String source) {
            this.tokens = tokens;
            this.source = source;
            if (classNames != null) {
                for (int i = 0; i < classNames.size(); i++) {
                    classIndex.put(classNames.get(i), i);
                }
                classesSeen.addAll(classNames);
            }
        }

        CsvData run() throws IOException {
            List<String> row = tokens.next();
            if (row == null) {
                throw new MalformedDataException(source + ": the file is empty");
            }
            if (row.get(0).startsWith("\uFEFF")) {
                row.set(0, row.get(0).substring(1));
            }
            width = row.size();
            if (header) {
                names = row.stream().map(String::strip).toList();
                row = tokens.next();
                if (row == null) {
                    throw new MalformedDataException(source + ": line 1 is a header, but no data lines follow");
                }
            }
            label = labelColumn();
            int rows = 0;
            for (; row != null; row = tokens.next()) {
                readRow(row, tokens.recordLine());
                rows++;
            }
            List<String> featureNames = new ArrayList<>(names);
            if (header) {
                featureNames.remove(label);
            }
            Matrix x = Matrix.wrap(rows, width - 1, features.toArray());
            if (numericLabel) {
                return new CsvData(Dataset.owning(x, Matrix.wrap(rows, 1, targets.toArray())), featureNames,
                        List.of());
            }
            return classes(x, featureNames);
        }

        private int labelColumn() throws MalformedDataException {
            if (labelName != null) {
                int index = names.indexOf(labelName);
                if (index < 0) {
                    throw new MalformedDataException(String.format(Locale.ROOT,
                            "%s: line 1: the header has no column named '%s' (columns: %s)", source, labelName,
                            String.join(", ", names)));
                }
                return index;
            }
            if (labelIndex >= width) {
                throw new MalformedDataException(String.format(Locale.ROOT,
                        "%s: line 1: the label column index %d (0-based) is outside the %d columns", source,
                        labelIndex, width));
            }
            return labelIndex < 0 ? width - 1 : labelIndex;
        }

        private void readRow(List<String> cells, int line) throws MalformedDataException {
            if (cells.size() < width) {
                throw error(line, cells.size(), String.format(Locale.ROOT,
                        "missing cell (the line has %d cells, expected %d)", cells.size(), width));
            }
            if (cells.size() > width) {
                throw error(line, width, String.format(Locale.ROOT,
                        "extra cell (the line has %d cells, expected %d)", cells.size(), width));
            }
            for (int c = 0; c < width; c++) {
                String cell = cells.get(c).strip();
                if (cell.isEmpty()) {
                    throw error(line, c, "empty cell");
                }
                if (c != label) {
                    features.add(number(cell, line, c));
                } else if (numericLabel) {
                    targets.add(number(cell, line, c));
                } else {
                    targets.add(classOf(cell, line, c));
                }
            }
        }

        private double number(String cell, int line, int column) throws MalformedDataException {
            if (!isDecimal(cell)) {
                String lower = cell.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
                if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
                    throw error(line, column, "'" + cell + "' is refused: values must be finite numbers");
                }
                throw error(line, column, "'" + cell + "' is not a number");
            }
            double value = Double.parseDouble(cell);
            if (Double.isInfinite(value)) {
                throw error(line, column, "'" + cell + "' is beyond the range of double");
            }
            return value;
        }

        private int classOf(String cell, int line, int column) throws MalformedDataException {
            Integer index = classIndex.get(cell);
            if (index == null) {
                if (classNames != null) {
                    throw error(line, column, "'" + cell + "' is not one of the class names " + classNames);
                }
                index = classesSeen.size();
                classIndex.put(cell, index);
                classesSeen.add(cell);
            }
            return index;
        }

        /** Builds the one-hot targets, renumbering the classes in sorted order unless they were given. */
        private CsvData classes(Matrix x, List<String> featureNames) {
            double[] codes = targets.toArray();
            List<String> sorted = new ArrayList<>(classesSeen);
            if (classNames == null) {
                sorted.sort(classOrder(sorted));
            }
            Map<String, Integer> sortedIndex = new HashMap<>();
            for (int i = 0; i < sorted.size(); i++) {
                sortedIndex.put(sorted.get(i), i);
            }
            int[] newIndex = new int[classesSeen.size()];
            for (int i = 0; i < newIndex.length; i++) {
                newIndex[i] = sortedIndex.get(classesSeen.get(i));
            }
            int[] labels = new int[codes.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = newIndex[(int) codes[i]];
            }
            return new CsvData(Dataset.owning(x, OneHot.encode(labels, sorted.size())), featureNames, sorted);
        }

        /** An error at a 0-based column index, reported 1-based with the header name. */
        private MalformedDataException error(int line, int column, String what) {
            String name = column < names.size() ? " ('" + names.get(column) + "')" : "";
            return new MalformedDataException(String.format(Locale.ROOT, "%s: line %d, column %d%s: %s", source, line,
                    column + 1, name, what));
        }
    }

    /** Whether {@code s} is a plain decimal: optional sign, digits with an optional point, optional exponent. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Settings for a {@link CsvReader}. Each setter returns this builder. */
    public static final class Builder {
        private char delimiter = ',';
        private boolean header = true;
        private String labelName;
        private int labelIndex = -1;
        private boolean numericLabel;
        private List<String> classNames;

        private Builder() {
        }

        /**
         * The character between cells; default {@code ','}.
         *
         * @param delimiter for example {@code ';'} or {@code '\t'}
         * @return this builder
         * @throws IllegalArgumentException if it is a double quote or a line break
         */
        public Builder delimiter(char delimiter) {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "delimiter: U+%04X cannot be a delimiter (it is a quote or a line break)", (int) delimiter));
            }
            this.delimiter = delimiter;
            return this;
        }

        /**
         * Whether the first line is a header of column names; default {@code true}.
         *
         * @param header {@code false} if the first line is already data
         * @return this builder
         */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /**
         * The label column, by its header name (the first column of that name). Needs a header.
         *
         * @param name the column name, compared after stripping spaces around the header cells
         * @return this builder
         */
        public Builder labelColumn(String name) {
            this.labelName = Objects.requireNonNull(name, "name");
            this.labelIndex = -1;
            return this;
        }

        /**
         * The label column, by its <em>0-based</em> index (error messages count columns from 1). The default
         * is the last column.
         *
         * @param index 0 for the first column, ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if {@code index} is negative
         */
        public Builder labelColumn(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("labelColumn: index must be ≥ 0, got " + index);
            }
            this.labelIndex = index;
            this.labelName = null;
            return this;
        }

        /**
         * The label holds class names; the classes are the distinct names in the file, sorted: by value if
         * every name is a whole number, else as strings (see "Class indices" above). This is the default.
         *
         * @return this builder
         */
        public Builder classLabels() {
            this.numericLabel = false;
            this.classNames = null;
            return this;
        }

        /**
         * The label holds class names from the given list, class i being {@code classNames.get(i)}; any other
         * name in the file is an error. Use it to give a test file the training file's classes.
         *
         * @param classNames the class names, distinct, at least one; copied
         * @return this builder
         * @throws IllegalArgumentException if the list is empty or holds a name twice
         */
        public Builder classLabels(List<String> classNames) {
            List<String> copy = List.copyOf(classNames);
            if (copy.isEmpty() || new HashSet<>(copy).size() != copy.size()) {
                throw new IllegalArgumentException("classLabels: need at least one class name and no name twice, got "
                        + copy);
            }
            this.numericLabel = false;
            this.classNames = copy;
            return this;
        }

        /**
         * The label is a number, read into an {@code n × 1} target (regression).
         *
         * @return this builder
         */
        public Builder numericLabel() {
            this.numericLabel = true;
            this.classNames = null;
            return this;
        }

        /**
         * The reader with these settings.
         *
         * @return a new, immutable reader
         * @throws IllegalStateException if the label column is given by name but there is no header
         */
        public CsvReader build() {
            if (labelName != null && !header) {
                throw new IllegalStateException("build: the label column '" + labelName
                        + "' is given by name, but header(false) says the file has no header");
            }
            return new CsvReader(this);
        }
    }
}
