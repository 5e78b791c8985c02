package io.github.backprop4j.internal;

/**
 * The buffers one thread needs to run a product: a packed panel of B and a scratch row of C. Each thread
 * has its own ({@link #get()}), allocated on its first product and reused for every product after, so a
 * product allocates nothing in steady state.
 */
final class Scratch {

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** The scalar kernel's packed B panel: row p holds B[pc + p][jc .. jc + nc). */
    final double[][] panel = new double[ScalarGemm.KC][ScalarGemm.NC];
    /** The scalar kernel's three scratch rows of C, starting at indices 0, NC and 2·NC. */
    final double[] row = new double[3 * ScalarGemm.NC];
    /** Free for an alternative kernel (the Vector API one keeps its packed panel here), or null. */
    Object extra;

    private Workers.Worker[] claimed = new Workers.Worker[0];
    private final Workers.Job job = new Workers.Job();

    private Scratch() {
    }

    /** This thread's reusable description of the product it hands to workers. */
    Workers.Job job() {
        return job;
    }

    /** Room to remember the workers this thread hands the parts of one product to. */
    Workers.Worker[] claimed(int parts) {
        if (claimed.length < parts) {
            claimed = new Workers.Worker[parts];
        }
        return claimed;
    }

    /**
     * The calling thread's scratch.
     *
     * @return this thread's buffers
     */
    static Scratch get() {
        return PER_THREAD.get();
    }
}
