package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvReaderTest {

    private static final String IRIS = """
            sepal_length,sepal_width,petal_width,species
            5.1,3.5,0.2,setosa
            7.0,3.2,1.4,versicolor
            6.3,3.3,2.5,virginica
            4.9,3.0,0.2,setosa
            """;

    private static final CsvReader DEFAULT = CsvReader.builder().build();

    private static CsvData read(CsvReader reader, String text) throws IOException {
        return reader.read(new StringReader(text), "test.csv");
    }

    private static void assertMalformed(CsvReader reader, String text, String message) {
        assertThatThrownBy(() -> read(reader, text))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(message);
    }

    // ------------------------------------------------------------ reading

    @Test
    void readsFeaturesAndSortedClassLabels() throws IOException {
        CsvData data = read(CsvReader.builder().labelColumn("species").build(), IRIS);
        assertThat(data.featureNames()).containsExactly("sepal_length", "sepal_width", "petal_width");
        assertThat(data.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(4, 3,
                5.1, 3.5, 0.2,
                7.0, 3.2, 1.4,
                6.3, 3.3, 2.5,
                4.9, 3.0, 0.2));
        assertThat(data.dataset().labels()).containsExactly(0, 1, 2, 0);
    }

    @Test
    void classIndicesAreSortedNotInOrderOfFirstAppearance() throws IOException {
        CsvData data = read(DEFAULT, "x,y\n1,b\n2,c\n3,a\n4,b\n");
        assertThat(data.classNames()).containsExactly("a", "b", "c");
        assertThat(data.dataset().labels()).containsExactly(1, 2, 0, 1);
    }

    /** Before: String order put "10" at class 1 and "2" at class 4. */
    @Test
    void wholeNumberLabelsAreSortedByValue() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int label = 12; label >= 1; label--) {
            csv.append(label).append(',').append(label).append('\n');
        }
        CsvData data = read(DEFAULT, csv.toString());
        assertThat(data.classNames()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        assertThat(data.dataset().labels()).containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

        CsvData signed = read(DEFAULT, "x,y\n1,10\n2,-3\n3,0\n4,+2\n5,99999999999999999999\n");
        assertThat(signed.classNames()).containsExactly("-3", "0", "+2", "10", "99999999999999999999");
    }

    @ParameterizedTest
    @CsvSource({"1, 2, -1", "2, 10, -1", "-10, -9, -1", "-1, 0, -1", "-0, 0, 0", "+0, -00, 0", "007, 7, 0", "+7, 8, -1",
        "99999999999999999999, 100000000000000000000, -1", "-99999999999999999999, -100000000000000000000, 1"})
    void wholeNumbersCompareByValue(String a, String b, int expected) {
        assertThat(Integer.signum(CsvReader.compareWholeNumbers(a, b))).isEqualTo(expected);
        assertThat(Integer.signum(CsvReader.compareWholeNumbers(b, a))).isEqualTo(-expected);
        assertThat(Integer.signum(CsvReader.compareWholeNumbers(a, b)))
                .isEqualTo(new BigInteger(a).compareTo(new BigInteger(b)));
    }

    /** Before: each comparison parsed both labels into a BigInteger (80 ms for 60,000 digits): over 10 s here. */
    @Test
    @Timeout(5)
    void longWholeNumberLabelsSortWithoutParsing() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        String digits = "7".repeat(60_000);
        for (int i = 99; i >= 0; i--) {
            csv.append(i).append(',').append(digits).append(String.format(Locale.ROOT, "%02d\n", i));
        }
        CsvData data = read(DEFAULT, csv.toString());
        assertThat(data.classNames()).hasSize(100);
        assertThat(data.classNames().get(0)).endsWith("00");
        assertThat(data.dataset().labels()[0]).isEqualTo(99);
    }

    @Test
    void twoSpellingsOfOneNumberStayTwoClassesInStringOrder() throws IOException {
        CsvData data = read(DEFAULT, "x,y\n1,1\n2,01\n3,2\n");
        assertThat(data.classNames()).containsExactly("01", "1", "2");
        assertThat(data.dataset().labels()).containsExactly(1, 0, 2);
    }

    @Test
    void labelsThatAreNotAllWholeNumbersKeepTheStringOrder() throws IOException {
        assertThat(read(DEFAULT, "x,y\n1,10\n2,2\n3,x\n").classNames()).containsExactly("10", "2", "x");
        assertThat(read(DEFAULT, "x,y\n1,10\n2,2\n3,1.5\n").classNames()).containsExactly("1.5", "10", "2");
    }

    @Test
    void givenClassNamesFixTheIndices() throws IOException {
        CsvReader reader = CsvReader.builder().classLabels(List.of("c", "b", "a", "unused")).build();
        CsvData data = read(reader, "x,y\n1,b\n2,c\n");
        assertThat(data.classNames()).containsExactly("c", "b", "a", "unused");
        assertThat(data.dataset().targets()).isEqualTo(Matrix.of(2, 4, 0, 1, 0, 0, 1, 0, 0, 0));
        assertMalformed(reader, "x,y\n1,b\n2,d\n",
                "test.csv: line 3, column 2 ('y'): 'd' is not one of the class names [c, b, a, unused]");
    }

    @Test
    void labelColumnByIndexAnywhereAndNumericLabels() throws IOException {
        CsvReader reader = CsvReader.builder().header(false).labelColumn(0).numericLabel().delimiter(';').build();
        CsvData data = read(reader, "2.5;1;2\r\n-1e-3;3;4\r\n");
        assertThat(data.featureNames()).isEmpty();
        assertThat(data.classNames()).isEmpty();
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(2, 2, 1, 2, 3, 4));
        assertThat(data.dataset().targets()).isEqualTo(Matrix.column(2.5, -0.001));
    }

    // ------------------------------------------------------------ several label columns

    private static final String PLACES = """
            x1,lat,x2,lon
            1,10.5,2,-3
            3,11.5,4,-4
            5,12.5,6,-5
            """;

    @Test
    void severalLabelColumnsByNameAreNumericTargetsInTheOrderGiven() throws IOException {
        CsvData data = read(CsvReader.builder().labelColumns("lon", "lat").build(), PLACES);
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(3, 2, 1, 2, 3, 4, 5, 6));
        assertThat(data.dataset().targets()).isEqualTo(Matrix.of(3, 2, -3, 10.5, -4, 11.5, -5, 12.5));
        assertThat(data.featureNames()).containsExactly("x1", "x2");
        assertThat(data.labelNames()).containsExactly("lon", "lat");
        assertThat(data.classNames()).isEmpty();
    }

    @Test
    void severalLabelColumnsByIndexWithoutAHeader() throws IOException {
        CsvData data = read(CsvReader.builder().header(false).labelColumns(1, 3).build(),
                "1,10.5,2,-3\n3,11.5,4,-4\n");
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(2, 2, 1, 2, 3, 4));
        assertThat(data.dataset().targets()).isEqualTo(Matrix.of(2, 2, 10.5, -3, 11.5, -4));
        assertThat(data.featureNames()).isEmpty();
        assertThat(data.labelNames()).isEmpty();
    }

    /** Multi-label: several 0/1 columns, any number of them 1 in a row, for sigmoid outputs. */
    @Test
    void multiLabelColumnsAreReadAsTheyAre() throws IOException {
        CsvData data = read(CsvReader.builder().labelColumns("news", "sport", "music").build(), """
                w1,w2,news,sport,music
                0.5,1,1,0,1
                0.25,0,0,0,0
                """);
        assertThat(data.dataset().targets()).isEqualTo(Matrix.of(2, 3, 1, 0, 1, 0, 0, 0));
        assertThat(data.dataset().targetCount()).isEqualTo(3);
    }

    /** One name or index chosen through labelColumns is labelColumn: class names by default, as before. */
    @Test
    void oneLabelColumnChosenAmongSeveralIsTheSingleLabel() throws IOException {
        CsvData single = read(CsvReader.builder().labelColumn("species").build(), IRIS);
        for (CsvReader reader : List.of(CsvReader.builder().labelColumns("species").build(),
                CsvReader.builder().labelColumns(3).build())) {
            CsvData data = read(reader, IRIS);
            assertThat(data.dataset().features()).isEqualTo(single.dataset().features());
            assertThat(data.dataset().targets()).isEqualTo(single.dataset().targets());
            assertThat(data.featureNames()).isEqualTo(single.featureNames());
            assertThat(data.classNames()).containsExactly("setosa", "versicolor", "virginica");
            assertThat(data.labelNames()).containsExactly("species");
        }
    }

    @Test
    void badLabelColumnSelectionsAreRefusedClearly() {
        assertMalformed(CsvReader.builder().labelColumns("lat", "alt").build(), PLACES,
                "test.csv: line 1: the header has no column named 'alt' (columns: x1, lat, x2, lon)");
        assertMalformed(CsvReader.builder().labelColumns(1, 4).build(), PLACES,
                "test.csv: line 1: the label column index 4 (0-based) is outside the 4 columns");
        assertMalformed(CsvReader.builder().labelColumns("x1", "lat", "x2", "lon").build(), PLACES,
                "test.csv: line 1: the 4 label columns are all of the 4 columns, which leaves no feature column");
        assertMalformed(CsvReader.builder().labelColumns(0, 1).build(), "a,b\n1,2\n",
                "test.csv: line 1: the 2 label columns are all of the 2 columns, which leaves no feature column");
        assertMalformed(CsvReader.builder().labelColumns("lat", "bad\u0007").build(), PLACES,
                "test.csv: line 1: the header has no column named 'bad\\u0007' (columns: x1, lat, x2, lon)");
    }

    @Test
    void badCellsInALabelColumnNameTheirLineAndColumn() {
        CsvReader reader = CsvReader.builder().labelColumns("lon", "lat").build();
        assertMalformed(reader, PLACES.replace("-4", "west"),
                "test.csv: line 3, column 4 ('lon'): 'west' is not a number");
        assertMalformed(reader, PLACES.replace("11.5", "NaN"),
                "test.csv: line 3, column 2 ('lat'): 'NaN' is refused: values must be finite numbers");
        assertMalformed(reader, PLACES.replace(",-5", ","),
                "test.csv: line 4, column 4 ('lon'): empty cell");
        assertMalformed(reader, PLACES.replace(",-5", ""),
                "test.csv: line 4, column 4 ('lon'): missing cell (the line has 3 cells, expected 4)");
    }

    @Test
    void builderRefusesBadLabelColumnSelections() {
        assertThatThrownBy(() -> CsvReader.builder().labelColumns("a", "b", "a"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelColumns: need at least one column name and no name twice, got [a, b, a]");
        assertThatThrownBy(() -> CsvReader.builder().labelColumns(new String[0]))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("got []");
        assertThatThrownBy(() -> CsvReader.builder().labelColumns(2, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelColumns: need at least one column index and no index twice, got [2, 0, 2]");
        assertThatThrownBy(() -> CsvReader.builder().labelColumns(new int[0]))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("got []");
        assertThatThrownBy(() -> CsvReader.builder().labelColumns(1, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelColumns: index must be ≥ 0, got -1");
        assertThatThrownBy(() -> CsvReader.builder().labelColumns("a", null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CsvReader.builder().labelColumns("y1", "y2").header(false).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("build: the label columns [y1, y2] are given by name, but header(false) says the file has"
                        + " no header");
        assertThatThrownBy(() -> CsvReader.builder().labelColumns("y1", "y2").classLabels().build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("classLabels reads class names from one label column, but 2 are chosen",
                        "drop classLabels");
        assertThatThrownBy(() -> CsvReader.builder().classLabels(List.of("a")).labelColumns(0, 1).build())
                .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("but 2 are chosen");
    }

    // ------------------------------------------------------------ the weight column

    private static final String WEIGHTED = """
            x1,weight,x2,species
            0.5,1,2,b
            1.5,0.25,3,a
            2.5,4,4,b
            """;

    @Test
    void aWeightColumnByNameOrIndexGivesSampleWeightsAndNoFeature() throws IOException {
        for (CsvReader reader : List.of(CsvReader.builder().weightColumn("weight").build(),
                CsvReader.builder().weightColumn(1).build(), CsvReader.builder().labelColumn(3).weightColumn(1).build())) {
            CsvData data = read(reader, WEIGHTED);
            assertThat(data.featureNames()).containsExactly("x1", "x2");
            assertThat(data.classNames()).containsExactly("a", "b");
            assertThat(data.dataset().features()).isEqualTo(Matrix.of(3, 2, 0.5, 2, 1.5, 3, 2.5, 4));
            assertThat(data.dataset().targets()).isEqualTo(Matrix.of(3, 2, 0, 1, 1, 0, 0, 1));
            assertThat(data.dataset().hasWeights()).isTrue();
            assertThat(data.dataset().weights()).containsExactly(1, 0.25, 4);
        }
        // numeric and several labels, no header, the weight column first
        CsvData numeric = read(CsvReader.builder().header(false).labelColumns(3, 2).weightColumn(0).build(),
                "2,10,-1,7\n0,20,1,8\n");
        assertThat(numeric.dataset().features()).isEqualTo(Matrix.column(10, 20));
        assertThat(numeric.dataset().targets()).isEqualTo(Matrix.of(2, 2, 7, -1, 8, 1));
        assertThat(numeric.dataset().weights()).containsExactly(2, 0);
        // without a weight column nothing changes
        assertThat(read(DEFAULT, WEIGHTED).dataset().hasWeights()).isFalse();
        assertThat(read(DEFAULT, WEIGHTED).featureNames()).containsExactly("x1", "weight", "x2");
    }

    @Test
    void aWeightColumnThatIsALabelOrLeavesNoFeatureIsRefused() {
        assertMalformed(CsvReader.builder().weightColumn("species").build(), WEIGHTED,
                "test.csv: line 1: column 4 ('species') is both the weight column and a label column (the default "
                        + "label is the last column: choose another with labelColumn); a column is a feature, a label "
                        + "or the weights");
        assertMalformed(CsvReader.builder().labelColumns("x1", "x2").weightColumn(0).build(), WEIGHTED,
                "test.csv: line 1: column 1 ('x1') is both the weight column and a label column; a column is a "
                        + "feature, a label or the weights");
        assertMalformed(CsvReader.builder().labelColumns("x1", "x2", "species").weightColumn("weight").build(),
                WEIGHTED, "test.csv: line 1: the 3 label columns and the weight column are all of the 4 columns, "
                        + "which leaves no feature column");
        assertMalformed(CsvReader.builder().weightColumn(0).build(), "w,y\n1,a\n",
                "test.csv: line 1: the 1 label columns and the weight column are all of the 2 columns, which leaves "
                        + "no feature column");
        assertMalformed(CsvReader.builder().weightColumn("mass").build(), WEIGHTED,
                "test.csv: line 1: the header has no column named 'mass' for the weights (columns: x1, weight, x2, "
                        + "species)");
        assertMalformed(CsvReader.builder().weightColumn(4).build(), WEIGHTED,
                "test.csv: line 1: the weight column index 4 (0-based) is outside the 4 columns");
        assertThatThrownBy(() -> CsvReader.builder().weightColumn("w\u0000").header(false).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("build: the weight column 'w\\u0000' is given by name, but header(false) says the file "
                        + "has no header");
        assertThatThrownBy(() -> CsvReader.builder().weightColumn(-1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightColumn: index must be ≥ 0, got -1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1     | line 3, column 2 ('weight'): '-1' is a negative weight; weights must be ≥ 0",
        "-1e-300| line 3, column 2 ('weight'): '-1e-300' is a negative weight; weights must be ≥ 0",
        "NaN    | line 3, column 2 ('weight'): 'NaN' is refused: values must be finite numbers",
        "-inf   | line 3, column 2 ('weight'): '-inf' is refused: values must be finite numbers",
        "1e999  | line 3, column 2 ('weight'): '1e999' is beyond the range of double",
        "heavy  | line 3, column 2 ('weight'): 'heavy' is not a number",
    })
    void aBadWeightIsRefusedAtItsLineAndColumn(String cell, String problem) {
        assertMalformed(CsvReader.builder().weightColumn("weight").build(), WEIGHTED.replace("0.25", cell),
                "test.csv: " + problem);
    }

    @Test
    void weightsThatAreAllZeroOrSumBeyondDoubleAreRefusedNamingTheColumn() {
        CsvReader reader = CsvReader.builder().weightColumn("weight").build();
        assertMalformed(reader, WEIGHTED.replace(",1,", ",0,").replace("0.25", "-0").replace(",4,", ",0.0,"),
                "test.csv: weight column 2 ('weight'): the 3 weights sum to 0; at least one must be > 0 (the weighted"
                        + " cost is Σᵢ wᵢ Cᵢ / Σw)");
        assertMalformed(reader, WEIGHTED.replace(",1,", ",1.5e308,").replace(",4,", ",1.5e308,"),
                "test.csv: weight column 2 ('weight'): the 3 weights sum to Infinity, beyond the range of double; "
                        + "scale them down (only their ratios matter)");
    }

    @Test
    void quotedCellsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        String text = "\"a,1\",\"b \"\"q\"\"\",label\n\"1\",2,\"multi\nline\"\n3,\"4\",\"x,y\"\n";
        CsvData data = read(DEFAULT, text);
        assertThat(data.featureNames()).containsExactly("a,1", "b \"q\"");
        assertThat(data.classNames()).containsExactly("multi\nline", "x,y");
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(2, 2, 1, 2, 3, 4));
    }

    @Test
    void lineNumbersCountPhysicalLinesAcrossQuotedBreaksAndEmptyLines() {
        // 1: header, 2: empty, 3-4: a quoted cell with CRLF inside, 5: ends in a lone CR, 6: the bad line
        String text = "a,b\n\n1,\"x\r\ny\"\r\n2,z\r3,q,extra\n";
        assertMalformed(DEFAULT, text, "test.csv: line 6, column 3: extra cell (the line has 3 cells, expected 2)");
    }

    @Test
    void acceptsSpacesSignsExponentsAndAByteOrderMark() throws IOException {
        CsvData data = read(DEFAULT, "\uFEFFx, y ,label\n +1 ,.5,a\n-2.,3E+2,b\n4e-1,-0.0,a");
        assertThat(data.featureNames()).containsExactly("x", "y");
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(3, 2, 1, 0.5, -2, 300, 0.4, -0.0));
    }

    /** Before: the BOM made the quote the second character of an unquoted cell, which was refused. */
    @Test
    void aByteOrderMarkBeforeAQuotedFirstCellIsIgnored(@TempDir Path dir) throws IOException {
        String text = "\uFEFF\"a\",\"b\",\"label\"\n1,2,x\n";
        assertThat(read(DEFAULT, text).featureNames()).containsExactly("a", "b");
        Path file = dir.resolve("excel.csv");  // as Excel's "CSV UTF-8" and pandas' utf-8-sig write it
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));  // U+FEFF is EF BB BF in UTF-8
        assertThat(Files.readAllBytes(file)).startsWith(0xEF, 0xBB, 0xBF, '"');
        CsvData data = DEFAULT.read(file);
        assertThat(data.featureNames()).containsExactly("a", "b");
        assertThat(data.dataset().features()).isEqualTo(Matrix.of(1, 2, 1, 2));
        // only at the very start: elsewhere U+FEFF is data, and an unquoted cell keeps it
        assertMalformed(DEFAULT, "a,b\n\uFEFF1,x\n", "test.csv: line 2, column 1 ('a'): '\\ufeff1' is not a number");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("iris.csv");
        Files.writeString(file, IRIS, StandardCharsets.UTF_8);
        CsvData data = CsvReader.builder().build().read(file);
        assertThat(data.dataset().size()).isEqualTo(4);
        Files.writeString(file, "a,b\n1,x\n1,y,z\n");
        assertThatThrownBy(() -> DEFAULT.read(file)).isInstanceOf(MalformedDataException.class)
                .hasMessage(file + ": line 3, column 3: extra cell (the line has 3 cells, expected 2)");
    }

    // ------------------------------------------------------------ errors

    @Test
    void refusesAnEmptyFileOrAHeaderWithoutRows() {
        assertMalformed(DEFAULT, "", "test.csv: the file is empty");
        assertMalformed(DEFAULT, "\n\r\n", "test.csv: the file is empty");
        assertMalformed(DEFAULT, "a,b\n", "test.csv: line 1 is a header, but no data lines follow");
    }

    @Test
    void refusesMissingExtraAndEmptyCells() {
        assertMalformed(DEFAULT, IRIS + "6.0,2.2\n",
                "test.csv: line 6, column 3 ('petal_width'): missing cell (the line has 2 cells, expected 4)");
        assertMalformed(DEFAULT, IRIS + "6.0,2.2,1.0,setosa,9\n",
                "test.csv: line 6, column 5: extra cell (the line has 5 cells, expected 4)");
        assertMalformed(DEFAULT, IRIS + "6.0,,1.0,setosa\n",
                "test.csv: line 6, column 2 ('sepal_width'): empty cell");
        assertMalformed(CsvReader.builder().header(false).build(), "1,a\n2\n",
                "test.csv: line 2, column 2: missing cell (the line has 1 cells, expected 2)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc      | 'abc' is not a number",
        "1.2.3    | '1.2.3' is not a number",
        "0x10     | '0x10' is not a number",
        "1e       | '1e' is not a number",
        "2d       | '2d' is not a number",
        ".        | '.' is not a number",
        "NaN      | 'NaN' is refused: values must be finite numbers",
        "-Infinity| '-Infinity' is refused: values must be finite numbers",
        "inf      | 'inf' is refused: values must be finite numbers",
        "1e999    | '1e999' is beyond the range of double",
    })
    void refusesCellsThatAreNotFiniteDecimals(String cell, String problem) {
        String text = IRIS.replace("3.3,2.5", "3.3," + cell);
        assertMalformed(DEFAULT, text, "test.csv: line 4, column 3 ('petal_width'): " + problem);
        assertMalformed(CsvReader.builder().numericLabel().build(), "a,b\n1,2\n3," + cell + "\n",
                "test.csv: line 3, column 2 ('b'): " + problem);
    }

    @Test
    void refusesAnUnknownOrOutOfRangeLabelColumn() {
        assertMalformed(CsvReader.builder().labelColumn("class").build(), IRIS,
                "test.csv: line 1: the header has no column named 'class' "
                        + "(columns: sepal_length, sepal_width, petal_width, species)");
        assertMalformed(CsvReader.builder().labelColumn(4).build(), IRIS,
                "test.csv: line 1: the label column index 4 (0-based) is outside the 4 columns");
    }

    @Test
    void refusesBrokenQuoting() {
        assertMalformed(DEFAULT, "a,b\n1,\"open\n2,x\n",
                "test.csv: line 2, column 2: the quoted cell is not closed before the end of the file");
        assertMalformed(DEFAULT, "a,b\n1,\"x\"y\n",
                "test.csv: line 2, column 2: 'y' after the closing quote (expected the delimiter or the end of the line)");
        assertMalformed(DEFAULT, "a,b\n1,x\"y\n",
                "test.csv: line 2, column 2: a quote inside an unquoted cell (quote the whole cell and double the "
                        + "inner quote)");
    }

    /**
     * Before: a regression target read with the default class labels made an n × n one-hot matrix: 20,000
     * distinct values ran out of memory, 46,341 rows overflowed a Java array (IllegalArgumentException).
     */
    @Test
    void moreThanMaxClassesFoundIsRefusedAtTheLineThatExceedsIt() {
        StringBuilder csv = new StringBuilder("x,price\n");
        for (int i = 0; i < 46_341; i++) {
            csv.append(i).append(',').append(i * 0.37).append('\n');
        }
        assertMalformed(DEFAULT, csv.toString(), "test.csv: line 1002, column 2 ('price'): '" + 1000 * 0.37
                + "' would be class 1001, "
                + "more than the 1000 distinct labels read as classes (CsvReader.MAX_CLASSES); a number to predict "
                + "(regression) is read with numericLabel(), and more classes can be listed with classLabels(names)");
        assertThat(CsvReader.MAX_CLASSES).isEqualTo(1000);
    }

    @Test
    void exactlyMaxClassesAndListedClassesBeyondItAreRead() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            csv.append(i).append(",c").append(i).append('\n');
            names.add("c" + i);
        }
        String first1000 = csv.substring(0, csv.indexOf("1000,c1000"));
        assertThat(read(DEFAULT, first1000).classNames()).hasSize(CsvReader.MAX_CLASSES);
        CsvData listed = read(CsvReader.builder().classLabels(names).build(), csv.toString());
        assertThat(listed.dataset().targets().shape()).isEqualTo("1500×1500");
    }

    /** Listed classes have no count limit, but their one-hot matrix must fit in an array: refused before it is made. */
    @Test
    void oneHotTargetsTooLargeForAnArrayAreRefusedBeforeAllocating() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            names.add("c" + i);
        }
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 25_000; i++) {
            csv.append(i).append(",c").append(i).append('\n');
        }
        assertMalformed(CsvReader.builder().classLabels(names).build(), csv.toString(),
                "test.csv: the one-hot targets of 25000 rows × 100000 classes, more than the 2147483639 a Java array "
                        + "holds");
    }

    /** Before: a tab-separated file read with ',' loaded as n × 0 features with one class per line. */
    @Test
    void aFileWithNoFeatureColumnIsRefusedNamingTheDelimiter() {
        assertMalformed(DEFAULT, "1\t2\tx\n3\t4\ty\n", "test.csv: line 1 has a single column, so there is no "
                + "feature column beside the label: split at the delimiter ',', it is the one cell '1\\t2\\tx' (is the "
                + "delimiter right? set it with delimiter(char))");
        assertMalformed(CsvReader.builder().header(false).delimiter('\t').build(), "\n\n1;2;x\n",
                "test.csv: line 3 has a single column, so there is no feature column beside the label: split at the "
                        + "delimiter '\\t', it is the one cell '1;2;x' (is the delimiter right? set it with "
                        + "delimiter(char))");
        String longHeader = "a".repeat(500) + "\u0000";
        assertThatThrownBy(() -> read(DEFAULT, longHeader + "\n1\n")).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("'" + "a".repeat(60) + "…'").hasMessageNotContaining("a".repeat(61));
    }

    /** Before: {@code MalformedInputException: Input length = 1}, with no file, line or hint. */
    @Test
    void aFileThatIsNotUtf8IsRefusedNamingLineAndByteOffset(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "a,b\r\n1,x\r\n2,caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> DEFAULT.read(latin1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(latin1 + ": line 3: the byte 0xE9 is at byte offset 15 not valid UTF-8; the file must be "
                        + "encoded in UTF-8 (save it as UTF-8)")
                .hasCauseInstanceOf(CharacterCodingException.class);
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "a,b\n1,x\n".getBytes(StandardCharsets.UTF_16LE));
        Files.write(utf16, DataFiles.concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, Files.readAllBytes(utf16)));
        assertThatThrownBy(() -> DEFAULT.read(utf16)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(utf16 + ": line 1: the byte 0xFF is at byte offset 0 not valid UTF-8; the file must be "
                        + "encoded in UTF-8 (it starts with a UTF-16 byte-order mark: save it as UTF-8)");
        // a bad byte far into the file, past the reader's and the locator's buffers, and after a quoted line break
        StringBuilder big = new StringBuilder("a,b\n\"1\n\",x\n");
        for (int i = 0; i < 20_000; i++) {
            big.append(i).append(",y\n");
        }
        byte[] good = big.toString().getBytes(StandardCharsets.UTF_8);
        Path late = dir.resolve("late.csv");
        Files.write(late, DataFiles.concat(good, new byte[] {'9', ',', (byte) 0xC3, '\n'}));
        assertThatThrownBy(() -> DEFAULT.read(late)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(late + ": line 20004: the byte 0xC3 is at byte offset " + (good.length + 2) + " not valid "
                        + "UTF-8; the file must be encoded in UTF-8 (save it as UTF-8)");
    }

    @Test
    void aReaderThatCannotDecodeIsAMalformedDataException() {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(
                new byte[] {'a', ',', 'b', '\n', (byte) 0xFF}), StandardCharsets.UTF_8.newDecoder());
        assertThatThrownBy(() -> DEFAULT.read(reader, "in")).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith("in: line 1 or after: the reader cannot decode the text "
                        + "(MalformedInputException)");
    }

    /** Before: a NUL or a line break in a cell was echoed raw, and a cell of any length whole. */
    @Test
    void controlCharactersInEchoedCellsAndNamesAreEscapedAndLongCellsCut() {
        assertMalformed(DEFAULT, "a\u0000b,c\n1\u0000,x\n",
                "test.csv: line 2, column 1 ('a\\u0000b'): '1\\u0000' is not a number");
        assertMalformed(DEFAULT, "a,b\n\"1\r\n\u001b[31m\",x\n",
                "test.csv: line 2, column 1 ('a'): '1\\r\\n\\u001b[31m' is not a number");
        assertMalformed(CsvReader.builder().labelColumn("y").build(), "a\u202e,b\n1,x\n",
                "test.csv: line 1: the header has no column named 'y' (columns: a\\u202e, b)");
        String longCell = "9".repeat(5000) + "x";
        assertThatThrownBy(() -> read(DEFAULT, "a,b\n" + longCell + ",x\n"))
                .hasMessage("test.csv: line 2, column 1 ('a'): '" + "9".repeat(60) + "…' is not a number");
        assertMalformed(DEFAULT, "a,b\n1,\"x\"\u0007\n",
                "test.csv: line 2, column 2: '\\u0007' after the closing quote (expected the delimiter or the end of "
                        + "the line)");
        assertThatThrownBy(() -> read(DEFAULT, IRIS + "1,2,\u0000,setosa\n"))
                .isExactlyInstanceOf(MalformedDataException.class).hasMessageNotContaining("\u0000")
                .hasMessageEndingWith("'\\u0000' is not a number");
    }

    @Test
    void listsInMessagesAreCut() {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            header.append('c').append(i).append(',');
        }
        assertMalformed(CsvReader.builder().labelColumn("y").build(), header + "z\n" + "1,".repeat(30) + "x\n",
                "test.csv: line 1: the header has no column named 'y' (columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, "
                        + "c9, … (31 in all))");
    }

    @Test
    void aCellLongerThanTheLimitIsRefusedAsSoonAsItIs() {
        String cell = "1".repeat(CsvReader.MAX_CELL_LENGTH + 1);
        assertMalformed(DEFAULT, "a,b\n" + cell + ",x\n",
                "test.csv: line 2, column 1: a cell longer than 65536 characters");
        // a quote left open would swallow the rest of the file: it stops at the limit, naming where it opened
        assertMalformed(DEFAULT, "a,b\n1,\"x\n" + "2,y\n".repeat(20_000),
                "test.csv: line 2, column 2: a cell longer than 65536 characters (the quoted cell opens at line 2: is "
                        + "its closing quote missing?)");
        assertThat(CsvReader.MAX_CELL_LENGTH).isEqualTo(65_536);
    }

    /** A line of a million delimiters is counted, not kept: the message gives the count. */
    @Test
    void tooManyCellsAreCountedNotKept() {
        assertMalformed(DEFAULT, "a,b\n1,x" + ",".repeat(1_000_000) + "\n",
                "test.csv: line 2, column 3: extra cell (the line has 1000002 cells, expected 2)");
        assertMalformed(DEFAULT, "a" + ",a".repeat(CsvReader.MAX_COLUMNS) + "\n",
                "test.csv: line 1 has 1048577 cells, more than the 1048576 a line may have");
    }

    /** Before: a FIFO was opened and the read waited for a writer forever. */
    @Test
    @Timeout(10)
    void aFolderOrFifoIsRefusedByNameBeforeOpening(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DEFAULT.read(dir)).isExactlyInstanceOf(FileSystemException.class)
                .hasMessage(dir + ": is a directory; only regular files are read");
        Path fifo = DataFiles.fifo(dir.resolve("fifo.csv"));
        assertThatThrownBy(() -> DEFAULT.read(fifo)).isExactlyInstanceOf(FileSystemException.class)
                .hasMessageStartingWith(fifo + ": is not a regular file");
        assertThatThrownBy(() -> DEFAULT.read(dir.resolve("missing.csv")))
                .isExactlyInstanceOf(NoSuchFileException.class);
    }

    @Test
    void builderRefusesBadSettings() {
        assertThatThrownBy(() -> CsvReader.builder().delimiter('"')).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0022");
        assertThatThrownBy(() -> CsvReader.builder().delimiter('\n')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvReader.builder().labelColumn(-1))
                .hasMessage("labelColumn: index must be ≥ 0, got -1");
        assertThatThrownBy(() -> CsvReader.builder().classLabels(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvReader.builder().classLabels(List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvReader.builder().labelColumn("y").header(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'y' is given by name, but header(false)");
    }

    @Test
    void laterSettingsReplaceEarlierOnes() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("x").labelColumn(1)
                .classLabels(List.of("q")).numericLabel().classLabels().build();
        CsvData data = read(reader, "x,y\n1,b\n");
        assertThat(data.classNames()).containsExactly("b");
        assertThat(data.featureNames()).containsExactly("x");
    }
}
