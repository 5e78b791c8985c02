package io.github.backprop4j.optim;

import static io.github.backprop4j.optim.Fixtures.assertClose;
import static io.github.backprop4j.optim.Fixtures.runFiveSteps;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Five steps of each optimizer on the {@link Fixtures} parameters against values computed independently by
 * {@code src/test/resources/optim/optimizer_reference.py} (its printed output is pasted below, per case).
 */
class OptimizerReferenceTest {

    @Test
    void plainSgd() {
        // optimizer_reference.py: "sgd lr=0.1"
        List<Parameter> p = runFiveSteps(new SgdOptimizer(0.1));
        assertClose(p.get(0).value(), 0.25, -0.39999999999999997, 0.675, -1.35, -0.07500000000000001,
                0.19999999999999998);
        assertClose(p.get(1).value(), 0.125, -0.025, 0.275);
    }

    @Test
    void plainSgdIsExactlyTheSeedUpdate() {
        List<Parameter> p = Fixtures.parameters();
        Fixtures.setGradients(p, 1);
        Matrix expected = p.get(0).value().copy().plusScaledInPlace(-0.1, p.get(0).gradient());
        new SgdOptimizer(0.1).step(p);
        // W ← W − η·C′(W), bitwise as Matrix computes it
        assertThat(p.get(0).value()).isEqualTo(expected);
    }

    @Test
    void sgdWithMomentum() {
        // optimizer_reference.py: "sgd lr=0.1 momentum=0.9"
        SgdOptimizer sgd = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).build();
        List<Parameter> p = runFiveSteps(sgd);
        assertClose(p.get(0).value(), -0.053786000000000084, -0.6154510000000001, 0.5748165, -1.3618485000000002,
                -0.27083100000000004, -0.1498885000000001);
        assertClose(p.get(1).value(), 0.15756425000000002, 0.10428050000000003, 0.40936550000000005);
        List<OptimizerState.Tensor> tensors = sgd.state().tensors();
        assertThat(tensors).extracting(OptimizerState.Tensor::name).containsExactly("W.velocity", "B.velocity");
        assertClose(tensors.get(0).value(), 2.1624600000000003, 0.76061, 1.1386850000000002, 1.486835, 1.53241,
                1.6112350000000002);
        assertClose(tensors.get(1).value(), -0.7138175, -0.6063550000000001, -0.6007050000000002);
    }

    @Test
    void sgdWithNesterovMomentum() {
        // optimizer_reference.py: "sgd lr=0.1 momentum=0.9 nesterov"
        SgdOptimizer sgd = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).nesterov(true).build();
        List<Parameter> p = runFiveSteps(sgd);
        assertClose(p.get(0).value(), -0.24840740000000006, -0.6839059000000001, 0.47233484999999986,
                -1.4956636499999998, -0.40874790000000005, -0.29489965000000007);
        assertClose(p.get(1).value(), 0.22180782500000001, 0.15885245000000003, 0.46342895000000006);
        assertClose(sgd.state().tensors().get(0).value(), 2.1624600000000003, 0.76061, 1.1386850000000002,
                1.486835, 1.53241, 1.6112350000000002);
    }

    @Test
    void sgdWithWeightDecayDecaysWeightsOnly() {
        // optimizer_reference.py: "sgd lr=0.1 weight_decay=0.1"
        List<Parameter> p = runFiveSteps(SgdOptimizer.builder().learningRate(0.1).weightDecay(0.1).build());
        assertClose(p.get(0).value(), 0.22920528434999998, -0.38280707957000004, 0.63702717457, -1.29117324923,
                -0.07765848511000004, 0.18483140410999999);
        // the bias is not decayed: the same as plain SGD
        assertClose(p.get(1).value(), 0.125, -0.025, 0.275);
    }

    @Test
    void sgdWithNesterovMomentumAndWeightDecay() {
        // optimizer_reference.py: "sgd lr=0.1 momentum=0.9 nesterov weight_decay=0.1"
        List<Parameter> p = runFiveSteps(SgdOptimizer.builder().learningRate(0.1).momentum(0.9).nesterov(true)
                .weightDecay(0.1).build());
        assertClose(p.get(0).value(), -0.3030071105007436, -0.6235231939946543, 0.35242321019415423,
                -1.3067217892843574, -0.414510764931449, -0.3228167785315412);
        assertClose(p.get(1).value(), 0.22180782500000001, 0.15885245000000003, 0.46342895000000006);
    }

    @Test
    void adam() {
        // optimizer_reference.py: "adam lr=0.01"
        Adam adam = Adam.builder().learningRate(0.01).build();
        List<Parameter> p = runFiveSteps(adam);
        assertClose(p.get(0).value(), 0.4621845460897286, -0.3091682417618122, 0.7776373904150485,
                -1.2000512728629709, 0.07698708324067755, 0.36300361140053367);
        assertClose(p.get(1).value(), 0.05674253410144017, -0.06368060053516855, 0.24006664057847674);
        OptimizerState state = adam.state();
        assertThat(state.step()).isEqualTo(5);
        assertThat(state.tensors()).extracting(OptimizerState.Tensor::name)
                .containsExactly("W.m", "W.v", "B.m", "B.v");
        assertClose(state.tensors().get(0).value(), 0.21624599999999997, 0.07606099999999999, 0.1138685,
                0.14868349999999997, 0.153241, 0.16112349999999998);
        assertClose(state.tensors().get(1).value(), 0.002322039818520362, 0.0014460289684576613,
                0.0013857884445076238, 0.0025716540928204246, 0.0016845639323700113, 0.0020463799419082242);
        assertClose(state.tensors().get(2).value(), -0.07138175, -0.060635499999999995, -0.0600705);
        assertClose(state.tensors().get(3).value(), 0.00035601582055188094, 0.00023073499213946522,
                0.00023076600799250266);
    }

    @Test
    void adamWithL2WeightDecay() {
        // optimizer_reference.py: "adam lr=0.01 weight_decay=0.1 (L2)"
        List<Parameter> p = runFiveSteps(Adam.builder().learningRate(0.01).weightDecay(0.1).build());
        assertClose(p.get(0).value(), 0.46043907684288404, -0.3076364890940253, 0.7714738158904982,
                -1.1924134610764903, 0.07634238627094084, 0.3617929323934493);
        assertClose(p.get(1).value(), 0.05674253410144017, -0.06368060053516855, 0.24006664057847674);
    }

    @Test
    void adamW() {
        // optimizer_reference.py: "adamw lr=0.01 weight_decay=0.1"
        List<Parameter> p = runFiveSteps(AdamW.builder().learningRate(0.01).weightDecay(0.1).build());
        assertClose(p.get(0).value(), 0.4597714378884025, -0.3076810470140773, 0.7737011930258849,
                -1.1940938442556754, 0.07652973670202795, 0.36109476438940724);
        assertClose(p.get(1).value(), 0.05674253410144017, -0.06368060053516855, 0.24006664057847674);
    }

    @Test
    void adamWWithEverySettingChanged() {
        // optimizer_reference.py: "adamw lr=0.05 beta1=0.8 beta2=0.99 eps=1e-3 weight_decay=0.2"
        List<Parameter> p = runFiveSteps(AdamW.builder().learningRate(0.05).beta1(0.8).beta2(0.99).epsilon(1e-3)
                .weightDecay(0.2).build());
        assertClose(p.get(0).value(), 0.2916936430416186, -0.3352819417409951, 0.6533098964220319,
                -1.1543422971137136, -0.02291579363374404, 0.20872492708126883);
        assertClose(p.get(1).value(), 0.09294589242005258, 0.07609344523292677, 0.4000538802194208);
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        List<Parameter> adam = runFiveSteps(Adam.builder().learningRate(0.01).build());
        List<Parameter> adamW = runFiveSteps(AdamW.builder().learningRate(0.01).weightDecay(0.0).build());
        assertThat(adamW.get(0).value()).isEqualTo(adam.get(0).value());
        assertThat(adamW.get(1).value()).isEqualTo(adam.get(1).value());
    }

    @Test
    void defaults() {
        Adam adam = Adam.builder().build();
        assertThat(new double[] {adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon(), adam.weightDecay()})
                .containsExactly(1e-3, 0.9, 0.999, 1e-8, 0.0);
        AdamW adamW = AdamW.builder().build();
        assertThat(new double[] {adamW.learningRate(), adamW.beta1(), adamW.beta2(), adamW.epsilon(),
            adamW.weightDecay()}).containsExactly(1e-3, 0.9, 0.999, 1e-8, 0.01);
        SgdOptimizer sgd = new SgdOptimizer(0.5);
        assertThat(new double[] {sgd.learningRate(), sgd.momentum(), sgd.weightDecay()})
                .containsExactly(0.5, 0.0, 0.0);
        assertThat(sgd.nesterov()).isFalse();
        assertThat(sgd).hasToString("SGD(η=0.5)");
    }

    /**
     * The exact bits of five Adam and AdamW steps (every setting changed, a warmed-up cosine schedule), as the
     * separate Adam and AdamW classes computed them before they came to share {@link AbstractAdam}: the
     * weights, then the m and v tensors of the exported state. Any change to the update's arithmetic shows here.
     */
    @Test
    void adamAndAdamWKeepTheirExactBits() {
        assertBits(Adam.builder().beta1(0.8).beta2(0.99).epsilon(1e-6).weightDecay(0.02).build(), new long[] {
            0x3fdaff451c797eecL, 0xbfd43eca86340e85L, 0x3fe8225f98e581afL, 0xbff3040be190333aL, 0x3fb3bf7574d67d57L,
            0x3fd41d003be4f057L, 0x3fac42186da43608L, 0xbf9ad7447a9c3d18L, 0x3fd259c9a51cfa34L}, new long[] {
            0x3fd8939a31ca9457L, 0x3fbad6d7be8270acL, 0x3fcc3029f550a184L, 0x3fd197c9f44a1fe9L, 0x3fd116d95f5efddeL,
            0x3fd152a268a15152L, 0x3f97f620e6b0eaecL, 0x3f8cad470d25a15aL, 0x3f8cdf2f0940e1ceL, 0x3f9955cf8230ed2eL,
            0x3f910c1420fc0220L, 0x3f94eb793515af54L, 0xbfc16b97fe8ee6b8L, 0xbfb96638433d6c71L, 0xbfb85ad538ac18f8L,
            0x3f6cfe5c5857a420L, 0x3f6286d12a046043L, 0x3f628ce246d26e4dL},
                "Adam(η=0.001, β1=0.8, β2=0.99, ε=1.0E-6, λ=0.02)");
        assertBits(AdamW.builder().beta1(0.8).beta2(0.99).epsilon(1e-6).weightDecay(0.05).build(), new long[] {
            0x3fdae4714d8f29dfL, 0xbfd42eaf3783d976L, 0x3fe81b84b4200625L, 0xbff2f7203ef4707eL, 0x3fb3b820be4b7257L,
            0x3fd402e88c2ef1e4L, 0x3fac42186da43608L, 0xbf9ad7447a9c3d18L, 0x3fd259c9a51cfa34L}, new long[] {
            0x3fd831ad2135daacL, 0x3fbbe1a8262456f6L, 0x3fcadfb506dd69d2L, 0x3fd29cfdd228565fL, 0x3fd1040bfe3b03e2L,
            0x3fd107faa044ae85L, 0x3f9781cac9ef668dL, 0x3f8ce3d8490bfd3dL, 0x3f8c11345dcffba5L, 0x3f9a077521149323L,
            0x3f90fb0ce5c0ced9L, 0x3f94a03688198659L, 0xbfc16b97fe8ee6b8L, 0xbfb96638433d6c71L, 0xbfb85ad538ac18f8L,
            0x3f6cfe5c5857a420L, 0x3f6286d12a046043L, 0x3f628ce246d26e4dL},
                "AdamW(η=0.001, β1=0.8, β2=0.99, ε=1.0E-6, λ=0.05)");
    }

    private static void assertBits(Optimizer optimizer, long[] weights, long[] state, String printed) {
        LearningRateSchedule schedule = LearningRateSchedule.cosineAnnealing(0.05, 1e-3, 4).withWarmUp(2);
        List<Parameter> p = Fixtures.parameters();
        for (int t = 1; t <= Fixtures.STEPS; t++) {
            Fixtures.setGradients(p, t);
            optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
            optimizer.step(p);
        }
        assertThat(bits(p.stream().map(Parameter::value))).containsExactly(weights);
        assertThat(bits(optimizer.state().tensors().stream().map(OptimizerState.Tensor::value)))
                .containsExactly(state);
        assertThat(optimizer).hasToString(printed);
    }

    private static long[] bits(java.util.stream.Stream<Matrix> matrices) {
        return matrices.flatMapToDouble(m -> java.util.Arrays.stream(m.backingArray()))
                .mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
