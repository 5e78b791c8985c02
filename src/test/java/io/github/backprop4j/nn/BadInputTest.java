package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every way of misusing the core gives a clear exception of the right type, never a wrong answer. */
class BadInputTest {

    private static Network net() {
        return Network.builder().input(3).dense(4, new ReLU()).dense(2, new Identity())
                .build(new SplittableRandom(1));
    }

    @Test
    void inputOfTheWrongWidthNamesTheLayerAndBothWidths() {
        Network net = net();
        assertThatThrownBy(() -> net.forward(Matrix.zeros(5, 2))).isInstanceOf(ShapeException.class)
                .hasMessage("layer 0 (3 → 4, ReLU) forward: input is 5×2 with 2 columns, expected 3");
        assertThatThrownBy(() -> net.predict(Matrix.zeros(1, 4))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("layer 0").hasMessageContaining("expected 3");
    }

    @Test
    void targetsOfTheWrongShapeNameBothShapes() {
        Network net = net();
        net.forward(Matrix.zeros(5, 3));
        assertThatThrownBy(() -> net.backward(Matrix.zeros(5, 3))).isInstanceOf(ShapeException.class)
                .hasMessage("mse: targets are 5×3 but the network's output is 5×2 (expected equal shapes)");
        assertThatThrownBy(() -> net.backward(Matrix.zeros(4, 2))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("4×2").hasMessageContaining("5×2");
    }

    @Test
    void backwardBeforeForwardIsAStateError() {
        assertThatThrownBy(() -> net().backward(Matrix.zeros(1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessage("layer 1 (4 → 2, Identity) backward: call forward first");
        assertThatThrownBy(() -> net().cost(Matrix.zeros(1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessage("layer 1 (4 → 2, Identity) cost: call forward first");
        assertThatThrownBy(() -> net().layers().get(0).weightedInput()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weightedInput: call forward first");
    }

    @Test
    void theErrorOfALayerExistsOnlyAfterTheBackwardPassOfItsForwardPass() {
        Network net = net();
        Layer hidden = net.layers().get(0);
        assertThatThrownBy(hidden::error).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("error: call forward first");
        Matrix x = Matrix.of(2, 3, 1, 2, 3, -1, 0.5, 2);
        Matrix y = Matrix.of(2, 2, 1, 0, 0, 1);
        net.forward(x);
        assertThatThrownBy(hidden::error).isInstanceOf(IllegalStateException.class)  // it would be zeros
                .hasMessage("layer 0 (3 → 4, ReLU) error: no backward pass since the last forward pass; E is"
                        + " computed by backward");
        net.backward(y);
        // Eh = (Eo · Woᵀ) ⊙ R′(Zh)
        Layer output = net.outputLayer();
        Matrix eh = output.error().timesTranspose(output.weights())
                .hadamard(hidden.activation().derivative(hidden.weightedInput()));
        assertThat(hidden.error()).isEqualTo(eh);
        net.forward(x.scale(2));
        assertThatThrownBy(hidden::error).isInstanceOf(IllegalStateException.class)  // it would be the last batch's
                .hasMessageContaining("no backward pass since the last forward pass");
        assertThatThrownBy(output::error).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLayerRefusesAnErrorOfTheWrongShape() {
        Network net = net();
        net.forward(Matrix.zeros(5, 3));
        Layer first = net.layers().get(0);
        assertThatThrownBy(() -> first.backward(Matrix.zeros(5, 3))).isInstanceOf(ShapeException.class)
                .hasMessage("layer 0 (3 → 4, ReLU) backward: error is 5×3, expected 5×4 (batch × units)");
    }

    @Test
    void anEmptyNetworkIsRefused() {
        assertThatThrownBy(() -> new Network(List.of(), new MeanSquaredError()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a network needs at least one layer");
        assertThatThrownBy(() -> Network.builder().input(2).build(new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> Network.builder().dense(2, new ReLU()).build(new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("input(features)");
    }

    @Test
    void layersThatDoNotChainAreRefused() {
        Layer a = new Layer(Matrix.zeros(3, 4), Matrix.zeros(1, 4), new ReLU());
        Layer b = new Layer(Matrix.zeros(5, 2), Matrix.zeros(1, 2), new Identity());
        assertThatThrownBy(() -> Network.of(a, b)).isInstanceOf(ShapeException.class)
                .hasMessage("layer 1 (5 → 2, Identity) takes 5 inputs but layer 0 (3 → 4, ReLU) has 4 units");
    }

    @Test
    void badLayerArguments() {
        assertThatThrownBy(() -> new Layer(Matrix.zeros(3, 4), Matrix.zeros(1, 3), new ReLU()))
                .isInstanceOf(ShapeException.class).hasMessageContaining("biases are 1×3, expected 1×4");
        assertThatThrownBy(() -> new Layer(Matrix.of(1, 2, 0, Double.NaN), Matrix.zeros(1, 2), new ReLU()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights (0, 1) is NaN");
        assertThatThrownBy(() -> new Layer(Matrix.zeros(0, 2), Matrix.zeros(1, 2), new ReLU()))
                .hasMessageContaining("at least one input");
        assertThatThrownBy(() -> new Layer(Matrix.zeros(1, 2), Matrix.zeros(1, 2), new ReLU(), 0.5, null))
                .hasMessageContaining("random generator");
        assertThatThrownBy(() -> Network.builder().input(0)).hasMessageContaining("at least one input");
        assertThatThrownBy(() -> Network.builder().input(2).dense(0, new ReLU())).hasMessageContaining("one unit");
        assertThatThrownBy(() -> Network.builder().input(2).dropout(0.5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LeakyReLU(-0.1)).hasMessageContaining("alpha must be in [0, 1)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1, Double.NaN})
    void dropoutRateOutOfRange(double rate) {
        assertThatThrownBy(() -> Network.builder().input(2).dense(3, new ReLU()).dropout(rate))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate must be in [0, 1)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void learningRateMustBeFiniteAndPositive(double rate) {
        assertThatThrownBy(() -> new SgdOptimizer(rate)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate must be finite and > 0");
        SgdOptimizer sgd = new SgdOptimizer(0.1);
        assertThatThrownBy(() -> sgd.setLearningRate(rate)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sgd.learningRate()).isEqualTo(0.1);
    }

    @Test
    void softmaxIsRefusedWhereItCannotBeBackpropagated() {
        assertThatThrownBy(() -> Network.builder().input(2).dense(3, new Softmax()).build(new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mse loss cannot follow a softmax output")
                .hasMessageContaining("Use cross-entropy");
        assertThatThrownBy(() -> Network.builder().input(2).dense(3, new Softmax()).dense(2, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("can only be the output activation");
        assertThatThrownBy(() -> Network.builder().input(2).dense(3, new Sigmoid()).loss(new CrossEntropy())
                .build(new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use new Softmax()");
        assertThatThrownBy(() -> Network.builder().input(2).dense(3, new Softmax()).loss(new BinaryCrossEntropy())
                .build(new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use new Sigmoid()");
        assertThatThrownBy(() -> Network.builder().input(2).dense(3, new ReLU()).dropout(0.5)
                .build(new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output layer cannot have dropout");
        assertThatThrownBy(() -> new Softmax().derivative(Matrix.zeros(1, 2)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void crossEntropyRefusesBadClassIndices() {
        Network net = Network.builder().input(2).dense(3, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        net.forward(Matrix.zeros(2, 2));
        assertThatThrownBy(() -> net.backward(Matrix.column(0, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cross-entropy: target row 1 is class 3.0, expected an integer in [0, 3)");
        assertThatThrownBy(() -> net.backward(Matrix.column(0.5, 1))).hasMessageContaining("row 0 is class 0.5");
        assertThatThrownBy(() -> net.backward(Matrix.zeros(2, 2))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("one-hot rows or 2×1 class indices");
    }

    @Test
    void confidentWrongPredictionsCostALotButStayFinite() {
        Matrix zo = Matrix.of(1, 2, 1000, -1000);
        Matrix o = new Softmax().apply(zo);
        assertThat(new CrossEntropy().cost(zo, o, Matrix.row(0, 1))).isEqualTo(2000.0);
        Matrix z = Matrix.row(800);
        assertThat(new BinaryCrossEntropy().cost(z, new Sigmoid().apply(z), Matrix.row(0))).isEqualTo(800.0);
        assertThat(new Sigmoid().apply(Matrix.row(-1000, 1000))).isEqualTo(Matrix.row(0, 1));
    }

    @Test
    void crossEntropyRefusesTargetsThatAreNotProbabilities() {
        Network net = Network.builder().input(2).dense(3, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        net.forward(Matrix.zeros(2, 2));
        // Eo = ŷ − y is the gradient only when each target row sums to 1
        assertThatThrownBy(() -> net.backward(Matrix.of(2, 3, 0.5, 0, 0, 0, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cross-entropy: target row 0 sums to 0.5; each row must sum to 1 (one-hot or probabilities)");
        assertThatThrownBy(() -> net.backward(Matrix.of(2, 3, 1.5, -0.5, 0, 0, 1, 0)))
                .hasMessage("cross-entropy: target (0, 1) is -0.5; targets are probabilities ≥ 0");
        assertThat(net.backward(Matrix.of(2, 3, 0.2, 0.3, 0.5, 0, 0, 1))).isFinite();
    }

    @Test
    void aSoftmaxOutputNeedsTwoUnits() {
        assertThatThrownBy(() -> Network.builder().input(2).dense(1, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 units")
                .hasMessageContaining("sigmoid with binary-cross-entropy");
    }

    @Test
    void anEmptyBatchCannotBeBackpropagated() {
        Network net = net();
        assertThat(net.forward(Matrix.zeros(0, 3)).shape()).isEqualTo("0×2");
        assertThatThrownBy(() -> net.backward(Matrix.zeros(0, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty batch");
        assertThatThrownBy(() -> net.computeGradient(Matrix.zeros(0, 3), Matrix.zeros(0, 2), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty batch");
        Layer output = net.outputLayer();
        assertThatThrownBy(() -> output.backward(Matrix.zeros(0, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1 (4 → 2, Identity) backward: the batch is empty (0 rows)");
        assertThatThrownBy(() -> GradientCheck.checkNetwork(net, Matrix.zeros(0, 3), Matrix.zeros(0, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty batch");
        assertThat(net.predict(Matrix.zeros(0, 3)).shape()).isEqualTo("0×2");
    }

    @Test
    void aLayerBelongsToOneNetworkOnce() {
        Layer a = new Layer(Matrix.zeros(2, 2), Matrix.zeros(1, 2), new Tanh());
        assertThatThrownBy(() -> Network.of(a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1 (2 → 2, Tanh) appears twice; a network needs a layer object per layer");
        Network first = Network.of(a);
        assertThat(first.layers()).containsExactly(a);
        assertThatThrownBy(() -> Network.of(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already belongs to another network");
        // a failed construction leaves the layers free and unlabelled
        Layer b = new Layer(Matrix.zeros(2, 3), Matrix.zeros(1, 3), new Tanh());
        Layer c = new Layer(Matrix.zeros(4, 1), Matrix.zeros(1, 1), new Identity());
        assertThatThrownBy(() -> Network.of(b, c)).isInstanceOf(ShapeException.class);
        assertThat(b).hasToString("layer (2 → 3, Tanh)");
        assertThat(Network.of(b).layers()).containsExactly(b);
    }

    @Test
    void predictClassAndEvaluateAgreeOnARowGoneBad() {
        Layer layer = new Layer(Matrix.identity(3), Matrix.zeros(1, 3), new Softmax());
        Network net = new Network(List.of(layer), new CrossEntropy());
        Matrix x = Matrix.of(2, 3, 0, 1, Double.NaN, 3, 0, 0);
        assertThat(net.predictClass(x)).containsExactly(0, 0);
        Evaluation e = net.evaluate(x, Matrix.column(0, 0));
        assertThat(e.accuracy()).isEqualTo(1.0);
        assertThat(Matrix.row(1, Double.NaN, 5).argMaxOfRow(0)).isEqualTo(1);
    }
}
