package io.github.backprop4j.data;

import io.github.backprop4j.internal.Messages;
import io.github.backprop4j.internal.SampleWeights;
import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a CSV file of numbers and one label column, or several, into a {@link Dataset}. Configure with
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
 *   <li>The file is UTF-8. Cells are separated by the delimiter (default {@code ','}); lines end in LF, CRLF
 *       or CR; empty lines are skipped; a byte-order mark at the start is ignored (as Excel and Python's
 *       {@code utf-8-sig} write it), also before a quoted cell.</li>
 *   <li>Quoting follows RFC 4180: a cell in double quotes may hold the delimiter, line breaks and doubled
 *       quotes ({@code ""}).</li>
 *   <li>The first line is a header of column names unless {@link Builder#header(boolean) header(false)}.
 *       Every line must have as many cells as the first: at least two (a feature and the label), at most
 *       {@link #MAX_COLUMNS}. A cell holds at most {@link #MAX_CELL_LENGTH} characters.</li>
 *   <li>Every cell but the label is a decimal number such as {@code -1}, {@code 0.5}, {@code .5} or
 *       {@code 6.02e23}. Spaces around a cell are ignored. {@code NaN}, {@code Infinity}, hexadecimal and
 *       numbers beyond the range of {@code double} are refused.</li>
 *   <li>The label column (default: the last) holds either class names, which become one-hot targets, or a
 *       number, which becomes an {@code n × 1} target.</li>
 *   <li>{@link Builder#labelColumns(String...)} (or by index) chooses several label columns, which hold
 *       numbers and become an {@code n × k} target, column j from the j-th column named: several outputs to
 *       predict (multi-output regression), or several 0/1 labels of which any may be 1 (multi-label, for sigmoid
 *       outputs and binary cross-entropy). Every other column is a feature, in file order; at least one must
 *       be left.</li>
 * </ul>
 * <pre>{@code CsvReader reader = CsvReader.builder().labelColumns("latitude", "longitude").build();
 * CsvData data = reader.read(Path.of("places.csv"));   // n × 2 targets; data.labelNames() = [latitude, longitude]}</pre>
 *
 * <h2>A weight column</h2>
 * {@link Builder#weightColumn(String)} (or by index) names a column of sample weights, which is then neither a
 * feature nor a label: the dataset {@link Dataset#hasWeights() carries them}, and the trainer weighs each
 * sample's cost by them. Each weight is a number ≥ 0 (NaN, ±∞ and negative weights are refused at their line
 * and column), and they must not all be 0. A weight column that is also a label column, or that leaves no
 * feature column, is refused.
 * <pre>{@code CsvReader reader = CsvReader.builder().labelColumn("species").weightColumn("weight").build();
 * Dataset data = reader.read(Path.of("survey.csv")).dataset();   // data.weights(): the column "weight"}</pre>
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
 * <p>Found this way, the classes are at most {@link #MAX_CLASSES}: a label column with more distinct values
 * is almost always a number to predict, which {@link Builder#numericLabel()} reads, and as classes it would
 * make an {@code n × n} one-hot matrix. Classes listed with {@link Builder#classLabels(List)} have no such
 * limit; their one-hot targets must still fit in a Java array and in the heap.
 *
 * <h2>Errors</h2>
 * Any problem in the file throws a {@link MalformedDataException} naming the file, the 1-based line and
 * the 1-based column (with its header name when there is a header), for example
 * {@code iris.csv: line 7, column 3 ('petal_width'): 'abc' is not a number}: an empty file, a header with
 * no rows after it, a missing, extra or empty cell, a cell that is not a number, NaN or Infinity, an
 * unknown label column or class name, label columns that leave no feature column, a weight column that is also
 * a label or leaves no feature, a negative weight or weights that are all 0, broken quoting, a file with a single
 * column (usually the wrong delimiter), more than {@link #MAX_CLASSES} classes found, data too large for a Java array or the heap,
 * and bytes that are not UTF-8 (naming the line and byte offset). Cells and names quoted in a message have
 * their control characters escaped and are cut after 60 characters. Nothing is half-loaded.
 */
public final class CsvReader {

    /**
     * The most classes the default {@link Builder#classLabels()} finds in a file: 1000, the number of classes
     * of ImageNet, the largest common classification benchmark. Past it, the label is refused at the line
     * where it appears, with a message that points at {@link Builder#numericLabel()}.
     */
    public static final int MAX_CLASSES = 1000;

    /** The most cells a line may have: 2²⁰ = 1,048,576. */
    public static final int MAX_COLUMNS = 1 << 20;

    /**
     * The most characters a cell may hold: 2¹⁶ = 65,536. A number needs a few dozen and a name a few hundred;
     * a longer cell is most often a quote left open, which would otherwise swallow the rest of the file.
     */
    public static final int MAX_CELL_LENGTH = 1 << 16;

    private final char delimiter;
    private final boolean header;
    /** The label columns by name, in target order, or null if chosen by index. */
    private final List<String> labelNames;
    /** The label columns by 0-based index, in target order, or null for the default (the last column). */
    private final int[] labelIndices;
    private final boolean numericLabel;
    private final List<String> classNames;
    /** The weight column by name, or by 0-based index (−1 if by name or none); both unset: no weights. */
    private final String weightName;
    private final int weightIndex;

    private CsvReader(Builder b) {
        this.delimiter = b.delimiter;
        this.header = b.header;
        this.labelNames = b.labelNames;
        this.labelIndices = b.labelIndices;
        this.numericLabel = b.numericLabel || b.labelCount() > 1;
        this.classNames = b.classNames;
        this.weightName = b.weightName;
        this.weightIndex = b.weightIndex;
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    /** The marks of a feature column and of the weight column in {@code Parse.targetOf}. */
    private static final int FEATURE = -1;
    private static final int WEIGHT = -2;

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
        return ((Comparator<String>) CsvReader::compareWholeNumbers).thenComparing(Comparator.naturalOrder());
    }

    /**
     * Compares two whole numbers ({@code [+-]?[0-9]+}) by value, digit by digit: parsing each into a
     * {@code BigInteger} at every comparison cost time quadratic in the digits (80 ms for 60,000), which a file
     * of long labels turned into minutes of sorting.
     */
    static int compareWholeNumbers(String a, String b) {
        int signA = a.charAt(0) == '-' ? -1 : 1;
        int signB = b.charAt(0) == '-' ? -1 : 1;
        String magnitudeA = withoutSignAndLeadingZeros(a);
        String magnitudeB = withoutSignAndLeadingZeros(b);
        if (magnitudeA.isEmpty() && magnitudeB.isEmpty()) {
            return 0;  // 0, +0, -0, 00
        }
        if (magnitudeA.isEmpty() || magnitudeB.isEmpty() || signA != signB) {
            int valueSignA = magnitudeA.isEmpty() ? 0 : signA;
            int valueSignB = magnitudeB.isEmpty() ? 0 : signB;
            return Integer.compare(valueSignA, valueSignB);
        }
        int byMagnitude = magnitudeA.length() != magnitudeB.length()
                ? Integer.compare(magnitudeA.length(), magnitudeB.length()) : magnitudeA.compareTo(magnitudeB);
        return signA * byMagnitude;
    }

    private static String withoutSignAndLeadingZeros(String s) {
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        while (i < s.length() && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
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
     * @throws MalformedDataException if the content is not valid, naming the file, line and column; or if it is
     *                                not valid UTF-8, naming the line and byte offset of the first bad byte
     * @throws java.nio.file.FileSystemException if the file is not a regular file (a folder, a FIFO)
     * @throws IOException            if the file cannot be read
     */
    public CsvData read(Path file) throws IOException {
        Checks.requireRegularFile(file);
        String source = Messages.escaped(file.toString());
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Parse(new CsvTokenizer(in, delimiter, source), source).run();
        } catch (CharacterCodingException e) {
            throw Utf8.locateError(file, source, e);
        }
    }

    /**
     * Reads CSV text from a reader, to its end. The reader is not closed.
     *
     * @param reader     the text
     * @param sourceName what to call the text in error messages, for example a file name
     * @return the dataset and its names
     * @throws MalformedDataException if the content is not valid, naming the source, line and column; or if the
     *                                reader cannot decode its input, naming the line it had reached
     * @throws IOException            if the reader fails
     */
    public CsvData read(Reader reader, String sourceName) throws IOException {
        String source = Messages.escaped(sourceName);
        CsvTokenizer tokens = new CsvTokenizer(reader, delimiter, source);
        try {
            return new Parse(tokens, source).run();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(String.format(Locale.ROOT, "%s: line %d or after: the reader cannot "
                    + "decode the text (%s); a file must be UTF-8, and read(Path) names the bad bytes", source,
                    tokens.line(), e.getClass().getSimpleName()), e);
        }
    }

    /** The state of one read. */
    private final class Parse {
        private final CsvTokenizer tokens;
        private final String source;
        private final DoubleList features = new DoubleList();
        private final DoubleList targets = new DoubleList();
        private final DoubleList weights = new DoubleList();
        private final Map<String, Integer> classIndex = new HashMap<>();
        private final List<String> classesSeen = new ArrayList<>();
        /** The most feature values the matrix may hold: an array's limit, and the heap's. */
        private final long maxFeatures = Checks.maxDoubles();
        private List<String> names = List.of();
        private int width;
        /** The label columns' indices, in target order. */
        private int[] labels;
        /** The weight column's index, or −1 for none. */
        private int weight = -1;
        /** For each column, the target it fills, or {@link #FEATURE}, or {@link #WEIGHT}. */
        private int[] targetOf;
        /** One row's numeric targets, before they are appended. */
        private double[] rowTargets;
        private int rows;

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
            List<String> row = tokens.next(MAX_COLUMNS);
            if (row == null) {
                throw new MalformedDataException(source + ": the file is empty");
            }
            width = tokens.cellCount();
            requireWidth(row, tokens.recordLine());
            if (header) {
                names = row.stream().map(String::strip).toList();
                row = tokens.next(width);
                if (row == null) {
                    throw new MalformedDataException(source + ": line 1 is a header, but no data lines follow");
                }
            }
            labels = labelColumns();
            targetOf = new int[width];
            Arrays.fill(targetOf, FEATURE);
            for (int j = 0; j < labels.length; j++) {
                targetOf[labels[j]] = j;
            }
            weight = weightColumn();
            if (weight >= 0) {
                targetOf[weight] = WEIGHT;
            }
            rowTargets = new double[labels.length];
            for (; row != null; row = tokens.next(width)) {
                readRow(row, tokens.recordLine());
                rows++;
            }
            List<String> featureNames = new ArrayList<>();
            List<String> labelNames = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                if (targetOf[c] == FEATURE) {
                    featureNames.add(names.get(c));
                }
            }
            for (int j = 0; j < labels.length && header; j++) {
                labelNames.add(names.get(labels[j]));
            }
            Matrix x = Matrix.wrap(rows, featureCount(), features.toArray());
            double[] w = weight < 0 ? null : checkedWeights();
            if (numericLabel) {
                return new CsvData(Dataset.owning(x, Matrix.wrap(rows, labels.length, targets.toArray()), w),
                        featureNames, labelNames, List.of());
            }
            return classes(x, w, featureNames, labelNames);
        }

        /** The feature columns: all but the labels and the weight. */
        private int featureCount() {
            return width - labels.length - (weight >= 0 ? 1 : 0);
        }

        /**
         * The weight column's index, or −1 for none: the named one found in the header, or the index inside the
         * line; neither a label column nor the last column left for the features.
         */
        private int weightColumn() throws MalformedDataException {
            int column = weightName != null ? names.indexOf(weightName) : weightIndex;
            if (weightName != null && column < 0) {
                throw new MalformedDataException(String.format(Locale.ROOT,
                        "%s: line 1: the header has no column named '%s' for the weights (columns: %s)", source,
                        Messages.printable(weightName), Messages.printable(names)));
            }
            if (column < 0) {
                return -1;
            }
            if (column >= width) {
                throw new MalformedDataException(String.format(Locale.ROOT,
                        "%s: line 1: the weight column index %d (0-based) is outside the %d columns", source, column,
                        width));
            }
            if (targetOf[column] >= 0) {
                throw new MalformedDataException(String.format(Locale.ROOT, "%s: line 1: column %d%s is both the "
                        + "weight column and a label column%s; a column is a feature, a label or the weights", source,
                        column + 1, columnName(column), labelNames == null && labelIndices == null
                                ? " (the default label is the last column: choose another with labelColumn)" : ""));
            }
            if (labels.length + 1 >= width) {
                throw new MalformedDataException(String.format(Locale.ROOT, "%s: line 1: the %d label columns and "
                        + "the weight column are all of the %d columns, which leaves no feature column", source,
                        labels.length, width));
            }
            return column;
        }

        /** The weight column's values, refused (naming the column) if they sum to 0 or overflow. */
        private double[] checkedWeights() throws MalformedDataException {
            double[] w = weights.toArray();
            try {
                SampleWeights.require(String.format(Locale.ROOT, "%s: weight column %d%s", source, weight + 1,
                        columnName(weight)), w);
            } catch (IllegalArgumentException e) {
                throw new MalformedDataException(e.getMessage(), e);
            }
            return w;
        }

        /**
         * Refuses a first line of more than {@link #MAX_COLUMNS} cells, or of one cell: that leaves no feature
         * beside the label, and most often means the file uses another delimiter.
         */
        private void requireWidth(List<String> first, int line) throws MalformedDataException {
            if (width > MAX_COLUMNS) {
                throw new MalformedDataException(String.format(Locale.ROOT,
                        "%s: line %d has %d cells, more than the %d a line may have", source, line, width,
                        MAX_COLUMNS));
            }
            if (width == 1) {
                throw new MalformedDataException(String.format(Locale.ROOT, "%s: line %d has a single column, so "
                        + "there is no feature column beside the label: split at the delimiter '%s', it is the one "
                        + "cell '%s' (is the delimiter right? set it with delimiter(char))", source, line,
                        Messages.printable(String.valueOf(delimiter)), Messages.printable(first.get(0))));
            }
        }

        /**
         * The label columns' indices, in target order: each named one found in the header, or each index
         * inside the line; and at least one column left for the features.
         */
        private int[] labelColumns() throws MalformedDataException {
            int[] columns;
            if (labelNames != null) {
                columns = new int[labelNames.size()];
                for (int j = 0; j < columns.length; j++) {
                    columns[j] = names.indexOf(labelNames.get(j));
                    if (columns[j] < 0) {
                        throw new MalformedDataException(String.format(Locale.ROOT,
                                "%s: line 1: the header has no column named '%s' (columns: %s)", source,
                                Messages.printable(labelNames.get(j)), Messages.printable(names)));
                    }
                }
            } else if (labelIndices != null) {
                columns = labelIndices.clone();
                for (int index : columns) {
                    if (index >= width) {
                        throw new MalformedDataException(String.format(Locale.ROOT,
                                "%s: line 1: the label column index %d (0-based) is outside the %d columns", source,
                                index, width));
                    }
                }
            } else {
                columns = new int[] {width - 1};
            }
            if (columns.length >= width) {
                throw new MalformedDataException(String.format(Locale.ROOT, "%s: line 1: the %d label columns are"
                        + " all of the %d columns, which leaves no feature column", source, columns.length, width));
            }
            return columns;
        }

        private void readRow(List<String> cells, int line) throws MalformedDataException {
            int count = tokens.cellCount();
            if (count < width) {
                throw error(line, count, String.format(Locale.ROOT,
                        "missing cell (the line has %d cells, expected %d)", count, width));
            }
            if (count > width) {
                throw error(line, width, String.format(Locale.ROOT,
                        "extra cell (the line has %d cells, expected %d)", count, width));
            }
            int featureCount = featureCount();
            if (features.size() > maxFeatures - featureCount) {
                Checks.requireDoubles(String.format(Locale.ROOT, "%s: line %d: the features of %d rows × %d columns",
                        source, line, rows + 1, featureCount), (long) (rows + 1) * featureCount);
            }
            if (targets.size() > maxFeatures - labels.length) {
                Checks.requireDoubles(String.format(Locale.ROOT, "%s: line %d: the targets of %d rows × %d columns",
                        source, line, rows + 1, labels.length), (long) (rows + 1) * labels.length);
            }
            for (int c = 0; c < width; c++) {
                String cell = cells.get(c).strip();
                if (cell.isEmpty()) {
                    throw error(line, c, "empty cell");
                }
                int target = targetOf[c];
                if (target == WEIGHT) {
                    weights.add(weight(cell, line, c));
                } else if (target == FEATURE) {
                    features.add(number(cell, line, c));
                } else if (numericLabel) {
                    rowTargets[target] = number(cell, line, c);
                } else {
                    rowTargets[target] = classOf(cell, line, c);
                }
            }
            for (double t : rowTargets) {
                targets.add(t);  // in target order, whatever the order of the columns in the line
            }
        }

        private double number(String cell, int line, int column) throws MalformedDataException {
            if (!isDecimal(cell)) {
                String lower = cell.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
                if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
                    throw error(line, column, "'" + Messages.printable(cell) + "' is refused: values must be finite "
                            + "numbers");
                }
                throw error(line, column, "'" + Messages.printable(cell) + "' is not a number");
            }
            double value = Double.parseDouble(cell);
            if (Double.isInfinite(value)) {
                throw error(line, column, "'" + Messages.printable(cell) + "' is beyond the range of double");
            }
            return value;
        }

        /** A sample weight: a number ≥ 0. */
        private double weight(String cell, int line, int column) throws MalformedDataException {
            double w = number(cell, line, column);
            if (w < 0.0) {
                throw error(line, column, "'" + Messages.printable(cell) + "' is a negative weight; weights must be"
                        + " ≥ 0");
            }
            return w;
        }

        private int classOf(String cell, int line, int column) throws MalformedDataException {
            Integer index = classIndex.get(cell);
            if (index == null) {
                if (classNames != null) {
                    throw error(line, column, "'" + Messages.printable(cell) + "' is not one of the class names ["
                            + Messages.printable(classNames) + "]");
                }
                if (classesSeen.size() == MAX_CLASSES) {
                    throw error(line, column, String.format(Locale.ROOT, "'%s' would be class %d, more than the %d "
                            + "distinct labels read as classes (CsvReader.MAX_CLASSES); a number to predict "
                            + "(regression) is read with numericLabel(), and more classes can be listed with "
                            + "classLabels(names)", Messages.printable(cell), MAX_CLASSES + 1, MAX_CLASSES));
                }
                index = classesSeen.size();
                classIndex.put(cell, index);
                classesSeen.add(cell);
            }
            return index;
        }

        /** Builds the one-hot targets, renumbering the classes in sorted order unless they were given. */
        private CsvData classes(Matrix x, double[] w, List<String> featureNames, List<String> labelNames)
                throws MalformedDataException {
            double[] codes = targets.toArray();
            Checks.requireDoubles(String.format(Locale.ROOT, "%s: the one-hot targets of %d rows × %d classes", source,
                    rows, classesSeen.size()), (long) rows * classesSeen.size());
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
            int[] classOfRow = new int[codes.length];
            for (int i = 0; i < classOfRow.length; i++) {
                classOfRow[i] = newIndex[(int) codes[i]];
            }
            return new CsvData(Dataset.owning(x, OneHot.encode(classOfRow, sorted.size()), w), featureNames,
                    labelNames, sorted);
        }

        /** An error at a 0-based column index, reported 1-based with the header name. */
        private MalformedDataException error(int line, int column, String what) {
            return new MalformedDataException(String.format(Locale.ROOT, "%s: line %d, column %d%s: %s", source, line,
                    column + 1, columnName(column), what));
        }

        /** {@code " ('name')"} for a column with a header name, else nothing. */
        private String columnName(int column) {
            return column < names.size() ? " ('" + Messages.printable(names.get(column)) + "')" : "";
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
        private List<String> labelNames;
        private int[] labelIndices;
        private boolean numericLabel;
        /** Whether classLabels() or classLabels(names) was called, rather than left as the default. */
        private boolean classesChosen;
        private List<String> classNames;
        private String weightName;
        private int weightIndex = -1;

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
            return labelColumns("labelColumn", List.of(Objects.requireNonNull(name, "name")));
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
            return labelColumns("labelColumn", new int[] {index});
        }

        /**
         * Several label columns by header name (each the first column of that name), read as numbers into an
         * {@code n × k} target, target j from {@code names[j]}: multi-output regression, or multi-label
         * classification with 0/1 columns. One name is {@link #labelColumn(String)}. Needs a header. Every
         * other column is a feature.
         *
         * @param names the column names, at least one, none twice; compared after stripping spaces around the
         *              header cells
         * @return this builder
         * @throws IllegalArgumentException if no name is given or a name is given twice
         */
        public Builder labelColumns(String... names) {
            return labelColumns("labelColumns", List.of(names));
        }

        /**
         * Several label columns by <em>0-based</em> index, read as numbers into an {@code n × k} target, target
         * j from column {@code indices[j]}. One index is {@link #labelColumn(int)}. Every other column is a
         * feature.
         *
         * @param indices the 0-based indices, at least one, each ≥ 0, none twice
         * @return this builder
         * @throws IllegalArgumentException if no index is given, an index is negative, or one is given twice
         */
        public Builder labelColumns(int... indices) {
            return labelColumns("labelColumns", indices.clone());
        }

        private Builder labelColumns(String operation, List<String> names) {
            if (names.isEmpty() || new HashSet<>(names).size() != names.size()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: need at least one column name"
                        + " and no name twice, got [%s]", operation, Messages.printable(names)));
            }
            this.labelNames = names;
            this.labelIndices = null;
            return this;
        }

        private Builder labelColumns(String operation, int[] indices) {
            for (int index : indices) {
                if (index < 0) {
                    throw new IllegalArgumentException(operation + ": index must be ≥ 0, got " + index);
                }
            }
            if (indices.length == 0 || Arrays.stream(indices).distinct().count() != indices.length) {
                throw new IllegalArgumentException(operation + ": need at least one column index and no index"
                        + " twice, got " + Arrays.toString(indices));
            }
            this.labelIndices = indices;
            this.labelNames = null;
            return this;
        }

        /** The number of label columns chosen: 1 for the default, the last column. */
        int labelCount() {
            return labelNames != null ? labelNames.size() : labelIndices != null ? labelIndices.length : 1;
        }

        /**
         * The label holds class names; the classes are the distinct names in the file, sorted: by value if
         * every name is a whole number, else as strings (see "Class indices" above). This is the default.
         *
         * @return this builder
         */
        public Builder classLabels() {
            this.numericLabel = false;
            this.classesChosen = true;
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
            this.classesChosen = true;
            this.classNames = copy;
            return this;
        }

        /**
         * The label is a number, read into an {@code n × 1} target (regression). Several label columns are
         * always numbers.
         *
         * @return this builder
         */
        public Builder numericLabel() {
            this.numericLabel = true;
            this.classesChosen = false;
            this.classNames = null;
            return this;
        }

        /**
         * A column of sample weights, by its header name (the first column of that name): neither a feature nor
         * a label; each value a number ≥ 0, not all 0. Needs a header. By default there is none.
         *
         * @param name the column name, compared after stripping spaces around the header cells
         * @return this builder
         */
        public Builder weightColumn(String name) {
            this.weightName = Objects.requireNonNull(name, "name");
            this.weightIndex = -1;
            return this;
        }

        /**
         * A column of sample weights, by its <em>0-based</em> index (error messages count columns from 1): neither a
         * feature nor a label; each value a number ≥ 0, not all 0.
         *
         * @param index 0 for the first column, ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if {@code index} is negative
         */
        public Builder weightColumn(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("weightColumn: index must be ≥ 0, got " + index);
            }
            this.weightIndex = index;
            this.weightName = null;
            return this;
        }

        /**
         * The reader with these settings.
         *
         * @return a new, immutable reader
         * @throws IllegalStateException if a label or weight column is given by name but there is no header, or
         *                               class labels are asked of several label columns
         */
        public CsvReader build() {
            if (weightName != null && !header) {
                throw new IllegalStateException("build: the weight column '" + Messages.printable(weightName) + "' is"
                        + " given by name, but header(false) says the file has no header");
            }
            if (labelNames != null && !header) {
                String which = labelNames.size() == 1 ? "label column '" + Messages.printable(labelNames.get(0)) + "' is"
                        : "label columns [" + Messages.printable(labelNames) + "] are";
                throw new IllegalStateException("build: the " + which + " given by name, but header(false) says the"
                        + " file has no header");
            }
            if (classesChosen && labelCount() > 1) {
                throw new IllegalStateException(String.format(Locale.ROOT, "build: classLabels reads class names from"
                        + " one label column, but %d are chosen; several label columns hold numbers (multi-output"
                        + " regression, or multi-label 0/1 columns): drop classLabels", labelCount()));
            }
            return new CsvReader(this);
        }
    }
}
