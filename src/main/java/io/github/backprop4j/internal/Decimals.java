package io.github.backprop4j.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as people read them: a chosen count of significant digits, correctly rounded, without trailing
 * zeros, and {@code 0} for both zeros (never {@code -0.00000}). One place for every rendering of numbers
 * in text (the trace, {@code Matrix.toString}).
 */
public final class Decimals {

    /** The most significant digits asked for: a double has at most 17 that matter. */
    public static final int MAX_DIGITS = 17;

    private Decimals() {
    }

    /**
     * {@code v} rounded to {@code digits} significant digits (half to even, from its exact binary value),
     * trailing zeros dropped; {@value #MAX_DIGITS} digits give the shortest decimal that reads back as
     * {@code v} (as {@link Double#toString(double)} finds it), never noise such as {@code 0.10000000000000001}. Plain notation when the leading digit's decimal exponent e is in
     * [−5, max(digits, 6)), else scientific with a two-digit exponent, as numpy writes it
     * ({@code 1.5e-07}, {@code 2.5e+21}). Both zeros give {@code 0}; NaN and the infinities give
     * {@code nan}, {@code inf} and {@code -inf}.
     *
     * @param v      the number
     * @param digits significant digits, 1 to {@value #MAX_DIGITS}
     * @return the text
     * @throws IllegalArgumentException if {@code digits} is out of range
     */
    public static String significant(double v, int digits) {
        checkDigits(digits);
        if (v == 0.0) {
            return "0";
        }
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        BigDecimal d = digits == MAX_DIGITS
                ? new BigDecimal(Double.toString(v)).stripTrailingZeros() // the decimal that reads back as v
                : new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -5 && exponent < Math.max(digits, 6)) {
            return d.toPlainString();
        }
        String mantissa = d.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(mantissa.length() + 8);
        if (d.signum() < 0) {
            sb.append('-');
        }
        sb.append(mantissa.charAt(0));
        if (mantissa.length() > 1) {
            sb.append('.').append(mantissa, 1, mantissa.length());
        }
        sb.append(exponent < 0 ? "e-" : "e+");
        int e = Math.abs(exponent);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    /**
     * {@code v} with exactly {@code decimals} digits after the point, rounded half to even from its exact binary
     * value: the text Python's {@code format(v, ".2f")} gives (and scikit-learn's reports print), which
     * {@code String.format("%.2f")} does not always give (it rounds the shortest decimal half up: 0.125 → 0.13,
     * where Python writes 0.12).
     *
     * @param v        a finite number
     * @param decimals digits after the point, 0 to {@value #MAX_DIGITS}
     * @return the text, e.g. {@code 0.12}; a minus sign only for a negative result ({@code -0.001} gives
     *         {@code -0.00}, as Python writes it)
     * @throws IllegalArgumentException if {@code v} is not finite or {@code decimals} is out of range
     */
    public static String fixed(double v, int decimals) {
        if (!Double.isFinite(v) || decimals < 0 || decimals > MAX_DIGITS) {
            throw new IllegalArgumentException("fixed: cannot write " + v + " with " + decimals
                    + " decimals (a finite number and 0 … " + MAX_DIGITS + " decimals)");
        }
        String text = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return v < 0 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE ? negative(text) : text;
    }

    private static String negative(String text) {
        return text.startsWith("-") ? text : "-" + text;
    }

    /**
     * Checks a significant-digit count.
     *
     * @param digits the count
     * @return {@code digits}
     * @throws IllegalArgumentException if it is not in 1 … {@value #MAX_DIGITS}
     */
    public static int checkDigits(int digits) {
        if (digits < 1 || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("significant digits must be in 1 … " + MAX_DIGITS + ", got " + digits);
        }
        return digits;
    }
}
