package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OneHotAndShuffleTest {

    @Test
    void encodePutsAOneInTheLabelsColumn() {
        assertThat(OneHot.encode(new int[] {2, 0}, 3)).isEqualTo(Matrix.of(2, 3, 0, 0, 1, 1, 0, 0));
        assertThat(OneHot.encode(new int[0], 4).shape()).isEqualTo("0×4");
    }

    @Test
    void decodeTakesTheArgMaxOfEachRow() {
        assertThat(OneHot.decode(Matrix.of(3, 3, 0, 0, 1, 0.2, 0.7, 0.1, 0.5, 0.5, 0))).containsExactly(2, 1, 0);
        assertThatThrownBy(() -> OneHot.decode(Matrix.zeros(2, 0)))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("decode: a 2×0 matrix has no columns to choose from");
    }

    @Test
    void encodeRefusesBadLabelsAndClassCounts() {
        assertThatThrownBy(() -> OneHot.encode(new int[] {1, 0, 5}, 5))
                .hasMessage("encode: label 5 at index 2 is outside [0, 5)");
        assertThatThrownBy(() -> OneHot.encode(new int[] {-2}, 5))
                .hasMessage("encode: label -2 at index 0 is outside [0, 5)");
        assertThatThrownBy(() -> OneHot.encode(new int[0], 0)).hasMessage("encode: classes must be ≥ 1, got 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 10, 33})
    void decodeInvertsEncode(int classes) {
        SplittableRandom r = new SplittableRandom(classes);
        int[] labels = IntStream.range(0, 100).map(i -> r.nextInt(classes)).toArray();
        assertThat(OneHot.decode(OneHot.encode(labels, classes))).isEqualTo(labels);
    }

    @Test
    void identityCountsUp() {
        assertThat(Shuffle.identity(4)).containsExactly(0, 1, 2, 3);
        assertThat(Shuffle.identity(0)).isEmpty();
        assertThatThrownBy(() -> Shuffle.identity(-1)).hasMessage("identity: n must be ≥ 0, got -1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 64, 1000})
    void permutationHoldsEachIndexOnceAndRepeatsWithTheSeed(int n) {
        int[] p = Shuffle.permutation(n, new SplittableRandom(n));
        assertThat(p).containsExactlyInAnyOrder(Shuffle.identity(n));
        assertThat(Shuffle.permutation(n, new SplittableRandom(n))).isEqualTo(p);
    }

    @Test
    void inPlaceIsFisherYatesWithTheGivenDraws() {
        // draws for i = 3, 2, 1 from a generator that always returns 0: swap(3,0), swap(2,0), swap(1,0)
        int[] v = {10, 11, 12, 13};
        Shuffle.inPlace(v, new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return 0;
            }
        });
        // [10 11 12 13] → [13 11 12 10] → [12 11 13 10] → [11 12 13 10]
        assertThat(v).containsExactly(11, 12, 13, 10);
    }

    @Test
    void inPlaceIsRoughlyUniform() {
        // each of the 6 orders of 3 elements should come up about 1/6 of 60 000 times
        int[] counts = new int[6];
        SplittableRandom r = new SplittableRandom(99);
        for (int t = 0; t < 60_000; t++) {
            int[] p = Shuffle.permutation(3, r);
            counts[p[0] * 2 + (p[1] > p[2] ? 1 : 0)]++;
        }
        assertThat(IntStream.of(counts).min().getAsInt()).isGreaterThan(9_500);
        assertThat(IntStream.of(counts).max().getAsInt()).isLessThan(10_500);
    }
}
