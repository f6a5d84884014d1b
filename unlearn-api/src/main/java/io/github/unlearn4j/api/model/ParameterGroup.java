package io.github.unlearn4j.api.model;

/**
 * One parameter tensor of a model, as a slice of the model's flat parameter vector. Used for
 * per-tensor ranking of saliency masks and for reports.
 *
 * @param name the tensor's name, e.g. {@code "weight"} or {@code "01Linear_weight"}
 * @param offset its first index in the flat vector
 * @param size its number of scalars
 */
public record ParameterGroup(String name, long offset, long size) {}
