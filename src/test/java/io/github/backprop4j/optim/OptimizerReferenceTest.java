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

    // ---------------------------------------------------------------- L1 regularization

    @Test
    void sgdWithL1() {
        // optimizer_reference.py: "sgd lr=0.1 l1=0.03" (no weight passes near 0, where sign(W) jumps)
        SgdOptimizer sgd = SgdOptimizer.builder().learningRate(0.1).l1(0.03).build();
        List<Parameter> p = runFiveSteps(sgd);
        assertClose(p.get(0).value(), 0.235, -0.38499999999999995, 0.66, -1.335, -0.084, 0.18499999999999997);
        // the bias is not regularized: the same as plain SGD
        assertClose(p.get(1).value(), 0.125, -0.025, 0.275);
        assertThat(sgd).hasToString("SGD(η=0.1, λ₁=0.03)");
    }

    @Test
    void sgdWithMomentumWeightDecayAndL1() {
        // optimizer_reference.py: "sgd lr=0.1 momentum=0.9 weight_decay=0.1 l1=0.05"
        List<Parameter> p = runFiveSteps(SgdOptimizer.builder().learningRate(0.1).momentum(0.9).weightDecay(0.1)
                .l1(0.05).build());
        assertClose(p.get(0).value(), -0.1697730587000001, -0.5087941393200001, 0.41263208432, -1.1473498273799998,
                -0.31531429856000015, -0.23710139654000018);
        assertClose(p.get(1).value(), 0.15756425000000002, 0.10428050000000003, 0.40936550000000005);
    }

    @Test
    void adamWithL2AndL1() {
        // optimizer_reference.py: "adam lr=0.01 weight_decay=0.1 l1=0.05"
        List<Parameter> p = runFiveSteps(Adam.builder().learningRate(0.01).weightDecay(0.1).l1(0.05).build());
        assertClose(p.get(0).value(), 0.4589566277847781, -0.30485645071711526, 0.7682087564592391,
                -1.1891681356345167, 0.07277193207886173, 0.36040062417402996);
        assertClose(p.get(1).value(), 0.05674253410144017, -0.06368060053516855, 0.24006664057847674);
    }

    @Test
    void adamWWithL1() {
        // optimizer_reference.py: "adamw lr=0.01 weight_decay=0.1 l1=0.05"
        List<Parameter> p = runFiveSteps(AdamW.builder().learningRate(0.01).weightDecay(0.1).l1(0.05).build());
        assertClose(p.get(0).value(), 0.45797835641920137, -0.30506036799415964, 0.7696562819100251,
                -1.1909522620296749, 0.0730170675481549, 0.35952549252542504);
        assertClose(p.get(1).value(), 0.05674253410144017, -0.06368060053516855, 0.24006664057847674);
    }

    /** sign(0) = 0: a weight at exactly 0 with a zero gradient stays at 0 under L1, for every optimizer. */
    @Test
    void l1LeavesAWeightAtZeroWhereItIs() {
        for (Optimizer optimizer : List.of(SgdOptimizer.builder().l1(0.5).build(), Adam.builder().l1(0.5).build(),
                AdamW.builder().l1(0.5).build(), RMSprop.builder().l1(0.5).build())) {
            List<Parameter> p = List.of(new Parameter("W", Matrix.of(1, 3, 0.0, -0.0, 2.0), Matrix.zeros(1, 3), true));
            optimizer.step(p);
            assertThat(p.get(0).value().get(0, 0)).as("%s", optimizer).isZero();
            assertThat(p.get(0).value().get(0, 1)).as("%s", optimizer).isZero();
            // a weight away from 0 is pulled towards it
            assertThat(p.get(0).value().get(0, 2)).as("%s", optimizer).isLessThan(2.0);
        }
    }

    // ---------------------------------------------------------------- RMSprop

    @Test
    void rmsprop() {
        // optimizer_reference.py: "rmsprop lr=0.01"
        RMSprop rmsprop = RMSprop.builder().learningRate(0.01).build();
        List<Parameter> p = runFiveSteps(rmsprop);
        assertClose(p.get(0).value(), 0.2622301788443427, -0.33132571323250065, 0.6658340768984622,
                -1.2719616430966925, -0.07149073498576296, 0.21190811579123858);
        assertClose(p.get(1).value(), 0.15165583820783912, 0.09973890682152495, 0.4740489233404246);
        OptimizerState state = rmsprop.state();
        assertThat(state.tensors()).extracting(OptimizerState.Tensor::name).containsExactly("W.v", "B.v");
        assertClose(state.tensors().get(0).value(), 0.022956055236000018, 0.014106454591000012,
                0.013704690087250013, 0.025419073242250022, 0.016582681201000014, 0.02014241414725002);
        assertClose(state.tensors().get(1).value(), 0.0035392573943125033, 0.002261551402750002,
                0.0022644443002500015);
    }

    @Test
    void rmspropWithRhoEpsilonAndWeightDecay() {
        // optimizer_reference.py: "rmsprop lr=0.01 rho=0.9 eps=1e-3 weight_decay=0.1"
        List<Parameter> p = runFiveSteps(RMSprop.builder().learningRate(0.01).rho(0.9).epsilon(1e-3)
                .weightDecay(0.1).build());
        assertClose(p.get(0).value(), 0.41960228495240176, -0.3074460645833882, 0.74519437484712,
                -1.2119995876091278, 0.044854821103048434, 0.3365018697528214);
        assertClose(p.get(1).value(), 0.08426417029060745, -0.035123876174424536, 0.2855513874482884);
    }

    @Test
    void rmspropWithMomentum() {
        // optimizer_reference.py: "rmsprop lr=0.01 momentum=0.9"
        RMSprop rmsprop = RMSprop.builder().learningRate(0.01).momentum(0.9).build();
        List<Parameter> p = runFiveSteps(rmsprop);
        assertClose(p.get(0).value(), -0.1509747195024768, -0.33920253762965163, 0.44982035364529355,
                -1.184126158917566, -0.3593886881763122, -0.19000411177480236);
        assertClose(p.get(1).value(), 0.06245338611580681, 0.49378476696675133, 1.0983134444356801);
        List<OptimizerState.Tensor> tensors = rmsprop.state().tensors();
        assertThat(tensors).extracting(OptimizerState.Tensor::name)
                .containsExactly("W.v", "W.velocity", "B.v", "B.velocity");
        assertClose(tensors.get(1).value(), 19.185816578378844, 3.045051052170604, 11.016439829563023,
                8.17211413388176, 13.950207352014639, 14.343497003475687);
    }

    @Test
    void centeredRmsprop() {
        // optimizer_reference.py: "rmsprop lr=0.01 centered"
        RMSprop rmsprop = RMSprop.builder().learningRate(0.01).centered(true).build();
        List<Parameter> p = runFiveSteps(rmsprop);
        assertClose(p.get(0).value(), 0.2601721754778515, -0.3311695371743039, 0.664961815465766,
                -1.2718244948211588, -0.07262661806254403, 0.21039981506932787);
        assertClose(p.get(1).value(), 0.1521892307574798, 0.10137485695350322, 0.4760732595872807);
        List<OptimizerState.Tensor> tensors = rmsprop.state().tensors();
        assertThat(tensors).extracting(OptimizerState.Tensor::name).containsExactly("W.v", "W.m", "B.v", "B.m");
        assertClose(tensors.get(1).value(), 0.024628974060000017, 0.00975100646000001, 0.012376486535000012,
                0.014998518935000014, 0.017275749010000015, 0.019556461585000018);
    }

    @Test
    void rmspropWithEverySettingChanged() {
        // optimizer_reference.py: "rmsprop lr=0.02 rho=0.8 eps=1e-6 weight_decay=0.05 momentum=0.5 centered l1=0.01"
        RMSprop rmsprop = RMSprop.builder().learningRate(0.02).rho(0.8).epsilon(1e-6).weightDecay(0.05)
                .momentum(0.5).centered(true).l1(0.01).build();
        List<Parameter> p = runFiveSteps(rmsprop);
        assertClose(p.get(0).value(), 0.2848715742265737, -0.3229573545516408, 0.6753718245469418,
                -1.2112416868141926, -0.05189823769606158, 0.22736879156579506);
        assertClose(p.get(1).value(), 0.1009280884490101, 0.08289035132760324, 0.4638428446657488);
        List<OptimizerState.Tensor> tensors = rmsprop.state().tensors();
        assertThat(tensors).extracting(OptimizerState.Tensor::name)
                .containsExactly("W.v", "W.m", "W.velocity", "B.v", "B.m", "B.velocity");
        assertClose(tensors.get(0).value(), 0.38577466078247424, 0.15614513091894786, 0.23717747096327838,
                0.3740686234746051, 0.2357803887950378, 0.31405824497778867);
        assertClose(tensors.get(1).value(), 0.39830646511986667, 0.09229522125291234, 0.24159016676688483,
                0.2448281838344062, 0.2697955926084163, 0.2829673267693208);
        assertClose(tensors.get(2).value(), 2.9444259557563015, -0.12824557145401771, 2.0769967406097294,
                2.0590348291891223, 1.7901087955378565, 2.04028303398776);
        assertThat(rmsprop).hasToString("RMSprop(η=0.02, ρ=0.8, ε=1.0E-6, μ=0.5, centered, λ=0.05, λ₁=0.01)");
    }

    /** Where rounding makes v − m² negative (equal gradients, so the variance is 0), 0 is used, never NaN. */
    @Test
    void centeredRmspropNeverTakesTheRootOfANegativeNumber() {
        RMSprop rmsprop = RMSprop.builder().learningRate(0.01).rho(0.5).centered(true).build();
        List<Parameter> p = List.of(new Parameter("W", Matrix.of(1, 1, 1.0), Matrix.zeros(1, 1), true));
        boolean sawNegative = false;
        for (int t = 0; t < 100; t++) {
            p.get(0).gradient().set(0, 0, 0.7);
            rmsprop.step(p);
            assertThat(p.get(0).value().get(0, 0)).as("step %d", t).isFinite();
            List<OptimizerState.Tensor> vm = rmsprop.state().tensors();
            double m = vm.get(1).value().get(0, 0);
            sawNegative |= vm.get(0).value().get(0, 0) - m * m < 0.0;
        }
        assertThat(sawNegative).as("v − m² < 0 was reached").isTrue();
    }

    @Test
    void rmspropDefaultsArePyTorchs() {
        RMSprop rmsprop = RMSprop.builder().build();
        assertThat(new double[] {rmsprop.learningRate(), rmsprop.rho(), rmsprop.epsilon(), rmsprop.momentum(),
            rmsprop.weightDecay(), rmsprop.l1()}).containsExactly(0.01, 0.99, 1e-8, 0.0, 0.0, 0.0);
        assertThat(rmsprop.centered()).isFalse();
        assertThat(rmsprop).hasToString("RMSprop(η=0.01, ρ=0.99, ε=1.0E-8)");
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
