package io.github.backprop4j.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits CSV text into records of cells, with RFC 4180 quoting: a cell in double quotes may hold the
 * delimiter, line breaks and doubled quotes ({@code ""} for one {@code "}). Lines end in LF, CRLF or CR.
 * Empty lines are skipped. Lines and columns are counted from 1.
 */
final class CsvTokenizer {

    private static final int BUFFER = 1 << 16;

    private final Reader in;
    private final char delimiter;
    private final String source;
    private final char[] buffer = new char[BUFFER];
    private int position;
    private int limit;
    private int line = 1;
    private int recordLine;

    CsvTokenizer(Reader in, char delimiter, String source) {
        this.in = in;
        this.delimiter = delimiter;
        this.source = source;
    }

    /** The line where the record last returned by {@link #next()} starts. */
    int recordLine() {
        return recordLine;
    }

    /**
     * The cells of the next non-empty record, or {@code null} at the end of the input.
     *
     * @throws MalformedDataException on a quote that is never closed or is followed by other text
     */
    List<String> next() throws IOException {
        int c = read();
        while (c == '\n' || c == '\r') { // skip empty lines
            endLine(c);
            c = read();
        }
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        while (true) {
            cell.setLength(0);
            if (c == '"') {
                c = quoted(cell, cells.size() + 1);
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    if (c == '"') {
                        throw error(line, cells.size() + 1, "a quote inside an unquoted cell (quote the whole cell "
                                + "and double the inner quote)");
                    }
                    cell.append((char) c);
                    c = read();
                }
            }
            cells.add(cell.toString());
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c >= 0) {
                endLine(c);
            }
            return cells;
        }
    }

    /** Reads a quoted cell whose opening quote was just read; returns the character after it. */
    private int quoted(StringBuilder cell, int column) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw error(startLine, column, "the quoted cell is not closed before the end of the file");
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    if (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                        throw error(line, column, String.format(Locale.ROOT,
                                "'%c' after the closing quote (expected the delimiter or the end of the line)", c));
                    }
                    return c;
                }
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            cell.append((char) c);
        }
    }

    private void endLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private MalformedDataException error(int atLine, int column, String what) {
        return new MalformedDataException(String.format(Locale.ROOT, "%s: line %d, column %d: %s", source, atLine,
                column, what));
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}
