package io.github.backprop4j.trace;

import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.BinaryCrossEntropy;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Huber;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Loss;
import io.github.backprop4j.nn.MeanAbsoluteError;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Tanh;

/**
 * The seed's names and equations for the layers of a network. Two layers are h and o, as in the seed;
 * one layer is o; L &gt; 2 layers are h1, h2, …, h(L−1), o. Each layer's symbols are its suffix after W, B,
 * Z, M (the dropout mask) and E; its activations are H (H1, H2, …) for a hidden layer and O for the output.
 */
final class Notation {

    private final int layers;

    Notation(int layers) {
        this.layers = layers;
    }

    /** The layer's suffix: h, h1, h2, …, or o. */
    String suffix(int l) {
        if (l == layers - 1) {
            return "o";
        }
        return layers == 2 ? "h" : "h" + (l + 1);
    }

    String weights(int l) {
        return "W" + suffix(l);
    }

    String biases(int l) {
        return "B" + suffix(l);
    }

    String weightedInput(int l) {
        return "Z" + suffix(l);
    }

    String mask(int l) {
        return "M" + suffix(l);
    }

    String error(int l) {
        return "E" + suffix(l);
    }

    /** H, H1, H2, … for a hidden layer, O for the output layer. */
    String activations(int l) {
        return suffix(l).toUpperCase(java.util.Locale.ROOT);
    }

    /** X for the first layer, else the activations of the layer before. */
    String input(int l) {
        return l == 0 ? "X" : activations(l - 1);
    }

    /** "hidden", "hidden layer 2" or "output", for the meanings of the values. */
    String role(int l) {
        if (l == layers - 1) {
            return "output";
        }
        return layers == 2 ? "hidden" : "hidden layer " + (l + 1);
    }

    /** R in the seed's notation: R for ReLU, σ, tanh, the name otherwise; empty for the identity. */
    static String symbol(Activation a) {
        if (a instanceof ReLU) {
            return "R";
        } else if (a instanceof Sigmoid) {
            return "σ";
        } else if (a instanceof Tanh) {
            return "tanh";
        } else if (a instanceof Identity) {
            return "";
        }
        return a.name();
    }

    /** R(Z), or Z itself for the identity. */
    static String apply(Activation a, String z) {
        String r = symbol(a);
        return r.isEmpty() ? z : r + "(" + z + ")";
    }

    /** " ⊙ R′(Z)", or nothing for the identity (whose derivative is 1). */
    static String timesDerivative(Activation a, String z) {
        String r = symbol(a);
        return r.isEmpty() ? "" : " ⊙ " + r + "′(" + z + ")";
    }

    /** The cost's equation; {@code indices} when y is a column of class indices. */
    static String cost(Loss loss, boolean indices) {
        if (loss instanceof MeanSquaredError) {
            return "C = 1/(2n) · Σ (O − y)²";
        } else if (loss instanceof CrossEntropy ce && ce.labelSmoothing() > 0.0) {
            return "C = −(1/n) · Σ y′ ⊙ log O, y′ = (1 − ε)·" + (indices ? "onehot(y)" : "y") + " + ε/k, ε = "
                    + ce.labelSmoothing();
        } else if (loss instanceof CrossEntropy) {
            return indices ? "C = −(1/n) · Σᵢ log Oᵢ,yᵢ" : "C = −(1/n) · Σ y ⊙ log O";
        } else if (loss instanceof Huber huber) {
            return "C = (1/n) · Σ huber(O − y), huber(d) = ½d² for |d| ≤ δ, else δ·(|d| − ½δ), δ = " + huber.delta();
        } else if (loss instanceof MeanAbsoluteError) {
            return "C = (1/n) · Σ |O − y|";
        } else if (loss instanceof BinaryCrossEntropy) {
            return "C = −(1/n) · Σ [y ⊙ log O + (1 − y) ⊙ log(1 − O)]";
        }
        return "C = " + loss.name() + "(O, y)";
    }

    /** The forms of the output error Eo, by loss. */
    enum OutputError {
        /**
         * Eo = O − y: cross-entropy and binary cross-entropy, fused with their output activation (O − y′ with
         * label smoothing).
         */
        FUSED,
        /** Eo = (O − y) ⊙ R′(Zo): the seed's squared error. */
        SQUARED,
        /** Eo = ∂C/∂O ⊙ R′(Zo): any other loss. */
        GENERAL;

        static OutputError of(Loss loss) {
            if (loss instanceof CrossEntropy || loss instanceof BinaryCrossEntropy) {
                return FUSED;
            }
            return loss instanceof MeanSquaredError ? SQUARED : GENERAL;
        }
    }

    /** The output error's equation. */
    String outputError(Loss loss, Activation output, boolean indices) {
        String eo = error(layers - 1);
        String derivative = timesDerivative(output, weightedInput(layers - 1));
        boolean smoothed = loss instanceof CrossEntropy ce && ce.labelSmoothing() > 0.0;
        return switch (OutputError.of(loss)) {
            case FUSED -> eo + " = O − " + (smoothed ? "y′" : indices ? "onehot(y)" : "y");
            case SQUARED -> eo + " = " + (derivative.isEmpty() ? "O − y" : "(O − y)" + derivative);
            case GENERAL -> eo + " = " + costSlope(loss) + derivative;
        };
    }

    /** ∂C/∂O per sample (n · ∂C/∂O), in symbols where the loss is a built-in. */
    private static String costSlope(Loss loss) {
        if (loss instanceof Huber huber) {
            return "clamp(O − y, −" + huber.delta() + ", " + huber.delta() + ")";
        } else if (loss instanceof MeanAbsoluteError) {
            return "sign(O − y)";
        }
        return "∂C/∂O";
    }

    /** A hidden layer's error, the seed's Eh = (Eo · Woᵀ) ⊙ R′(Zh). */
    String hiddenError(int l, Activation a, boolean dropout) {
        String back = error(l + 1) + " · " + weights(l + 1) + "ᵀ";
        String factors = (dropout ? " ⊙ " + mask(l) : "") + timesDerivative(a, weightedInput(l));
        return error(l) + " = " + (factors.isEmpty() ? back : "(" + back + ")" + factors);
    }
}
