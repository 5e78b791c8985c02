package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SvgTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "-0.0, 0",
        "12, 12",
        "12.5, 12.5",
        "-0.25, -0.25",
        "3.14159, 3.14",
        "0.004, 0",
        "-0.004, 0",
        "99.999, 100",
        "1e9, 1000000000",
    })
    void numbersHaveAtMostTwoDecimalsAndNoTrailingZeros(double v, String expected) {
        assertThat(Svg.num(v)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5e9, -1e300})
    void nonFiniteOrAbsurdCoordinatesAreABug(double v) {
        assertThatIllegalStateException().isThrownBy(() -> Svg.num(v)).withMessageContaining("coordinate");
    }

    @Test
    void escapesTheFiveXmlSpecialCharacters() {
        assertThat(Svg.escape("a<b>&\"c\"'d'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
        assertThat(Svg.escape("plain")).isEqualTo("plain");
        assertThat(Svg.escape("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0007", "line\nbreak", "tab\there", "cr\r", "\u007F", "\u0085",
        "\uFFFE", "\uFFFF", "lone \uD800 high", "lone \uDC00 low", "ends high \uD83D"})
    void refusesCharactersSvgCannotHold(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Svg.checkText(text, "name"))
                .withMessageStartingWith("name: character U+")
                .withMessageContaining("SVG text cannot hold it");
    }

    @Test
    void refusalNamesTheCodeAndIndex() {
        assertThatIllegalArgumentException().isThrownBy(() -> Svg.checkText("ab\u0007", "title"))
                .withMessage("title: character U+0007 at index 2 is a control character; SVG text cannot hold it");
    }

    @Test
    void acceptsPairedSurrogatesAndOtherUnicode() {
        String text = "loss 📉 Verlust 損失 ‹x› — ∞";
        assertThat(Svg.checkText(text, "name")).isSameAs(text);
    }

    @Test
    void nullTextNamesTheParameter() {
        assertThatNullPointerException().isThrownBy(() -> Svg.checkText(null, "xLabel")).withMessage("xLabel");
    }

    @Test
    void fitKeepsTextThatFitsAndCutsTheRestWithAnEllipsis() {
        assertThat(Svg.fit("short", 1000, 12, false)).isEqualTo("short");
        String cut = Svg.fit("a rather long title for a small chart", 100, 12, false);
        assertThat(cut).endsWith("…").startsWith("a rather");
        assertThat(Svg.width(cut, 12, false)).isLessThanOrEqualTo(100);
        assertThat(Svg.fit("anything", 3, 12, false)).isEmpty();
    }

    @Test
    void fitNeverSplitsASurrogatePair() {
        String text = "📉".repeat(20);
        for (int room = 0; room < 300; room += 7) {
            String cut = Svg.fit(text, room, 12, false);
            assertThat(Svg.checkText(cut, "cut")).isEqualTo(cut);
        }
    }
}
