package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.io.Json.JArray;
import io.github.backprop4j.io.Json.JBoolean;
import io.github.backprop4j.io.Json.JNull;
import io.github.backprop4j.io.Json.JNumber;
import io.github.backprop4j.io.Json.JObject;
import io.github.backprop4j.io.Json.JString;
import io.github.backprop4j.io.Json.Value;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static Value parse(String text) throws ModelFileException {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8), "doc");
    }

    private static void assertRefused(String text, String... words) {
        assertRefused(text.getBytes(StandardCharsets.UTF_8), words);
    }

    private static void assertRefused(byte[] bytes, String... words) {
        assertThatThrownBy(() -> Json.parse(bytes, "doc"))
                .isInstanceOf(ModelFileException.class)
                .satisfies(e -> {
                    for (String w : words) {
                        assertThat(e.getMessage()).contains(w);
                    }
                });
    }

    @Test
    void parsesEveryKindOfValue() throws ModelFileException {
        Value v = parse(" {\"a\": [1, -2.5e-3, 0, true, false, null], \"b\": {}, \"c\": [], \"d\": \"x\"}\n");
        Map<String, Value> expected = new LinkedHashMap<>();
        expected.put("a", new JArray(List.of(new JNumber("1"), new JNumber("-2.5e-3"), new JNumber("0"),
                new JBoolean(true), new JBoolean(false), new JNull())));
        expected.put("b", new JObject(Map.of()));
        expected.put("c", new JArray(List.of()));
        expected.put("d", new JString("x"));
        assertThat(v).isEqualTo(new JObject(expected));
        assertThat(((JObject) v).members().keySet()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void decodesEscapesAndUtf8() throws ModelFileException {
        assertThat(parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00 é 😀\""))
                .isEqualTo(new JString("q\" b\\ s/ \b\f\n\r\t é 😀 é 😀"));
    }

    @Test
    void numbersKeepTheirTextAndIntegersAreTold() throws ModelFileException {
        JNumber n = (JNumber) parse("12");
        assertThat(n.isInteger()).isTrue();
        assertThat(n.longValue()).isEqualTo(12);
        assertThat(((JNumber) parse("12.0")).isInteger()).isFalse();
        assertThat(((JNumber) parse("1E2")).isInteger()).isFalse();
        assertThat(((JNumber) parse("123456789012345678901")).longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(((JNumber) parse("9223372036854775807")).longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(((JNumber) parse("9223372036854775808")).longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(((JNumber) parse("-9223372036854775807")).longValue()).isEqualTo(-Long.MAX_VALUE);
        assertThat(((JNumber) parse("-0.5E+2")).doubleValue()).isEqualTo(-50.0);
    }

    @Test
    void refusesWhatRfc8259Refuses() {
        assertRefused("{\"a\": 1,}", "at byte 8", "no trailing comma");
        assertRefused("[1, 2,]", "at byte 6", "no trailing comma");
        assertRefused("{\"a\": 1 // note\n}", "comment");
        assertRefused("/* c */ {}", "comment");
        assertRefused("NaN", "no NaN");
        assertRefused("[Infinity]", "no NaN, Infinity");
        assertRefused("[-Infinity]", "expected a digit");
        assertRefused("{'a': 1}", "member name in double quotes");
        assertRefused("[01]", "leading zero");
        assertRefused("[1.]", "after a decimal point");
        assertRefused("[.5]", "expected a value");
        assertRefused("[+1]", "expected a value");
        assertRefused("[1e]", "exponent");
        assertRefused("{\"a\" 1}", "expected ':'");
        assertRefused("{\"a\": 1 \"b\": 2}", "expected ',' or '}'");
        assertRefused("[1 2]", "expected ',' or ']'");
        assertRefused("\"tab\there\"", "control character U+0009");
        assertRefused("\"\\x\"", "invalid escape \\x");
        assertRefused("\"\\u12G4\"", "four hex digits");
        assertRefused("\"\\uD800\"", "unpaired surrogate");
        assertRefused("\"\\uDC00\\uD800\"", "unpaired surrogate");
        assertRefused("\"open", "not closed");
        assertRefused("", "end of the document");
        assertRefused("   ", "end of the document");
        assertRefused("{} {}", "after the JSON value");
        assertRefused("[tru]", "expected a value");
        assertRefused("{\"a\": 1, \"a\": 2}", "duplicate key \"a\"");
    }

    @Test
    void hexEscapesAcceptOnlyAsciiHexDigits() {
        // U+0661 (ARABIC-INDIC DIGIT ONE) is a digit to Character.digit, but not a JSON hex digit.
        assertRefused("\"\\u00\u0661\u0661\"", "four hex digits");
    }

    @Test
    void refusesInvalidUtf8AndByteOrderMark() {
        assertRefused(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, "byte-order mark");
        assertRefused(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}, "invalid UTF-8", "at byte 1");
        assertRefused(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, "invalid UTF-8"); // a surrogate
        assertRefused(new byte[] {'"', 'a', (byte) 0xE2, (byte) 0x82}, "invalid UTF-8", "at byte 2");
    }

    @Test
    void byteOffsetsCountUtf8Bytes() {
        assertRefused("[\"é😀\", x]", "at byte 11");
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() {
        assertRefused("[".repeat(10_000) + "]".repeat(10_000), "nested more than 32 deep", "at byte 32");
        assertRefused("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "nested more than 32 deep");
        assertRefused("[".repeat(1_000_000), "nested more than 32 deep");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws ModelFileException {
        assertThat(parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).isInstanceOf(JArray.class);
        assertRefused("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1), "nested");
    }

    @Test
    void hugeNumberLiteralIsRefused() {
        assertRefused("1" + "0".repeat(Json.MAX_NUMBER_LENGTH), "longer than");
    }

    @Test
    void writerOutputParsesBackToTheSameValue() throws ModelFileException {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("s", new JString("quote \" backslash \\ newline \n é 😀 \u0001"));
        m.put("n", JNumber.of(-0.001));
        m.put("i", JNumber.of(42L));
        m.put("flat", new JObject(Map.of("name", new JString("relu"))));
        m.put("list", new JArray(List.of(new JBoolean(true), new JNull(), new JArray(List.of()))));
        JObject v = new JObject(m);
        byte[] written = Json.write(v);
        for (byte b : written) {
            assertThat(b & 0xFF).as("output is ASCII").isLessThan(0x80);
        }
        assertThat(Json.parse(written, "doc")).isEqualTo(v);
    }

    @Test
    void doublesRoundTripExactlyThroughTheWriter() throws ModelFileException {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            JNumber parsed = (JNumber) Json.parse(Json.write(JNumber.of(d)), "doc");
            assertThat(Double.doubleToRawLongBits(parsed.doubleValue())).as("%s", d)
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void echoedTextHasEveryCharacterThatDoesNotShowAsItselfEscaped() {
        assertThat(Json.escapeControls("a\u0000b\tc\u007f\u0085\u00ad\u200b\u202e\u2028\u2029\ud83d|é ü"))
                .isEqualTo("a\\u0000b\\tc\\u007f\\u0085\\u00ad\\u200b\\u202e\\u2028\\u2029\\ud83d|é ü");
        assertThat(Json.quote("loss\u0000")).isEqualTo("\"loss\\u0000\"");
        assertThat(Json.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Json.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(60) + "…\"");
        assertThat(Json.printable("x".repeat(60))).isEqualTo("x".repeat(60));
    }

    @Test
    void aNumberIsZeroOnlyIfItsSignificandIs() {
        for (String zero : new String[] {"0", "-0", "0.0", "-0.000", "0e5", "0.000E-999"}) {
            assertThat(new JNumber(zero).isZero()).as(zero).isTrue();
        }
        for (String nonZero : new String[] {"1e-999", "0.001", "-0.0000001e-400", "10", "0.5E0"}) {
            assertThat(new JNumber(nonZero).isZero()).as(nonZero).isFalse();
        }
    }
}
