package io.github.backprop4j.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Whether another process shares the cores with the library's threads, and so how long a thread waiting for
 * another ({@link Workers}) spins before it parks.
 *
 * <p>On a quiet machine a worker that spins 50 µs between products is there when the next one comes; parking
 * at once (and being woken by the next product) made a 2-thread training step 20–25 % slower. When another
 * process keeps a core busy, a spinning worker is one runnable thread more than there are cores, and the
 * calling thread loses its core to it or to the other process between products: over the single-threaded
 * parts of a step (bias, activation, loss) the caller got only 15–20 % of the wall time as CPU time, and 2
 * threads trained at 0.83–0.85 × the speed of one (ProtocolRun, batch 64, 2 cores, a busy loop on one).
 * Spinning 5 µs instead, the worker sleeps between products, the caller keeps its core, and 2 threads ran at
 * 0.98–1.0 × one — but 20–25 % slower than spinning long on a quiet machine.
 *
 * <p>So the thread that hands out work measures how much of its core it gets between two hand-offs, where it
 * computes alone: for every {@value #SAMPLE_EVERY}th gap shorter than {@value #MAX_GAP_NANOS} ns (a longer one
 * may be the caller's own idle time), its wall time and the thread's CPU time (two reads of the thread's CPU
 * clock, about 0.4 µs each). Over a window of {@value #WINDOW_NANOS} ns of sampled wall time, a thread alone on
 * its core gets 97–100 % of it as CPU time, and one whose worker spins against another process 15–20 %. Two
 * windows in a row below {@value #MIN_SHARE_PERCENT} % mean the cores are shared, and for the next
 * {@value #SHARED_NANOS} ns every waiting thread spins only {@value #SHARED_SPIN_NANOS} ns; within
 * {@value #LATELY_NANOS} ns after that, one low window brings the short spin back (with the short spin the
 * caller keeps its core, so the windows look quiet again while the other process still runs). The JIT
 * compiler's threads share the cores this way too while a program warms up. Where the JVM cannot read a
 * thread's CPU time, threads always spin {@value #QUIET_SPIN_NANOS} ns. The choice changes only how long
 * threads wait, never which thread computes what, so results stay bitwise the same.
 *
 * <p>What it costs on a quiet machine: a low window there (the JIT at start-up, or the host) brings the short
 * spin for a second, in which two threads train 20–25 % slower; docs/performance.md has the measurements.
 */
final class CoreShare {

    /** How long a waiting thread spins before it parks while the cores are not shared. */
    static final long QUIET_SPIN_NANOS = 50_000;
    /** How long it spins while they are. */
    static final long SHARED_SPIN_NANOS = 5_000;
    /** One gap between hand-offs in this many is sampled (a power of two). */
    static final int SAMPLE_EVERY = 4;
    /** Longer gaps are not sampled: the caller may have been idle, not computing. */
    static final long MAX_GAP_NANOS = 2_000_000;
    /** The sampled wall time over which the share is judged. */
    static final long WINDOW_NANOS = 5_000_000;
    /** A window with less than this share of its wall time as CPU time is a low one. */
    static final int MIN_SHARE_PERCENT = 50;
    /** This many low windows in a row mean the cores are shared; one, if they were lately. */
    static final int LOW_WINDOWS = 2;
    /** How long the short spin lasts after the cores were last seen shared. */
    static final long SHARED_NANOS = 1_000_000_000;
    /** Within this time after the short spin ended, the cores were shared lately. */
    static final long LATELY_NANOS = 2_000_000_000;

    /** The JVM's thread CPU clock, or {@code null} where it cannot be read. */
    private static final ThreadMXBean CLOCK = clockOrNull();
    /** Until when ({@link System#nanoTime}) waiting threads spin only {@link #SHARED_SPIN_NANOS}. */
    private static volatile long sharedUntil = System.nanoTime() - LATELY_NANOS - 1;

    // One calling thread's sampling; only that thread touches these.
    private int gaps;
    private boolean sampling;
    private long gapWall;
    private long gapCpu;
    private long windowWall;
    private long windowCpu;
    private int lowWindows;

    /** How long a waiting thread spins now before it parks. */
    static long spinNanos() {
        return System.nanoTime() - sharedUntil < 0 ? SHARED_SPIN_NANOS : QUIET_SPIN_NANOS;
    }

    /** Called by a thread as it hands out work: ends the gap since its last hand-off. */
    void handOff() {
        if (sampling) {
            sampling = false;
            long now = System.nanoTime();
            sample(now - gapWall, CLOCK.getCurrentThreadCpuTime() - gapCpu, now);
        }
    }

    /** Called by the same thread once the work it handed out is done: a gap begins. */
    void handedOff() {
        if (CLOCK != null && (++gaps & (SAMPLE_EVERY - 1)) == 0) {
            sampling = true;
            gapCpu = CLOCK.getCurrentThreadCpuTime();
            gapWall = System.nanoTime();
        }
    }

    /**
     * Adds a gap of {@code wallNanos} in which the thread ran {@code cpuNanos}, ending at {@code now}, to the
     * window unless it is too long; when the window holds {@link #WINDOW_NANOS} of wall time, judges it and
     * starts a new one.
     */
    void sample(long wallNanos, long cpuNanos, long now) {
        if (wallNanos >= MAX_GAP_NANOS) {
            return;
        }
        windowWall += wallNanos;
        windowCpu += cpuNanos;
        if (windowWall >= WINDOW_NANOS) {
            boolean low = windowCpu * 100 < windowWall * MIN_SHARE_PERCENT;
            lowWindows = low ? lowWindows + 1 : 0;
            boolean lately = now - sharedUntil < LATELY_NANOS;
            if (lowWindows >= (lately ? 1 : LOW_WINDOWS)) {
                sharedUntil = now + SHARED_NANOS;
                lowWindows = 0;
            }
            windowWall = 0;
            windowCpu = 0;
        }
    }

    /** Whether waiting threads spin briefly now, the cores having lately been seen shared (for tests). */
    static boolean seenShared() {
        return System.nanoTime() - sharedUntil < 0;
    }

    /** Forgets that the cores were seen shared (for tests). */
    static void forget() {
        sharedUntil = System.nanoTime() - LATELY_NANOS - 1;
    }

    /** Whether this JVM can read a thread's CPU time, without which the cores are never seen shared. */
    static boolean canMeasure() {
        return CLOCK != null;
    }

    private static ThreadMXBean clockOrNull() {
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            return threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled() ? threads : null;
        } catch (SecurityException | UnsupportedOperationException e) {
            return null; // the threads spin as on a quiet machine
        }
    }
}
