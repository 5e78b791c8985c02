package io.github.backprop4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The library's worker threads: persistent daemon threads that help a caller with one product at a
 * time. A caller cuts C into bands, hands the product to idle workers, and works on the bands with them
 * until none is left. Workers busy with another caller's product are simply not used, so two callers
 * never wait on each other.
 *
 * <p>Why not an {@code ExecutorService}: the products of a training step take 20–500 µs, and handing a
 * worker a job through a field and {@link LockSupport#unpark} costs far less than a {@code Future} per
 * part, and allocates nothing. A worker spins briefly after a job (the next product of the step follows
 * within microseconds), then parks, so idle workers use no CPU; how briefly depends on whether another process
 * shares the cores ({@link CoreShare}).
 *
 * <p>The threads are daemons, named {@code backprop4j-worker-N}, and never stop a JVM from exiting. They are
 * created lazily, by the first product that is actually split among threads (as many as the most threads a
 * split product has used, less one): a network set to one thread, or whose products are all too small to
 * split, starts none.
 */
final class Workers {

    /** Bands per thread: a few, so that a thread that falls behind leaves its share to the others. */
    private static final int BANDS_PER_THREAD = 4;
    /** At most this many workers; thread counts beyond it run the extra parts on the calling thread. */
    private static final int MAX_WORKERS = 255;

    private static final Object GROW = new Object();
    private static volatile Worker[] pool = new Worker[0];

    private Workers() {
    }

    /**
     * Computes C = s·(the product) with {@code kernel} on up to {@code parts} threads. C is cut into bands of
     * columns (if {@code byColumns}) or rows, at multiples of {@code align}, a few more bands than threads; the caller
     * and the workers it could claim take bands one at a time until none is left. So a worker that the OS
     * does not schedule (the other core busy with another process) costs little: the caller takes its
     * bands, and takes back a job the worker has not started.
     */
    static void run(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n,
                    double scale, int parts, boolean byColumns, int align, int minBand) {
        Scratch scratch = Scratch.get();
        int extent = byColumns ? n : m;
        int bands = Math.max(parts, Math.min(parts * BANDS_PER_THREAD, extent / minBand));
        Job job = scratch.job();
        job.set(kernel, form, a, b, c, m, k, n, scale, byColumns, extent, bands, align);
        execute(job, parts, scratch);
    }

    /**
     * Runs parts 0 … {@code count − 1} of {@code task}, each once, on the calling thread and up to
     * {@code threads − 1} workers, taken one at a time as for a product's bands.
     */
    static void runParts(Parts task, int count, int threads) {
        Scratch scratch = Scratch.get();
        Job job = scratch.job();
        job.setParts(task, count);
        execute(job, threads, scratch);
    }

    /** Hands {@code job} to up to {@code parts − 1} idle workers, works on it too, waits, rethrows a failure. */
    private static void execute(Job job, int parts, Scratch scratch) {
        Worker[] workers = ensure(parts - 1);
        Worker[] claimed = scratch.claimed(parts);
        int claimedCount = 0;
        for (int w = 0; w < workers.length && claimedCount < parts - 1; w++) {
            if (workers[w].claim()) {
                workers[w].assign(job);
                claimed[claimedCount++] = workers[w];
            }
        }
        job.share.handOff();
        job.work(scratch);
        for (int i = 0; i < claimedCount; i++) {
            claimed[i].finish();
            claimed[i] = null;
        }
        job.share.handedOff();
        Throwable failure = job.failure;
        job.clear();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /**
     * One product being computed (its operands), or other work cut into {@link Parts}, and the next band or
     * part to take. One per calling thread, reused.
     */
    static final class Job {
        private final AtomicInteger next = new AtomicInteger();
        /** How much of its core the calling thread gets between its hand-offs. */
        private final CoreShare share = new CoreShare();
        private Parts task;
        private GemmKernel kernel;
        private int form;
        private double[] a;
        private double[] b;
        private double[] c;
        private int m;
        private int k;
        private int n;
        private double scale;
        private boolean byColumns;
        private int extent;
        private int bands;
        private int align;
        private volatile Throwable failure;

        void set(GemmKernel kernel, int form, double[] a, double[] b, double[] c, int m, int k, int n, double scale,
                 boolean byColumns, int extent, int bands, int align) {
            this.scale = scale;
            this.kernel = kernel;
            this.form = form;
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.byColumns = byColumns;
            this.extent = extent;
            this.bands = bands;
            this.align = align;
            this.task = null;
            this.failure = null;
            next.set(0);
        }

        void setParts(Parts task, int count) {
            this.task = task;
            this.bands = count;
            this.failure = null;
            next.set(0);
        }

        /** Takes bands until none is left; a failure is kept for the caller and stops nothing else. */
        void work(Scratch scratch) {
            int band;
            while ((band = next.getAndIncrement()) < bands) {
                try {
                    if (task != null) {
                        task.run(band);
                        continue;
                    }
                    int from = cut(extent, bands, band, align);
                    int to = cut(extent, bands, band + 1, align);
                    if (byColumns) {
                        kernel.multiply(form, a, b, c, m, k, n, 0, m, from, to, scale, scratch);
                    } else {
                        kernel.multiply(form, a, b, c, m, k, n, from, to, 0, n, scale, scratch);
                    }
                } catch (Throwable t) { // handed to the caller, which rethrows it
                    if (failure == null) {
                        failure = t;
                    }
                }
            }
        }

        void clear() {
            a = null; // hold no reference to the caller's arrays between products
            b = null;
            c = null;
            kernel = null;
            task = null;
            failure = null;
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

    /** Whether the calling thread has ever split a product among threads (for tests). */
    static boolean hasSplitOnThisThread() {
        return Scratch.get().claimed(0).length > 0;
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

    /** Waits until {@code state} is {@code wanted}: spins ({@link CoreShare#spinNanos}), then parks until unparked. */
    private static void await(AtomicInteger state, int wanted) {
        long start = System.nanoTime();
        long spin = CoreShare.spinNanos();
        while (state.get() != wanted) {
            if (System.nanoTime() - start < spin) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(state);
            }
        }
    }

    /** One worker thread and its job slot. */
    static final class Worker extends Thread {
        private static final int IDLE = 0;
        private static final int CLAIMED = 1;
        private static final int READY = 2;
        private static final int RUNNING = 3;
        private static final int DONE = 4;

        private final AtomicInteger state = new AtomicInteger(IDLE);
        private Job job;        // written by the caller before READY, read by the worker after RUNNING
        private Thread caller;

        Worker(int id) {
            super("backprop4j-worker-" + id);
            setDaemon(true);
        }

        boolean claim() {
            return state.get() == IDLE && state.compareAndSet(IDLE, CLAIMED);
        }

        void assign(Job job) {
            this.job = job;
            this.caller = Thread.currentThread();
            state.set(READY);
            LockSupport.unpark(this);
        }

        /**
         * After the caller ran out of bands: takes the job back if the worker has not started it, else waits
         * until it has finished its band. Frees the worker either way.
         */
        void finish() {
            if (state.compareAndSet(READY, IDLE)) {
                job = null; // never started: nothing to wait for
                caller = null;
                return;
            }
            await(state, DONE);
            state.set(IDLE);
        }

        @Override
        public void run() {
            Scratch scratch = Scratch.get();
            while (true) {
                await(state, READY);
                if (!state.compareAndSet(READY, RUNNING)) {
                    continue; // the caller took the job back
                }
                Job j = job;
                Thread waiter = caller;
                job = null;
                caller = null;
                j.work(scratch);
                state.set(DONE);
                LockSupport.unpark(waiter);
            }
        }
    }
}
