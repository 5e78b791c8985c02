package io.github.backprop4j.data;

import io.github.backprop4j.internal.Messages;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits CSV text into records of cells, with RFC 4180 quoting: a cell in double quotes may hold the
 * delimiter, line breaks and doubled quotes ({@code ""} for one {@code "}). Lines end in LF, CRLF or CR.
 * Empty lines are skipped, and so is a byte-order mark (U+FEFF) at the very start of the text. Lines and
 * columns are counted from 1. A cell longer than {@link CsvReader#MAX_CELL_LENGTH} characters is refused,
 * and a record keeps no more cells than its caller asks for (it counts the rest), so that neither a broken
 * quote nor a line of a billion delimiters can fill the heap.
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
    private int cellCount;
    private boolean started;

    CsvTokenizer(Reader in, char delimiter, String source) {
        this.in = in;
        this.delimiter = delimiter;
        this.source = source;
    }

    /** The line where the record last returned by {@link #next(int)} starts. */
    int recordLine() {
        return recordLine;
    }

    /** The number of cells of the record last returned by {@link #next(int)}, including those not kept. */
    int cellCount() {
        return cellCount;
    }

    /** The line being read. */
    int line() {
        return line;
    }

    /**
     * The cells of the next non-empty record, or {@code null} at the end of the input.
     *
     * @param maxCells the most cells to keep; the list holds at most {@code maxCells + 1}, so that a caller
     *                 sees that there are more, and {@link #cellCount()} says how many there were
     * @throws MalformedDataException on a quote that is never closed or is followed by other text, or a cell
     *                                longer than {@link CsvReader#MAX_CELL_LENGTH}
     */
    List<String> next(int maxCells) throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {  // a byte-order mark, as Excel and Python's utf-8-sig write
                read();
            }
        }
        int c = read();
        while (c == '\n' || c == '\r') { // skip empty lines
            endLine(c);
            c = read();
        }
        if (c < 0) {
            return null;
        }
        recordLine = line;
        cellCount = 0;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        while (true) {
            cell.setLength(0);
            int column = cellCount + 1;
            if (c == '"') {
                c = quoted(cell, column);
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    if (c == '"') {
                        throw error(line, column, "a quote inside an unquoted cell (quote the whole cell "
                                + "and double the inner quote)");
                    }
                    append(cell, c, line, column, "");
                    c = read();
                }
            }
            cellCount++;
            if (cells.size() <= maxCells) {
                cells.add(cell.toString());
            }
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
                                "'%s' after the closing quote (expected the delimiter or the end of the line)",
                                Messages.printable(String.valueOf((char) c))));
                    }
                    return c;
                }
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            append(cell, c, startLine, column, String.format(Locale.ROOT,
                    " (the quoted cell opens at line %d: is its closing quote missing?)", startLine));
        }
    }

    /** Appends a character to a cell, refusing a cell longer than {@link CsvReader#MAX_CELL_LENGTH}. */
    private void append(StringBuilder cell, int c, int atLine, int column, String hint) throws MalformedDataException {
        if (cell.length() == CsvReader.MAX_CELL_LENGTH) {
            throw error(atLine, column, String.format(Locale.ROOT, "a cell longer than %d characters%s",
                    CsvReader.MAX_CELL_LENGTH, hint));
        }
        cell.append((char) c);
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
