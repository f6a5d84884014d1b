package io.github.unlearn4j.api.model;

/**
 * A model's loss and accuracy on a set of rows.
 *
 * @param count the number of rows evaluated
 * @param meanLoss the mean task loss
 * @param accuracy the fraction of rows whose predicted class equals the label, in [0, 1]; NaN for
 *     regression
 */
public record Evaluation(long count, double meanLoss, double accuracy) {}
