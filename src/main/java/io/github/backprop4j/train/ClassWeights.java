package io.github.backprop4j.train;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.internal.SampleWeights;
import io.github.backprop4j.nn.ClassificationLoss;
import io.github.backprop4j.nn.Network;
import java.util.Locale;

/**
 * Per-class weights for the {@link Trainer}: the weight of a training sample becomes its sample weight (1 if
 * it has none) times the weight of its class, given or by scikit-learn's "balanced" rule.
 *
 * <p>The class of a sample is its {@link Dataset#labels() label}: the arg-max of a one-hot target row, or the
 * value of a class-index target (0/1 for one sigmoid output). A network has classes when its loss is a
 * {@link ClassificationLoss} with a confusion matrix: k = the outputs for cross-entropy, 2 for binary
 * cross-entropy with one output. Regression and multi-label outputs have no class per sample.
 */
final class ClassWeights {

    private ClassWeights() {
    }

    /**
     * The training set with each sample's weight multiplied by its class's weight.
     *
     * @param network  the network, whose loss and outputs say what the classes are
     * @param training the training set; not modified
     * @param given    one weight per class, or null for the balanced rule
     * @return a new dataset sharing the training set's features and targets
     * @throws IllegalArgumentException if the network has no classes (a regression or multi-label loss), a
     *                                  sample has no class or one beyond the network's, the number of given
     *                                  weights is not the number of classes, or every sample weighs 0
     */
    static Dataset apply(Network network, Dataset training, double[] given) {
        int classes = classes(network);
        int[] labels = labels(training, classes);
        double[] perClass = given != null ? requireOnePerClass(given, classes) : balanced(labels, classes);
        double[] w = training.weights();
        for (int i = 0; i < w.length; i++) {
            // the sample's weight × its class's weight
            w[i] *= perClass[labels[i]];
        }
        SampleWeights.require("fit: sample weight × class weight", w);
        return training.withWeights(w);
    }

    /**
     * The "balanced" class weights as scikit-learn's {@code compute_class_weight('balanced', classes=np.unique(y),
     * y=y)} defines them: {@code wₖ = n / (k · countₖ)}, with n the samples and k the number of classes that
     * occur, so that every occurring class weighs n / k in all. A class that does not occur gets 0 (no sample
     * uses it).
     *
     * @param labels  the class of each sample, each in {@code [0, classes)}
     * @param classes the number of classes of the network
     * @return one weight per class
     */
    static double[] balanced(int[] labels, int classes) {
        long[] counts = new long[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int present = 0;
        for (long c : counts) {
            present += c > 0 ? 1 : 0;
        }
        double[] w = new double[classes];
        for (int k = 0; k < classes; k++) {
            // wₖ = n / (k · countₖ)
            w[k] = counts[k] == 0 ? 0.0 : labels.length / ((double) present * counts[k]);
        }
        return w;
    }

    private static int classes(Network network) {
        if (!(network.loss() instanceof ClassificationLoss classifier)) {
            throw new IllegalArgumentException("fit: class weights need a classification loss (cross-entropy, or "
                    + "binary-cross-entropy with one output), but the loss is " + network.loss().name()
                    + ": regression targets have no classes; weigh the samples instead (Dataset.withWeights)");
        }
        int classes = classifier.confusionClasses(network.outputSize());
        if (classes == 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "fit: class weights need one class per "
                    + "sample, but %s with %d outputs is multi-label; weigh the samples instead (Dataset.withWeights)",
                    network.loss().name(), network.outputSize()));
        }
        return classes;
    }

    private static int[] labels(Dataset training, int classes) {
        int[] labels;
        try {
            labels = training.labels();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("fit: class weights need a class for every training sample; "
                    + e.getMessage(), e);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "fit: training sample %d is of class "
                        + "%d, but the network has %d classes", i, labels[i], classes));
            }
        }
        return labels;
    }

    private static double[] requireOnePerClass(double[] given, int classes) {
        if (given.length != classes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "fit: %d class weights given, but the "
                    + "network has %d classes (one weight per class)", given.length, classes));
        }
        return given;
    }
}
