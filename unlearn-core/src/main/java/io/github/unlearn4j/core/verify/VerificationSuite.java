package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several verifiers, created and validated up front, run together on one model: the measuring
 * half of a verification (a {@link io.github.unlearn4j.core.policy.PolicyCheck} adds the judging).
 *
 * <pre>{@code
 * VerificationSuite suite = VerificationSuite.builder()
 *         .addVerifiers(List.of("accuracy", "mia", "retrain-gap"))
 *         .optSettings("mia", Settings.of(Map.of("feature", "entropy")))
 *         .optMinSamples(50)
 *         .build();
 * Measurements m = suite.measure(model, split, retrained);
 * }</pre>
 *
 * A verifier whose inputs are missing (no reference for {@code retrain-gap}, no test set for
 * {@code mia}) is skipped and the reason recorded in {@link Measurements#skipped()}; calling that
 * verifier directly throws instead. An exception from a third-party verifier becomes a
 * {@link BackendException} naming it.
 */
public final class VerificationSuite {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationSuite.class);

    private final List<ForgetVerifier> verifiers;
    private final int defaultMinSamples;

    private VerificationSuite(List<ForgetVerifier> verifiers, int defaultMinSamples) {
        this.verifiers = List.copyOf(verifiers);
        this.defaultMinSamples = defaultMinSamples;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the verifier names, in running order */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (ForgetVerifier v : verifiers) {
            names.add(v.name());
        }
        return names;
    }

    /**
     * Runs every verifier on a model. Reads the models only.
     *
     * @param model the model to measure
     * @param split the data
     * @param reference a retrained reference, or null (verifiers that need one are then skipped)
     * @return the metrics
     */
    public Measurements measure(TrainableModel model, DataSplit split, TrainableModel reference) {
        return measure(model, split, reference, null);
    }

    /**
     * Runs every verifier on a model whose provenance is known (an attack that simulates the method
     * under test, such as {@code ulira}, reads the method from it). Reads the models only.
     *
     * @param model the model to measure
     * @param split the data
     * @param reference a retrained reference, or null (verifiers that need one are then skipped)
     * @param provenance how the model was made, or null
     * @return the metrics
     */
    public Measurements measure(TrainableModel model, DataSplit split, TrainableModel reference,
            Provenance provenance) {
        VerificationRequest request = new VerificationRequest(model, split, reference, provenance);
        List<Measurement> out = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (ForgetVerifier v : verifiers) {
            if (v instanceof AbstractVerifier a) {
                Optional<InvalidRequestException> missing = a.checkInputs(request);
                if (missing.isPresent()) {
                    LOG.debug("{}: skipped, {}", v.name(), missing.get().getMessage());
                    skipped.put(v.name(), missing.get().getMessage());
                    continue;
                }
            }
            VerificationReport report;
            try {
                report = v.verify(request);
            } catch (InvalidRequestException | BackendException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new BackendException("verifier '" + v.name() + "' (" + v.getClass().getName() + ") failed: " + e, e);
            }
            for (Metric m : report.metrics()) {
                int min = v instanceof AbstractVerifier a ? a.minSamplesFor(m.name()) : defaultMinSamples;
                out.add(Measurement.of(m, v.name(), min));
            }
        }
        return Measurements.of(out, skipped);
    }

    /** Builds a {@link VerificationSuite}; every name and setting is checked in {@link #build()}. */
    public static final class Builder {
        private final Set<String> names = new LinkedHashSet<>();
        private final Map<String, Settings> settings = new LinkedHashMap<>();
        private Integer minSamples;
        private VerifierRegistry registry;

        private Builder() {}

        /**
         * Adds verifiers by name; duplicates are ignored.
         *
         * @param verifierNames registered names
         * @return this builder
         */
        public Builder addVerifiers(Collection<String> verifierNames) {
            verifierNames.forEach(n -> names.add(Objects.requireNonNull(n, "verifier name")));
            return this;
        }

        /**
         * Sets one verifier's settings. A verifier named here is validated even if it is not
         * added, so that a misspelled setting fails.
         *
         * @param verifier the verifier name
         * @param values its settings
         * @return this builder
         */
        public Builder optSettings(String verifier, Settings values) {
            settings.put(Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(values, "settings"));
            return this;
        }

        /**
         * Sets {@code minSamples} of every verifier that declares it (unless its own settings set
         * it), and the minimum for metrics of third-party verifiers that have no such setting.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder optMinSamples(int value) {
            if (value < 1) {
                throw InvalidRequestException.of("minSamples", value, "must be at least 1");
            }
            this.minSamples = value;
            return this;
        }

        /**
         * Sets where verifiers are found (default: {@link VerifierRegistry#loadDefault()}, the
         * registry discovered once per class loader and shared by every build).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder optRegistry(VerifierRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Creates every verifier.
         *
         * @return the suite
         * @throws io.github.unlearn4j.api.UnknownProviderException on an unknown verifier name
         * @throws InvalidSettingException on a bad setting
         */
        public VerificationSuite build() {
            VerifierRegistry reg = registry != null ? registry : VerifierRegistry.loadDefault();
            Set<String> all = new LinkedHashSet<>(names);
            all.addAll(settings.keySet());
            List<ForgetVerifier> created = new ArrayList<>();
            for (String name : all) {
                ForgetVerifierProvider provider = reg.providers().stream().filter(p -> p.name().equals(name))
                        .findFirst().orElse(null);
                Settings s = settings.getOrDefault(name, Settings.empty());
                if (minSamples != null && provider != null && s.raw(VerifierSettings.MIN_SAMPLES) == null
                        && provider.settingsSchema().settings().stream()
                                .anyMatch(x -> x.name().equals(VerifierSettings.MIN_SAMPLES))) {
                    s = s.with(VerifierSettings.MIN_SAMPLES, minSamples);
                }
                ForgetVerifier v = reg.create(name, s);
                if (names.contains(name)) {
                    created.add(v);
                }
            }
            return new VerificationSuite(created, minSamples != null ? minSamples : VerifierSettings.DEFAULT_MIN_SAMPLES);
        }
    }
}
