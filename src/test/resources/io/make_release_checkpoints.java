// Writes the checkpoints ReleaseCheckpointTest loads: release_checkpoint_<optimizer>.npz, one for each
// optimizer a model file could hold before RMSprop and L1 were added (sgd, adam, adamw), each after three
// steps of a fixed network on fixed data. Run it with the classes of the release whose files must keep
// loading, from this folder:
//
//   java -cp <that release's jar or target/classes> make_release_checkpoints.java .
//
// ReleaseCheckpointTest builds the same network and takes the same steps with the current code, and checks
// that the loaded network and optimizer are bitwise what it computed and continue alike.
import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.SgdOptimizer;
import java.nio.file.Path;
import java.util.SplittableRandom;

public class make_release_checkpoints {

    static final Matrix X = Matrix.of(4, 3, 0.5, -1.0, 0.25, 1.5, 0.75, -0.5, -0.25, 0.125, 1.0, 2.0, -1.5, 0.0);
    static final Matrix Y = Matrix.of(4, 2, 1, 0, 0, 1, 1, 0, 0, 1);

    public static void main(String[] args) throws Exception {
        for (String name : new String[] {"sgd", "adam", "adamw"}) {
            Network net = Network.builder().input(3).dense(4, new Tanh()).dense(2, new Softmax())
                    .loss(new CrossEntropy()).build(new SplittableRandom(14));
            Optimizer optimizer = switch (name) {
                case "sgd" -> SgdOptimizer.builder().learningRate(0.1).momentum(0.9).nesterov(true)
                        .weightDecay(1e-3).build();
                case "adam" -> Adam.builder().learningRate(0.01).weightDecay(1e-4).build();
                default -> AdamW.builder().learningRate(0.01).beta1(0.8).build();
            };
            for (int t = 0; t < 3; t++) {
                net.forward(X);
                net.backward(Y);
                optimizer.step(net);
            }
            ModelFile.save(net, optimizer, Path.of(args[0], "release_checkpoint_" + name + ".npz"));
        }
    }
}
