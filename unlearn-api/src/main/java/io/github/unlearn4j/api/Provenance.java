package io.github.unlearn4j.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where an unlearned model came from: enough to rerun it and to account for it.
 *
 * @param method the unlearner's registered name
 * @param settings every setting, defaults included, as strings that parse back
 * @param seed the run's seed
 * @param forgetSize rows forgotten
 * @param retainSize rows retained
 * @param testSize rows in the test set, 0 if none
 * @param backend the compute backend
 * @param device the device it ran on
 * @param startedAt when the run started
 * @param elapsed wall-clock time of the run, validation included
 * @param optimizerSteps how many update steps were taken
 */
public record Provenance(
        String method,
        Map<String, String> settings,
        long seed,
        int forgetSize,
        int retainSize,
        int testSize,
        String backend,
        String device,
        Instant startedAt,
        Duration elapsed,
        long optimizerSteps) {
    /**
     * Copies the settings map.
     *
     * @param method method
     * @param settings settings
     * @param seed seed
     * @param forgetSize forget size
     * @param retainSize retain size
     * @param testSize test size
     * @param backend backend
     * @param device device
     * @param startedAt start time
     * @param elapsed elapsed time
     * @param optimizerSteps update steps
     */
    public Provenance {
        settings = Map.copyOf(settings);
    }
}
