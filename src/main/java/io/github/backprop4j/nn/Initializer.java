package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How a layer's weights W ({@code in × out}) get their first values. Biases always start at zero.
 *
 * <p>Every random initializer draws from a {@link RandomGenerator} the caller gives, in row-major order,
 * so a seeded generator gives the same network bit for bit. With fan-in = in and fan-out = out:
 * <table>
 *   <caption>The built-in initializers</caption>
 *   <tr><th>factory</th><th>distribution</th><th>source</th></tr>
 *   <tr><td>{@link #heNormal()}</td><td>N(0, 2/in)</td><td>He et al. 2015, "Delving Deep into
 *       Rectifiers"</td></tr>
 *   <tr><td>{@link #heUniform()}</td><td>U(−√(6/in), √(6/in))</td><td>He et al. 2015</td></tr>
 *   <tr><td>{@link #xavierNormal()}</td><td>N(0, 2/(in + out))</td><td>Glorot &amp; Bengio 2010,
 *       "Understanding the difficulty of training deep feedforward neural networks"</td></tr>
 *   <tr><td>{@link #xavierUniform()}</td><td>U(−√(6/(in + out)), √(6/(in + out)))</td><td>Glorot &amp;
 *       Bengio 2010</td></tr>
 *   <tr><td>{@link #lecunNormal()}</td><td>N(0, 1/in)</td><td>LeCun et al. 1998, "Efficient
 *       BackProp"</td></tr>
 *   <tr><td>{@link #zeros()}, {@link #constant(double)}</td><td>every weight the same</td><td></td></tr>
 * </table>
 * {@link #defaultFor(Activation)} picks He normal for ReLU-like activations and Xavier uniform for the
 * rest.
 */
public interface Initializer {

    /**
     * Fills {@code weights} with initial values. Modifies {@code weights}.
     *
     * @param weights W, {@code in × out}
     * @param random  the source of randomness; advanced by one draw per weight for random initializers
     */
    void initialize(Matrix weights, RandomGenerator random);

    /**
     * The name shown in summaries, e.g. {@code "he-normal"}.
     *
     * @return the name
     */
    String name();

    /**
     * He (Kaiming) normal: N(0, 2/in), for ReLU layers.
     *
     * @return the initializer
     */
    static Initializer heNormal() {
        return new RandomInitializer("he-normal", false, (in, out) -> 2.0 / in);
    }

    /**
     * He (Kaiming) uniform: U(−√(6/in), √(6/in)), variance 2/in.
     *
     * @return the initializer
     */
    static Initializer heUniform() {
        return new RandomInitializer("he-uniform", true, (in, out) -> 2.0 / in);
    }

    /**
     * Xavier (Glorot) normal: N(0, 2/(in + out)).
     *
     * @return the initializer
     */
    static Initializer xavierNormal() {
        return new RandomInitializer("xavier-normal", false, (in, out) -> 2.0 / (in + out));
    }

    /**
     * Xavier (Glorot) uniform: U(−√(6/(in + out)), √(6/(in + out))), variance 2/(in + out).
     *
     * @return the initializer
     */
    static Initializer xavierUniform() {
        return new RandomInitializer("xavier-uniform", true, (in, out) -> 2.0 / (in + out));
    }

    /**
     * LeCun normal: N(0, 1/in).
     *
     * @return the initializer
     */
    static Initializer lecunNormal() {
        return new RandomInitializer("lecun-normal", false, (in, out) -> 1.0 / in);
    }

    /**
     * Every weight zero. (A network of such layers cannot break symmetry; useful for tests and for
     * a final linear layer.)
     *
     * @return the initializer
     */
    static Initializer zeros() {
        return constant(0.0);
    }

    /**
     * Every weight equal to {@code value}.
     *
     * @param value the value, finite
     * @return the initializer
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    static Initializer constant(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("constant initializer: value must be finite, got " + value);
        }
        return new Initializer() {
            @Override
            public void initialize(Matrix weights, RandomGenerator random) {
                weights.fill(value);
            }

            @Override
            public String name() {
                return value == 0.0 ? "zeros" : String.format(Locale.ROOT, "constant(%s)", value);
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /**
     * The usual choice for an activation: He normal for the rectifier-like {@link ReLU}, {@link LeakyReLU},
     * {@link ELU}, {@link GELU}, {@link SiLU} and {@link Softplus}, Xavier uniform for everything else.
     *
     * @param activation the layer's activation
     * @return the initializer
     */
    static Initializer defaultFor(Activation activation) {
        boolean rectifierLike = activation instanceof ReLU || activation instanceof LeakyReLU
                || activation instanceof ELU || activation instanceof GELU || activation instanceof SiLU
                || activation instanceof Softplus;
        return rectifierLike ? heNormal() : xavierUniform();
    }
}
