package io.github.backprop4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The library's worker threads: persistent daemon threads, each handed one rectangle of a product at a
 * time. A caller splits C into parts, gives parts 1 … to idle workers, computes part 0 itself and waits
 * for the rest. A part no idle worker can take (all busy with another caller's product) the caller
 * computes itself, so two callers never wait on each other.
 *
 * <p>Why not an {@code ExecutorService}: the products of a training step take 20–500 µs, and handing a
 * worker a job through fields and {@link LockSupport#unpark} costs far less than a {@code Future} per
 * part, and allocates nothing. A worker spins briefly after a job (the next product of the step follows
 * within microseconds), then parks, so idle workers use no CPU.
 *
 * <p>The threads are daemons, created on first use (as many as the largest thread count asked for, less
 * one), named {@code backprop4j-worker-N}, and never stop a JVM from exiting.
 */
final class Workers {

    /** How long an idle worker, or a caller waiting for one, spins before it parks. */
    private static final long SPIN_NANOS = 50_000;
    /** At most this many workers; thread counts beyond it run the extra parts on the calling thread. */
    private static final int MAX_WORKERS = 255;

    private static final Object GROW = new Object();
    private static volatile Worker[] pool = new Worker[0];

    private Workers() {
    }

    /**
     * Computes C with {@code kernel}, split into {@code parts} rectangles: bands of columns if
     * {@code byColumns}, else bands of rows, cut at multiples of {@code align}.
     */
    static void run(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n, int parts,
                    boolean byColumns, int align) {
        Worker[] workers = ensure(parts - 1);
        Scratch scratch = Scratch.get();
        Worker[] claimed = scratch.claimed(parts);
        int extent = byColumns ? n : m;
        int claimedCount = 0;
        int next = 0;
        // parts 1 … parts−1 to idle workers, from the last part down so that part 0 is the caller's
        for (int part = parts - 1; part >= 1; part--) {
            int from = cut(extent, parts, part, align);
            int to = cut(extent, parts, part + 1, align);
            Worker w = null;
            while (next < workers.length && w == null) {
                Worker candidate = workers[next++];
                if (candidate.claim()) {
                    w = candidate;
                }
            }
            if (w == null) {
                runPart(kernel, form, a, b, c, m, k, n, byColumns, from, to, scratch);
            } else {
                w.assign(kernel, form, a, b, c, m, k, n, byColumns ? 0 : from, byColumns ? m : to,
                        byColumns ? from : 0, byColumns ? to : n);
                claimed[claimedCount++] = w;
            }
        }
        Throwable failure = null;
        try {
            runPart(kernel, form, a, b, c, m, k, n, byColumns, 0, cut(extent, parts, 1, align), scratch);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int i = 0; i < claimedCount; i++) {
            Throwable t = claimed[i].await();
            claimed[i] = null;
            if (failure == null) {
                failure = t;
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static void runPart(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n,
                                boolean byColumns, int from, int to, Scratch scratch) {
        if (byColumns) {
            kernel.multiply(form, a, b, c, m, k, n, 0, m, from, to, scratch);
        } else {
            kernel.multiply(form, a, b, c, m, k, n, from, to, 0, n, scratch);
        }
    }

    /** The start of part {@code part} of {@code parts} over {@code extent}, at a multiple of {@code align}. */
    static int cut(int extent, int parts, int part, int align) {
        if (part >= parts) {
            return extent;
        }
        int units = (extent + align - 1) / align;
        return Math.min(extent, (int) ((long) units * part / parts) * align);
    }

    /** The number of workers that exist now (for tests). */
    static int count() {
        return pool.length;
    }

    private static Worker[] ensure(int wanted) {
        Worker[] current = pool;
        int target = Math.min(wanted, MAX_WORKERS);
        if (current.length >= target) {
            return current;
        }
        synchronized (GROW) {
            current = pool;
            if (current.length < target) {
                Worker[] grown = java.util.Arrays.copyOf(current, target);
                for (int i = current.length; i < target; i++) {
                    grown[i] = new Worker(i + 1);
                    grown[i].start();
                }
                pool = grown;
                current = grown;
            }
        }
        return current;
    }

    /** One worker thread and its job slot. */
    static final class Worker extends Thread {
        private static final int IDLE = 0;
        private static final int CLAIMED = 1;
        private static final int READY = 2;
        private static final int DONE = 3;

        private final AtomicInteger state = new AtomicInteger(IDLE);
        // The job: written by the caller between claim() and the READY store, read by the worker after it.
        private GemmKernel kernel;
        private int form;
        private double[] a;
        private double[] b;
        private double[] c;
        private int m;
        private int k;
        private int n;
        private int i0;
        private int i1;
        private int j0;
        private int j1;
        private Thread caller;
        private Throwable failure;

        Worker(int id) {
            super("backprop4j-worker-" + id);
            setDaemon(true);
        }

        boolean claim() {
            return state.get() == IDLE && state.compareAndSet(IDLE, CLAIMED);
        }

        void assign(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n, int i0, int i1,
                   int j0, int j1) {
            this.kernel = kernel;
            this.form = form;
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.i0 = i0;
            this.i1 = i1;
            this.j0 = j0;
            this.j1 = j1;
            this.caller = Thread.currentThread();
            this.failure = null;
            state.set(READY);
            LockSupport.unpark(this);
        }

        /** Waits until the job is done, frees the worker, and returns what the job threw, if anything. */
        Throwable await() {
            long start = System.nanoTime();
            while (state.get() != DONE) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable t = failure;
            failure = null;
            state.set(IDLE);
            return t;
        }

        @Override
        public void run() {
            Scratch scratch = Scratch.get();
            while (true) {
                long start = System.nanoTime();
                while (state.get() != READY) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                try {
                    kernel.multiply(form, a, b, c, m, k, n, i0, i1, j0, j1, scratch);
                } catch (Throwable t) { // handed to the caller, which rethrows it
                    failure = t;
                }
                a = null; // hold no reference to the caller's arrays while idle
                b = null;
                c = null;
                Thread waiter = caller;
                caller = null;
                state.set(DONE);
                LockSupport.unpark(waiter);
            }
        }
    }
}
