package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Registers {@link WeightDistanceVerifier} as {@code weight-distance}; no settings. */
public final class WeightDistanceVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA = SettingsSchema.of(WeightDistanceVerifier.NAME, List.of());

    /** Creates the provider; cheap. */
    public WeightDistanceVerifierProvider() {}

    @Override
    public String name() {
        return WeightDistanceVerifier.NAME;
    }

    @Override
    public String description() {
        return "relative distance ||theta - theta_ref|| / ||theta_ref|| to a retrained reference (linear models)";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new WeightDistanceVerifier();
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        return MetricCatalog.standardOf(name());
    }
}
