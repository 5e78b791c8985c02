package io.github.backprop4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Says where a text file stops being UTF-8. The decoder behind a {@link java.io.Reader} reports only
 * {@code MalformedInputException: Input length = 1}; once that has happened, the file is read again as bytes
 * to name the line and byte offset of the first bad sequence.
 */
final class Utf8 {

    private static final int CHUNK = 1 << 16;

    private Utf8() {
    }

    /**
     * The error for a file that is not valid UTF-8: its first bad bytes, their line (1-based, counting LF, CR
     * and CRLF as one break each, as the CSV reader counts) and byte offset (0-based).
     *
     * @param file   the file, read again from its start
     * @param source the file's name for the message, already escaped
     * @param cause  what the decoder reported
     * @return the exception to throw
     * @throws IOException if the file cannot be read again
     */
    static MalformedDataException locateError(Path file, String source, CharacterCodingException cause)
            throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();  // reports malformed input
        CharBuffer discard = CharBuffer.allocate(CHUNK);
        byte[] buffer = new byte[CHUNK];
        int filled = 0;
        long base = 0;  // the file offset of buffer[0]
        int line = 1;
        int previous = -1;
        boolean end = false;
        try (InputStream in = Files.newInputStream(file)) {
            while (!end) {
                int n = in.read(buffer, filled, buffer.length - filled);
                end = n < 0;
                filled += Math.max(n, 0);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, filled);
                CoderResult result;
                do {
                    discard.clear();
                    result = decoder.decode(bytes, discard, end);
                } while (result.isOverflow());
                for (int i = 0; i < bytes.position(); i++) {
                    int b = buffer[i];
                    if (b == '\r' || (b == '\n' && previous != '\r')) {
                        line++;
                    }
                    previous = b;
                }
                if (result.isError()) {
                    return new MalformedDataException(String.format(Locale.ROOT, "%s: line %d: %s at byte offset %d "
                            + "not valid UTF-8; the file must be encoded in UTF-8 (%s)", source, line,
                            hex(buffer, bytes.position(), result.length()), base + bytes.position(),
                            startsWithUtf16Mark(buffer, base, filled) ? "it starts with a UTF-16 byte-order mark: "
                                    + "save it as UTF-8" : "save it as UTF-8"), cause);
                }
                int left = filled - bytes.position();  // the start of a sequence cut by the end of the buffer
                System.arraycopy(buffer, bytes.position(), buffer, 0, left);
                base += bytes.position();
                filled = left;
            }
        }
        return new MalformedDataException(source + ": the file is not valid UTF-8 (it changed while it was read)",
                cause);
    }

    /** {@code "the byte 0xE9 is"} or {@code "the bytes 0xED 0xA0 are"}. */
    private static String hex(byte[] b, int from, int length) {
        StringJoiner j = new StringJoiner(" ");
        for (int i = from; i < from + length; i++) {
            j.add(String.format(Locale.ROOT, "0x%02X", b[i] & 0xFF));
        }
        return (length == 1 ? "the byte " : "the bytes ") + j + (length == 1 ? " is" : " are");
    }

    private static boolean startsWithUtf16Mark(byte[] b, long base, int filled) {
        return base == 0 && filled >= 2 && ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE
                || (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF);
    }
}
