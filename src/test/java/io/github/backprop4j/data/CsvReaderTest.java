package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
