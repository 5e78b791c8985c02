package io.github.backprop4j.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A console progress bar for training, written to a stream you give:
 * <pre>
 * epoch  3/20 [==============&gt;               ] 512/938  cost 0.4123  21,340 samples/s  ETA 1.3 s
 * epoch  3/20  cost 0.4010  acc 0.8571  val_cost 0.4213  val_acc 0.8502  21,102 samples/s  2.8 s
 * </pre>
 * On a terminal the first line is redrawn in place (with a carriage return) as batches finish, at most
 * ten times a second, and the epoch's summary line replaces it. When the stream is not a terminal (a
 * log file, a CI job) only the summary line of each epoch is written.
 *
 * <p>The library never prints by itself: this listener writes only because you add it.
 */
public final class ProgressBar implements TrainingListener {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private boolean midLine;

    /**
     * A progress bar on {@code out}.
     *
     * @param out      where to write
     * @param terminal {@code true} to redraw one line in place, {@code false} for plain lines
     */
    public ProgressBar(PrintStream out, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    /**
     * A progress bar on standard output that redraws in place when standard output is a terminal and
     * writes plain lines otherwise. The test is {@link System#console()}: not {@code null} on Java 17 to 21
     * means a terminal; from Java 22, where a console may exist without one, its {@code isTerminal()}
     * decides.
     *
     * @return the progress bar
     */
    public static ProgressBar toStandardOutput() {
        return new ProgressBar(System.out, isTerminal(System.console()));
    }

    /** Whether the console is a terminal, asking {@code Console.isTerminal()} where the JDK has it (22+). */
    static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only on a terminal
        }
    }

    @Override
    public void onEpochStart(EpochStart event) {
        lastDraw = Long.MIN_VALUE;
        lastLength = 0;
    }

    @Override
    public void onBatchEnd(BatchEnd event) {
        if (!terminal) {
            return;
        }
        boolean last = event.batch() == event.batches();
        if (!last && lastDraw != Long.MIN_VALUE && event.elapsedNanos() - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = event.elapsedNanos();
        draw(batchLine(event));
    }

    @Override
    public void onEpochEnd(EpochEnd event) {
        EpochResult r = event.result();
        String line = String.format(Locale.ROOT, "epoch %s  %s  %,.0f samples/s  %.1f s",
                epochOf(r.epoch(), event.epochs()), r.metrics(), r.samplesPerSecond(), r.seconds());
        if (terminal) {
            draw(line);
            out.print('\n');
            midLine = false;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The in-place line for a batch: bar, count, running cost, speed and time left in the epoch. */
    static String batchLine(BatchEnd e) {
        int filled = (int) ((long) BAR_WIDTH * e.batch() / e.batches());
        StringBuilder bar = new StringBuilder(BAR_WIDTH + 2).append('[');
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        bar.append(']');
        double seconds = e.elapsedNanos() / 1e9;
        double rate = seconds > 0 ? e.samplesSoFar() / seconds : 0.0;
        double eta = e.batch() == 0 ? 0.0 : seconds * (e.batches() - e.batch()) / e.batch();
        return String.format(Locale.ROOT, "epoch %s %s %d/%d  cost %.4f  %,.0f samples/s  ETA %.1f s",
                epochOf(e.epoch(), e.epochs()), bar, e.batch(), e.batches(), e.runningCost(), rate, eta);
    }

    private static String epochOf(int epoch, int epochs) {
        int width = String.valueOf(epochs).length();
        return String.format(Locale.ROOT, "%" + width + "d/%d", epoch, epochs);
    }

    private void draw(String line) {
        // \r returns to the start of the line; spaces wipe what a longer previous line left behind
        StringBuilder sb = new StringBuilder(line.length() + lastLength + 1).append('\r').append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        midLine = true;
        out.print(sb);
        out.flush();
    }

    @Override
    public void onTrainEnd(TrainEnd event) {
        if (midLine) {
            out.print('\n'); // training stopped mid-epoch: end the redrawn line
            midLine = false;
            out.flush();
        }
    }
}
