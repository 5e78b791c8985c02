package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the calling thread's share of its core between hand-offs decides how long waiting threads spin
 * ({@link CoreShare}). The samples are given, not measured, so the decisions are exact.
 */
class CoreShareTest {

    private static final long MS = 1_000_000;

    @BeforeEach
    @AfterEach
    void quiet() {
        CoreShare.forget();
    }

    /** Fills one window with gaps of 1 ms in which the thread ran {@code cpuPercent} % of the time. */
    private static void window(CoreShare share, int cpuPercent) {
        for (long wall = 0; wall < CoreShare.WINDOW_NANOS; wall += MS) {
            share.sample(MS, MS * cpuPercent / 100, System.nanoTime());
        }
    }

    @Test
    void aThreadThatKeepsItsCoreLeavesTheLongSpin() {
        CoreShare share = new CoreShare();
        for (int i = 0; i < 10; i++) {
            window(share, 97);
        }
        assertThat(CoreShare.seenShared()).isFalse();
        assertThat(CoreShare.spinNanos()).isEqualTo(CoreShare.QUIET_SPIN_NANOS);
    }

    @Test
    void twoLowWindowsInARowShortenTheSpin() {
        CoreShare share = new CoreShare();
        window(share, 20);
        assertThat(CoreShare.seenShared()).as("one low window is not enough").isFalse();
        window(share, 20);
        assertThat(CoreShare.seenShared()).isTrue();
        assertThat(CoreShare.spinNanos()).isEqualTo(CoreShare.SHARED_SPIN_NANOS);
    }

    @Test
    void lowWindowsMustFollowEachOther() {
        CoreShare share = new CoreShare();
        for (int i = 0; i < 5; i++) {
            window(share, 20);
            window(share, 100);
        }
        assertThat(CoreShare.seenShared()).isFalse();
    }

    @Test
    void theThresholdIsTheMinimumShare() {
        CoreShare share = new CoreShare();
        window(share, CoreShare.MIN_SHARE_PERCENT);
        window(share, CoreShare.MIN_SHARE_PERCENT);
        assertThat(CoreShare.seenShared()).as("exactly the minimum share is not low").isFalse();
        window(share, CoreShare.MIN_SHARE_PERCENT - 1);
        window(share, CoreShare.MIN_SHARE_PERCENT - 1);
        assertThat(CoreShare.seenShared()).isTrue();
    }

    @Test
    void soonAfterTheShortSpinEndedOneLowWindowBringsItBack() {
        CoreShare share = new CoreShare();
        long ended = System.nanoTime() - CoreShare.SHARED_NANOS - MS; // seen shared, and the short spin is over
        for (long wall = 0; wall < 2 * CoreShare.WINDOW_NANOS; wall += MS) {
            share.sample(MS, 0, ended);
        }
        assertThat(CoreShare.seenShared()).isFalse();
        window(share, 20);
        assertThat(CoreShare.seenShared()).as("shared lately: one low window is enough").isTrue();
    }

    @Test
    void longGapsAreTheCallersOwnIdleTimeAndAreNotSampled() {
        CoreShare share = new CoreShare();
        for (int i = 0; i < 100; i++) {
            share.sample(CoreShare.MAX_GAP_NANOS, 0, System.nanoTime()); // a caller sleeping between calls
        }
        assertThat(CoreShare.seenShared()).isFalse();
    }

    @Test
    void theShortSpinEndsWhenTheCoresWereNotSeenSharedForAWhile() {
        CoreShare share = new CoreShare();
        long longAgo = System.nanoTime() - CoreShare.SHARED_NANOS - MS;
        for (long wall = 0; wall < 2 * CoreShare.WINDOW_NANOS; wall += MS) {
            share.sample(MS, 0, longAgo);
        }
        assertThat(CoreShare.seenShared()).isFalse();
    }

    @Test
    void aCallerThatIsOffItsCoreBetweenHandOffsIsSeenOnTheThreadsCpuClock() {
        assertThat(CoreShare.canMeasure()).as("HotSpot on Linux reads a thread's CPU time").isTrue();
        CoreShare share = new CoreShare();
        int gaps = 0;
        while (!CoreShare.seenShared() && gaps < 1_000) {
            share.handOff();
            share.handedOff();
            LockSupport.parkNanos(500_000); // off its core for 0.5 ms, as if another process had it
            gaps++;
        }
        assertThat(CoreShare.seenShared()).isTrue();
        // two windows of sampled wall time, one gap in SAMPLE_EVERY sampled, each ≥ 0.5 ms
        assertThat(gaps).isLessThanOrEqualTo(
                (int) (2 * CoreShare.WINDOW_NANOS / 500_000 * CoreShare.SAMPLE_EVERY) + CoreShare.SAMPLE_EVERY);
    }
}
