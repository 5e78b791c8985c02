package io.github.backprop4j.optim;

import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-parameter bookkeeping every optimizer shares: the parameters it is bound to (their value matrices,
 * by identity, in order), the number of steps taken, and zero or more arrays per parameter (SGD's velocity,
 * Adam's m and v).
 *
 * <p>The first {@link #bind} records the parameters and allocates the arrays; later calls only check that the
 * same parameters come back, and allocate nothing. "The same" means the very same value matrices
 * ({@code ==}), not merely the same names and shapes: a second network of the same architecture has
 * parameters of the same names and shapes, and stepping it with the first network's moments, velocity and
 * step count (and so the schedule's position) would be a silent wrong answer.
 */
final class ParameterSlots {

    private final String optimizer;
    private final String[] slotNames;
    private String[] names;
    /** The bound value matrices, compared by identity; null until bound. */
    private Matrix[] values;
    private int[] rows;
    private int[] cols;
    /** Slot s of parameter i at {@code slots[i * slotNames.length + s]}. */
    private double[][] slots;
    private long steps;
    /** The {@link Network#backwardCount()} whose gradients the last step of a network applied; 0 for none. */
    private long appliedBackward;

    /**
     * @param optimizer the optimizer's name, for messages
     * @param slotNames the arrays kept per parameter, e.g. {@code "m", "v"}; none for plain SGD
     */
    ParameterSlots(String optimizer, String... slotNames) {
        this.optimizer = optimizer;
        this.slotNames = slotNames.clone();
    }

    /**
     * Binds to {@code parameters} on the first call, checks that they are the same later: the same count,
     * names and shapes (reported as such, the more telling message), then the very same value matrices.
     *
     * @throws IllegalStateException if the parameters differ from the bound ones, or are another network's
     * @throws ShapeException        if a gradient's shape differs from its parameter's
     */
    void bind(List<Parameter> parameters) {
        if (values == null) {
            checkGradients(parameters);
            allocate(parameters);
            return;
        }
        if (parameters.size() != names.length) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s: bound to %d parameters, now given %d; the parameters must be the same on every step "
                            + "(use one optimizer per network)", optimizer, names.length, parameters.size()));
        }
        for (int i = 0; i < names.length; i++) {
            Parameter p = parameters.get(i);
            if (!p.name().equals(names[i]) || !p.value().hasShape(rows[i], cols[i])) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s: parameter %d was %s %s, now %s %s; the parameters must be the same on every step "
                                + "(use one optimizer per network)", optimizer, i, names[i],
                        ShapeException.shape(rows[i], cols[i]), p.name(), p.value().shape()));
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (parameters.get(i).value() != values[i]) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s: this optimizer is bound to another network's parameters (%s); create a new optimizer "
                                + "for each network", optimizer, names[i]));
            }
        }
        checkGradients(parameters);
    }

    /**
     * Binds to {@code network}'s parameters as {@link #bind(List)} does, then refuses gradients that no backward
     * pass has computed since the last step: the zeros of a network that has had no backward pass, or the
     * gradients a step has applied already. The one place of this rule for every optimizer; it costs one
     * comparison.
     *
     * @throws IllegalStateException if the parameters are another network's, or no backward pass has run since
     *                               the last step (or ever)
     */
    void bindForStep(Network network) {
        bind(network.parameters());
        long backward = network.backwardCount();
        if (backward == appliedBackward) {
            throw new IllegalStateException(optimizer + " step: " + (backward == 0
                    ? "the network has no gradients yet"
                    : "no backward pass since the last step, whose gradients were applied already")
                    + "; call forward and backward before each step");
        }
        appliedBackward = backward;
    }

    private void checkGradients(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (!p.gradient().sameShape(p.value())) {
                throw ShapeException.of("%s step: parameter %s is %s but its gradient is %s (they must be equal)",
                        optimizer, p.name(), p.value().shape(), p.gradient().shape());
            }
        }
    }

    private void allocate(List<Parameter> parameters) {
        int n = parameters.size();
        String[] newNames = new String[n];
        Matrix[] newValues = new Matrix[n];
        int[] newRows = new int[n];
        int[] newCols = new int[n];
        double[][] newSlots = new double[n * slotNames.length][];
        for (int i = 0; i < n; i++) {
            Parameter p = parameters.get(i);
            newNames[i] = p.name();
            newValues[i] = p.value();
            newRows[i] = p.value().rows();
            newCols[i] = p.value().cols();
            for (int s = 0; s < slotNames.length; s++) {
                newSlots[i * slotNames.length + s] = new double[p.value().size()];
            }
        }
        names = newNames;
        values = newValues;
        rows = newRows;
        cols = newCols;
        slots = newSlots;
    }

    /** Slot {@code slot} of parameter {@code parameter}; valid after {@link #bind}. */
    double[] slot(int parameter, int slot) {
        return slots[parameter * slotNames.length + slot];
    }

    /** The number of steps taken. */
    long steps() {
        return steps;
    }

    /** Counts a finished step. */
    void countStep() {
        steps++;
    }

    /** Copies of the slots, each named {@code <parameter>.<slot>}, parameter by parameter. */
    List<OptimizerState.Tensor> export() {
        if (names == null) {
            return List.of();
        }
        List<OptimizerState.Tensor> tensors = new ArrayList<>(slots.length);
        for (int i = 0; i < names.length; i++) {
            for (int s = 0; s < slotNames.length; s++) {
                tensors.add(new OptimizerState.Tensor(names[i] + "." + slotNames[s],
                        Matrix.of(rows[i], cols[i], slot(i, s))));
            }
        }
        return tensors;
    }

    /**
     * Takes the step count and tensors of {@code state}, bound to {@code parameters}. Call once, on a new
     * optimizer; on an exception that optimizer is to be dropped. A state from before the first step (step 0,
     * no tensors) leaves the optimizer fresh: it binds on its first step, as a new one would.
     *
     * @throws IllegalArgumentException if the tensors do not fit the parameters or hold non-finite values
     */
    void restore(OptimizerState state, List<Parameter> parameters) {
        List<OptimizerState.Tensor> tensors = state.tensors();
        int expected = parameters.size() * slotNames.length;
        if (tensors.size() != expected && !(tensors.isEmpty() && state.step() == 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s state: %d tensors for %d parameters, expected %d (%s for each parameter)", optimizer,
                    tensors.size(), parameters.size(), expected,
                    slotNames.length == 0 ? "none" : String.join(", ", slotNames)));
        }
        for (int i = 0; i < parameters.size() && !tensors.isEmpty(); i++) {
            Parameter p = parameters.get(i);
            for (int s = 0; s < slotNames.length; s++) {
                OptimizerState.Tensor t = tensors.get(i * slotNames.length + s);
                String name = p.name() + "." + slotNames[s];
                if (!t.name().equals(name)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s state: tensor %d is named %s, expected %s", optimizer, i * slotNames.length + s,
                            t.name(), name));
                }
                if (!t.value().sameShape(p.value())) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s state: tensor %s is %s, expected %s like parameter %s", optimizer, name,
                            t.value().shape(), p.value().shape(), p.name()));
                }
                Finite.require(optimizer + " state", "tensor " + name, t.value().backingArray(), t.value().cols());
            }
        }
        if (tensors.isEmpty() && state.step() == 0) {
            return;  // exported before the first step: stay fresh, bind on the first step
        }
        bind(parameters);
        if (!tensors.isEmpty()) {
            for (int k = 0; k < slots.length; k++) {
                double[] values = tensors.get(k).value().backingArray();
                System.arraycopy(values, 0, slots[k], 0, values.length);
            }
        }
        steps = state.step();
    }
}
