package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One method of an escalation plan, with its settings.
 *
 * @param method the registered method name
 * @param settings its settings (unset ones take the method's defaults)
 */
public record PlanStep(String method, Settings settings) {
    /**
     * Validates.
     *
     * @param method method
     * @param settings settings
     */
    public PlanStep {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * A step with default settings.
     *
     * @param method the method name
     * @return the step
     */
    public static PlanStep of(String method) {
        return new PlanStep(method, Settings.empty());
    }

    /**
     * Reads a comma-separated list of method names, e.g. {@code ft,rbm,retrain}.
     *
     * @param csv the list
     * @return one step per name, with default settings
     * @throws InvalidRequestException naming {@code plan} when the list is empty or has an empty name
     */
    public static List<PlanStep> parse(String csv) {
        Objects.requireNonNull(csv, "csv");
        List<PlanStep> steps = new ArrayList<>();
        for (String part : csv.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw InvalidRequestException.of("plan", "'" + csv + "'",
                        "a comma-separated list of method names such as ft,rbm,retrain, without empty entries");
            }
            steps.add(of(name));
        }
        return steps;
    }
}
