package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * A loss for classifiers, which also says what a correct prediction is, so that training and
 * {@link Network#evaluate} can report accuracy and a confusion matrix. {@link CrossEntropy} and
 * {@link BinaryCrossEntropy} implement it; a loss of your own can too.
 */
public interface ClassificationLoss extends Loss {

    /**
     * The number of classes of the confusion matrix for a network with {@code outputs} outputs.
     *
     * @param outputs the network's outputs k
     * @return the side of the confusion matrix (0 if the loss keeps none for this width)
     */
    int confusionClasses(int outputs);

    /**
     * Counts the correct predictions of a batch and adds each one to {@code confusion}
     * ({@code [actual][predicted]}) if that is not {@code null}. Allocates nothing.
     *
     * @param o         ŷ, {@code n × k}; not modified
     * @param y         the targets, in a form the loss accepts (checked by {@link #cost} first); not modified
     * @param confusion a {@link #confusionClasses}-sided square of counts, or {@code null}; modified
     * @return the number of correct predictions
     */
    int countCorrect(Matrix o, Matrix y, long[][] confusion);

    /**
     * The number of predictions a batch makes, the denominator of the accuracy.
     *
     * @param o ŷ, {@code n × k}; not modified
     * @return the count
     */
    int predictionCount(Matrix o);
}
