package io.github.backprop4j.internal;

import java.util.Locale;
import java.util.Objects;

/**
 * The few pieces of SVG text the library writes (the charts, the trace's network picture): checked and
 * escaped text, coordinates with at most two decimals, and an estimate of how wide a text will be drawn.
 */
public final class Svg {

    /** Average advance of a narrow (Latin, digit) character, in em; DejaVu Sans digits are 0.636 em. */
    private static final double NARROW_EM = 0.64;
    /** Advance assumed for wide characters (CJK, emoji and the like), in em. */
    private static final double WIDE_EM = 1.0;
    /** Extra width of bold text. */
    private static final double BOLD_FACTOR = 1.1;
    private static final String ELLIPSIS = "…";

    private Svg() {
    }

    /**
     * Returns {@code text} if SVG can hold it, that is if it has no control characters (U+0000–U+001F,
     * U+007F–U+009F, tabs and line breaks included), no unpaired surrogates and neither U+FFFE nor
     * U+FFFF.
     *
     * @param text the text to check
     * @param what what the text is, for the messages (also the parameter name given to the
     *             {@link NullPointerException})
     * @return {@code text}
     * @throws NullPointerException     if {@code text} is null
     * @throws IllegalArgumentException if it holds a character that SVG cannot hold
     */
    public static String checkText(String text, String what) {
        Objects.requireNonNull(text, what);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String problem = null;
            if (Character.isISOControl(c)) {
                problem = "is a control character";
            } else if (c == '\uFFFE' || c == '\uFFFF') {
                problem = "is not a character XML allows";
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                problem = "is an unpaired high surrogate";
            } else if (Character.isLowSurrogate(c)) {
                problem = "is an unpaired low surrogate";
            }
            if (problem != null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: character U+%04X at index %d %s; SVG text cannot hold it", what, (int) c, i, problem));
            }
        }
        return text;
    }

    /**
     * Escapes the five XML special characters ({@code & < > " '}) for use in text or in an attribute.
     * The text must have passed {@link #checkText}.
     */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Formats a coordinate with at most two decimals and no trailing zeros, independent of the default
     * locale: {@code 12}, {@code 12.5}, {@code -0.25}. Never {@code -0}.
     *
     * @throws IllegalStateException if {@code v} is not finite or beyond ±10⁹ (a bug in the layout,
     *                               never a consequence of the data)
     */
    public static String num(double v) {
        if (!(Math.abs(v) <= 1e9)) {
            throw new IllegalStateException("chart layout produced the coordinate " + v);
        }
        long hundredths = Math.round(v * 100);
        StringBuilder out = new StringBuilder(12);
        if (hundredths < 0) {
            out.append('-');
            hundredths = -hundredths;
        }
        out.append(hundredths / 100);
        long frac = hundredths % 100;
        if (frac != 0) {
            out.append('.').append(frac / 10);
            if (frac % 10 != 0) {
                out.append(frac % 10);
            }
        }
        return out.toString();
    }

    /** Estimated drawn width of {@code text} in pixels; errs on the wide side. */
    public static double width(String text, double fontSize, boolean bold) {
        double em = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            em += em(text.codePointAt(i));
        }
        return em * fontSize * (bold ? BOLD_FACTOR : 1.0);
    }

    /**
     * Returns {@code text}, or its longest prefix followed by "…" that fits in {@code maxWidth} pixels
     * (never splitting a surrogate pair), or "" if not even "…" fits.
     */
    public static String fit(String text, double maxWidth, double fontSize, boolean bold) {
        if (width(text, fontSize, bold) <= maxWidth) {
            return text;
        }
        double scale = fontSize * (bold ? BOLD_FACTOR : 1.0);
        double room = maxWidth - width(ELLIPSIS, fontSize, bold);
        if (room < 0) {
            return "";
        }
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            double w = em(cp) * scale;
            if (w > room) {
                break;
            }
            room -= w;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    private static double em(int codePoint) {
        return codePoint < 0x1100 ? NARROW_EM : WIDE_EM;
    }
}
