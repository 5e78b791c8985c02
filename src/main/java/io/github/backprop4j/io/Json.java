package io.github.backprop4j.io;

import io.github.backprop4j.internal.Messages;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer for {@code model.json}.
 *
 * <p>The reader accepts exactly the RFC grammar in UTF-8 — objects, arrays, strings with escapes,
 * numbers, {@code true}, {@code false}, {@code null} — and refuses everything else: a byte-order mark,
 * comments, trailing commas, single quotes, {@code NaN}/{@code Infinity}, leading zeros, unescaped
 * control characters, unpaired surrogates, invalid UTF-8, duplicate keys in one object, anything after
 * the value, and nesting deeper than {@link #MAX_DEPTH}. The caller bounds the input's size. Numbers keep
 * their literal text, so that the caller decides whether {@code 1.0} is an acceptable integer (it is not).
 *
 * <p>Every error names the byte offset in the document. The parser recurses at most {@link #MAX_DEPTH}
 * levels, so no input can overflow the stack.
 */
final class Json {

    /** The deepest nesting of arrays and objects accepted. */
    static final int MAX_DEPTH = 32;

    /** The longest number literal accepted, in characters. */
    static final int MAX_NUMBER_LENGTH = 400;

    private Json() {
    }

    // ---------------------------------------------------------------- values

    /** A JSON value. */
    sealed interface Value permits JObject, JArray, JString, JNumber, JBoolean, JNull {
        /**
         * The kind of value, for messages.
         *
         * @return e.g. "an object"
         */
        String kind();
    }

    /**
     * An object; its members in document order.
     *
     * @param members the members, keys unique; unmodifiable
     */
    record JObject(Map<String, Value> members) implements Value {
        @Override
        public String kind() {
            return "an object";
        }
    }

    /**
     * An array.
     *
     * @param elements the elements; unmodifiable
     */
    record JArray(List<Value> elements) implements Value {
        @Override
        public String kind() {
            return "an array";
        }
    }

    /**
     * A string.
     *
     * @param value the decoded string
     */
    record JString(String value) implements Value {
        @Override
        public String kind() {
            return "a string";
        }
    }

    /**
     * A number, as its literal text (already checked against the RFC grammar).
     *
     * @param text the literal, e.g. {@code -1.5e3}
     */
    record JNumber(String text) implements Value {
        @Override
        public String kind() {
            return "a number";
        }

        /**
         * Whether the literal is an integer: no fraction and no exponent.
         *
         * @return true for {@code 12}, false for {@code 12.0} or {@code 1e1}
         */
        boolean isInteger() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '.' || c == 'e' || c == 'E') {
                    return false;
                }
            }
            return true;
        }

        /**
         * The value of an integer literal, or {@link Long#MIN_VALUE} if it is not an integer or does not fit
         * in a {@code long} (so every value from {@code -(2⁶³ − 1)} to {@code 2⁶³ − 1} is told exactly).
         *
         * @return the value
         */
        long longValue() {
            if (!isInteger() || text.length() > 20) {
                return Long.MIN_VALUE;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE; // beyond the range of a long
            }
        }

        /**
         * Whether the literal is a zero: no digit of its significand (before any exponent) is other than 0.
         *
         * @return true for {@code 0}, {@code -0.0} or {@code 0e999}; false for {@code 1e-999}
         */
        boolean isZero() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == 'e' || c == 'E') {
                    return true;
                }
                if (c >= '1' && c <= '9') {
                    return false;
                }
            }
            return true;
        }

        /**
         * The nearest double (the literal's grammar is checked, so this cannot fail; huge exponents give
         * ±∞, and tiny ones ±0, which callers refuse: see {@link JsonFields#number}).
         *
         * @return the value
         */
        double doubleValue() {
            return Double.parseDouble(text);
        }

        /**
         * A number literal for a finite double that parses back to exactly the same double.
         *
         * @param value a finite double
         * @return the literal
         */
        static JNumber of(double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("JSON has no literal for " + value);
            }
            return new JNumber(Double.toString(value)); // e.g. 0.01, 1.0E-5: valid JSON, exact round trip
        }

        /**
         * A number literal for an integer.
         *
         * @param value the integer
         * @return the literal
         */
        static JNumber of(long value) {
            return new JNumber(Long.toString(value));
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the value
     */
    record JBoolean(boolean value) implements Value {
        @Override
        public String kind() {
            return "a boolean";
        }
    }

    /** {@code null}. */
    record JNull() implements Value {
        @Override
        public String kind() {
            return "null";
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Parses one JSON document.
     *
     * @param utf8  the document, UTF-8 without a byte-order mark; not modified
     * @param where the name of the document for messages, e.g. {@code entry 'model.json'}
     * @return the value
     * @throws ModelFileException if the bytes are not exactly one valid JSON value, naming the byte offset
     */
    static Value parse(byte[] utf8, String where) throws ModelFileException {
        String text = decodeUtf8(utf8, where);
        Parser p = new Parser(text, utf8, where);
        p.skipWhitespace();
        Value v = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the JSON value");
        }
        return v;
    }

    private static String decodeUtf8(byte[] utf8, String where) throws ModelFileException {
        if (utf8.length >= 3 && (utf8[0] & 0xFF) == 0xEF && (utf8[1] & 0xFF) == 0xBB && (utf8[2] & 0xFF) == 0xBF) {
            throw new ModelFileException(where + " at byte 0: starts with a UTF-8 byte-order mark, which JSON"
                    + " (RFC 8259) does not allow");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        CharBuffer out = CharBuffer.allocate(utf8.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new ModelFileException(String.format(Locale.ROOT,
                    "%s at byte %d: invalid UTF-8 (byte 0x%02X)", where, in.position(), utf8[in.position()] & 0xFF));
        }
        try {
            decoder.flush(out);
        } catch (IllegalStateException e) {
            throw new ModelFileException(where + ": invalid UTF-8 at the end", e);
        }
        if (result.isOverflow()) { // cannot happen: a byte gives at most one char
            throw new ModelFileException(where + ": invalid UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /** Recursive descent over the decoded text; reports byte offsets into the UTF-8 input. */
    private static final class Parser {
        private final String s;
        private final byte[] utf8;
        private final String where;
        private int pos;

        Parser(String s, byte[] utf8, String where) {
            this.s = s;
            this.utf8 = utf8;
            this.where = where;
        }

        Value value(int depth) throws ModelFileException {
            if (pos >= s.length()) {
                throw error("unexpected end of the document, expected a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth + 1);
                case '[':
                    return array(depth + 1);
                case '"':
                    return new JString(string());
                case 't':
                    literal("true");
                    return new JBoolean(true);
                case 'f':
                    literal("false");
                    return new JBoolean(false);
                case 'n':
                    literal("null");
                    return new JNull();
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected " + describeHere() + ", expected a value (JSON has no NaN, Infinity,"
                            + " comments or single quotes)");
            }
        }

        private void checkDepth(int depth) throws ModelFileException {
            if (depth > MAX_DEPTH) {
                throw error("arrays and objects nested more than " + MAX_DEPTH + " deep");
            }
        }

        private JObject object(int depth) throws ModelFileException {
            checkDepth(depth);
            pos++; // {
            Map<String, Value> members = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new JObject(Collections.unmodifiableMap(members));
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("unexpected " + describeHere() + ", expected a member name in double quotes"
                            + (peek() == '}' ? " (JSON allows no trailing comma)" : ""));
                }
                int keyStart = pos;
                String key = string();
                if (members.containsKey(key)) {
                    pos = keyStart;
                    throw error("duplicate key " + quote(key) + " in one object");
                }
                skipWhitespace();
                expect(':', "after a member name");
                skipWhitespace();
                members.put(key, value(depth));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    return new JObject(Collections.unmodifiableMap(members));
                } else {
                    throw error("unexpected " + describeHere() + ", expected ',' or '}' after an object member");
                }
            }
        }

        private JArray array(int depth) throws ModelFileException {
            checkDepth(depth);
            pos++; // [
            List<Value> elements = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new JArray(Collections.unmodifiableList(elements));
            }
            while (true) {
                skipWhitespace();
                if (peek() == ']') {
                    throw error("unexpected ']', expected a value (JSON allows no trailing comma)");
                }
                elements.add(value(depth));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return new JArray(Collections.unmodifiableList(elements));
                } else {
                    throw error("unexpected " + describeHere() + ", expected ',' or ']' after an array element");
                }
            }
        }

        private String string() throws ModelFileException {
            int start = pos;
            pos++; // "
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    pos = start;
                    throw error("string is not closed before the end of the document");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    if (!pairedSurrogates(sb)) {
                        pos = start;
                        throw error("string has an unpaired surrogate \\u escape");
                    }
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error(String.format(Locale.ROOT, "control character U+%04X in a string (escape it)",
                            (int) c));
                }
                if (c == '\\') {
                    pos++;
                    if (pos >= s.length()) {
                        throw error("string is not closed before the end of the document");
                    }
                    char e = s.charAt(pos);
                    switch (e) {
                        case '"': sb.append('"'); break;
                        case '\\': sb.append('\\'); break;
                        case '/': sb.append('/'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'n': sb.append('\n'); break;
                        case 'r': sb.append('\r'); break;
                        case 't': sb.append('\t'); break;
                        case 'u':
                            pos++;
                            sb.append(hex4());
                            continue;
                        default:
                            throw error("invalid escape \\" + printable(String.valueOf(e)) + " in a string");
                    }
                    pos++;
                    continue;
                }
                sb.append(c);
                pos++;
            }
        }

        private static boolean pairedSurrogates(CharSequence cs) {
            for (int i = 0; i < cs.length(); i++) {
                char c = cs.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < cs.length() && Character.isLowSurrogate(cs.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }

        /** Four hex digits at pos (after {@code \\u}), then pos past them. */
        private char hex4() throws ModelFileException {
            if (pos + 4 > s.length()) {
                throw error("\\u escape needs four hex digits");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                char c = s.charAt(pos + i);
                int d = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    throw error("\\u escape needs four hex digits");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private JNumber number() throws ModelFileException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw error("number with a leading zero");
                }
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("unexpected " + describeHere() + " in a number, expected a digit");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw error("unexpected " + describeHere() + " after a decimal point, expected a digit");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("unexpected " + describeHere() + " in an exponent, expected a digit");
                }
                digits();
            }
            if (pos - start > MAX_NUMBER_LENGTH) {
                pos = start;
                throw error("number literal longer than " + MAX_NUMBER_LENGTH + " characters");
            }
            return new JNumber(s.substring(start, pos));
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void literal(String word) throws ModelFileException {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected " + describeHere() + ", expected a value");
            }
            pos += word.length();
        }

        private void expect(char c, String context) throws ModelFileException {
            if (peek() != c) {
                throw error("unexpected " + describeHere() + ", expected '" + c + "' " + context);
            }
            pos++;
        }

        /** The char at pos, or U+0000 at the end (never valid where a token is expected). */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        String describeHere() {
            if (pos >= s.length()) {
                return "end of the document";
            }
            char c = s.charAt(pos);
            if (c == '/' && pos + 1 < s.length() && (s.charAt(pos + 1) == '/' || s.charAt(pos + 1) == '*')) {
                return "comment (JSON has none)";
            }
            return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
        }

        ModelFileException error(String what) {
            return new ModelFileException(String.format(Locale.ROOT, "%s at byte %d: %s", where, byteOffset(pos),
                    what));
        }

        /** The UTF-8 byte offset of char index {@code index} (the text was decoded from {@link #utf8}). */
        private int byteOffset(int index) {
            int bytes = 0;
            for (int i = 0; i < index && i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    bytes += 1;
                } else if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
            return Math.min(bytes, utf8.length);
        }
    }

    /** The most characters of a file's text that a message echoes. */

    /**
     * Text from a file or from the caller, made safe to put in a message, whole: {@link Messages#escaped}.
     *
     * @param s the text
     * @return the text with the characters that would not show as themselves escaped
     */
    static String escapeControls(String s) {
        return Messages.escaped(s);
    }

    /**
     * A value of a file for a message: {@link Messages#printable(String)}, its first 60 characters escaped,
     * then {@code …} if there are more.
     *
     * @param s the value
     * @return the text to echo
     */
    static String printable(String s) {
        return Messages.printable(s);
    }

    /**
     * A key or string of a file for a message, as a JSON string literal: in double quotes, {@code "} and
     * <code>&#92;</code> escaped, then as {@link #printable}. So a key <code>"loss&#92;u0000"</code> is echoed
     * as such, never as a {@code "loss"} followed by an invisible character.
     *
     * @param s the key or string
     * @return the quoted text
     */
    static String quote(String s) {
        return '"' + printable(s.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a value as pretty-printed JSON: two-space indentation, one member or element per line (but an
     * object of at most four members that are neither objects nor arrays on one line, members separated by
     * {@code ", "}), {@code ": "} after keys, a final newline; objects keep their member order. Non-ASCII and control
     * characters in strings are written as {@code \\uXXXX}, so the output is ASCII.
     *
     * @param value the value
     * @return the UTF-8 (in fact ASCII) bytes
     */
    static byte[] write(Value value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 0);
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(Value value, StringBuilder sb, int indent) {
        if (value instanceof JObject o) {
            if (o.members().isEmpty()) {
                sb.append("{}");
                return;
            }
            if (isFlat(o)) {
                sb.append('{');
                int i = 0;
                for (Map.Entry<String, Value> m : o.members().entrySet()) {
                    sb.append(i++ > 0 ? ", " : "");
                    writeString(m.getKey(), sb);
                    sb.append(": ");
                    write(m.getValue(), sb, indent);
                }
                sb.append('}');
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<String, Value> m : o.members().entrySet()) {
                sb.append("  ".repeat(indent + 1));
                writeString(m.getKey(), sb);
                sb.append(": ");
                write(m.getValue(), sb, indent + 1);
                sb.append(++i < o.members().size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (value instanceof JArray a) {
            if (a.elements().isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < a.elements().size(); i++) {
                sb.append("  ".repeat(indent + 1));
                write(a.elements().get(i), sb, indent + 1);
                sb.append(i + 1 < a.elements().size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append(']');
        } else if (value instanceof JString str) {
            writeString(str.value(), sb);
        } else if (value instanceof JNumber n) {
            sb.append(n.text());
        } else if (value instanceof JBoolean b) {
            sb.append(b.value());
        } else {
            sb.append("null");
        }
    }

    /** An object of at most four scalar members, written on one line: {@code {"name": "relu"}}. */
    private static boolean isFlat(JObject o) {
        if (o.members().size() > 4) {
            return false;
        }
        for (Value v : o.members().values()) {
            if (v instanceof JObject || v instanceof JArray) {
                return false;
            }
        }
        return true;
    }

    private static void writeString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
