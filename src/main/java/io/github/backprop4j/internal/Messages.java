package io.github.backprop4j.internal;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The one way the library echoes user data (a cell of a file, a name, a file name) in an exception message:
 * with the characters that would hide or rearrange text escaped, and cut short when long, so that a message
 * stays one readable line whatever a file holds. Internal: this package is not exported by {@code module-info}.
 *
 * <p>Escaped: tab, line feed and carriage return as {@code \t}, {@code \n}, {@code \r}; every other control
 * character (C0, DEL, C1), invisible format character (byte-order mark, bidirectional overrides, zero-width
 * characters), line or paragraph separator and unpaired surrogate as a Java-style Unicode escape: a
 * backslash, {@code u} and four lowercase hex digits (a NUL becomes backslash-{@code u0000}). Everything else,
 * including a backslash and characters beyond the BMP, is kept.
 */
public final class Messages {

    /** The most characters of one piece of user data a message echoes, before escaping. */
    public static final int MAX_ECHO = 60;
    /** The most items of a list a message echoes. */
    public static final int MAX_ITEMS = 10;

    private Messages() {
    }

    /**
     * The text escaped as the class describes, whole. For file names, which are never cut.
     *
     * @param s the text, not modified
     * @return the escaped text
     */
    public static String escaped(String s) {
        return escape(s, s.length());
    }

    /**
     * The text escaped as the class describes, cut after {@value #MAX_ECHO} characters with {@code …}.
     *
     * @param s the text, not modified
     * @return the escaped, possibly shortened, text
     */
    public static String printable(String s) {
        return escape(s, MAX_ECHO);
    }

    /**
     * The first {@value #MAX_ITEMS} items, each {@link #printable(String) printable}, joined by {@code ", "};
     * a longer list ends in {@code …} and its size, as {@code a, b, … (1000 in all)}.
     *
     * @param items the items, not modified
     * @return the joined items
     */
    public static String printable(List<String> items) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < items.size() && i < MAX_ITEMS; i++) {
            j.add(printable(items.get(i)));
        }
        if (items.size() > MAX_ITEMS) {
            j.add(String.format(Locale.ROOT, "… (%d in all)", items.size()));
        }
        return j.toString();
    }

    private static String escape(String s, int maxChars) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), maxChars) + 8);
        int i = 0;
        while (i < s.length() && i < maxChars) {
            int c = s.codePointAt(i);
            int n = Character.charCount(c);
            if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (hides(c)) {
                for (int k = i; k < i + n; k++) {
                    sb.append(String.format(Locale.ROOT, "\\u%04x", (int) s.charAt(k)));
                }
            } else {
                sb.appendCodePoint(c);
            }
            i += n;
        }
        if (i < s.length()) {
            sb.append('…');
        }
        return sb.toString();
    }

    /** Whether the code point would be invisible, break the line or reorder the text around it. */
    private static boolean hides(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:  // only an unpaired one reaches here
                return true;
            default:
                return false;
        }
    }
}
