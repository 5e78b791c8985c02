package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesTest {

    /** The input and the expected output are written with Java escapes, unescaped by the test. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc                 | abc",
        "a\\u0000b           | a\\\\u0000b",
        "tab\\there          | tab\\\\there",
        "\\r\\n              | \\\\r\\\\n",
        "\\u001b[31mred      | \\\\u001b[31mred",
        "del\\u007f c1\\u0085 | del\\\\u007f c1\\\\u0085",
        "bidi\\u202egnp.exe  | bidi\\\\u202egnp.exe",
        "bom\\ufeff zw\\u200b | bom\\\\ufeff zw\\\\u200b",
        "line\\u2028para\\u2029 | line\\\\u2028para\\\\u2029",
        "lone\\ud800 high    | lone\\\\ud800 high",
        "emoji \\ud83d\\ude00 é | emoji \\ud83d\\ude00 é",
        "back\\\\slash       | back\\\\slash",
    })
    void escapesWhatWouldHideOrRearrangeText(String input, String expected) {
        assertThat(Messages.escaped(unescape(input))).isEqualTo(unescape(expected));
        assertThat(Messages.printable(unescape(input))).isEqualTo(unescape(expected));
    }

    @Test
    void printableCutsAfterSixtyCharactersButEscapedNever() {
        String s = "x".repeat(59) + "\u0000" + "y".repeat(100);
        assertThat(Messages.printable(s)).isEqualTo("x".repeat(59) + "\\u0000…");
        assertThat(Messages.escaped(s)).hasSize(59 + 6 + 100);
        assertThat(Messages.printable("z".repeat(60))).isEqualTo("z".repeat(60));
        // a surrogate pair is not split by the cut
        assertThat(Messages.printable("x".repeat(59) + "\ud83d\ude00" + "y")).isEqualTo("x".repeat(59) + "\ud83d\ude00…");
    }

    @Test
    void listsAreCutAfterTenItems() {
        assertThat(Messages.printable(List.of("a", "b\n"))).isEqualTo("a, b\\n");
        List<String> many = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "c" + i).toList();
        assertThat(Messages.printable(many)).isEqualTo("c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, … (12 in all)");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }
}
