package io.github.unlearn4j.api.verify;

/**
 * One measured figure.
 *
 * @param name the metric's name, e.g. {@code "UA"}
 * @param value its value (percent for accuracy-type metrics)
 * @param sampleCount how many samples it was computed on
 * @param description one line saying what it measures
 */
public record Metric(String name, double value, long sampleCount, String description) {}
