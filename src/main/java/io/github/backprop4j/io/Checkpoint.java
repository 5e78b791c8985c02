package io.github.backprop4j.io;

import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.Optimizer;
import java.util.Objects;
import java.util.Optional;

/**
 * A network and, if the file held one, the optimizer that was training it, as
 * {@link ModelFile#loadCheckpoint(java.nio.file.Path, java.util.random.RandomGenerator)} reads them: everything
 * needed to resume training where it stopped.
 *
 * <pre>{@code Checkpoint checkpoint = ModelFile.loadCheckpoint(Path.of("run.npz"), dropoutRandom);
 * Optimizer optimizer = checkpoint.optimizer().orElseGet(() -> Adam.builder().build());
 * Trainer.builder().optimizer(optimizer).epochs(5).build().fit(checkpoint.network(), training);}</pre>
 *
 * <p>The optimizer is already bound to the network's {@link Network#parameters() parameters}: stepping it
 * with another network throws {@link IllegalStateException}.
 *
 * @param network   the network, bitwise equal to the one saved
 * @param optimizer the optimizer, continuing bitwise where the saved one stopped; empty if the file holds no
 *                  optimizer state (it was saved with {@link ModelFile#save(Network, java.nio.file.Path)})
 */
public record Checkpoint(Network network, Optional<Optimizer> optimizer) {

    /**
     * Checks the parts.
     *
     * @param network   the network
     * @param optimizer the optimizer, or empty
     * @throws NullPointerException if a part is null
     */
    public Checkpoint {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
