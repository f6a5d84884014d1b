package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metrics a policy may name, with their ranges and needs ({@link MetricSpec}). The
 * {@link #standard()} catalog lists every metric of the core verifiers. A third-party verifier's
 * provider declares its metrics by implementing {@link MetricDeclaring}, and {@link
 * #of(io.github.unlearn4j.api.registry.VerifierRegistry)} adds every declared metric of a registry
 * (this is how {@code --policy} can name a plugin's metric); {@link #with} adds specs by hand.
 * Immutable.
 *
 * <p>Evidence of forgetting ({@link MetricSpec#forgettingEvidence()}, judged on the original by a
 * policy's negative control): UA, forgetConfidence, unseenUA and unseenConfidence (the test rows of
 * the forget set's classes, which tell whether a whole class was forgotten), forgetLoss, MIA,
 * miaAuc, gapUA, gapMIA, avgGap, klForget, predictionMseForget, gapForgetLoss and weightDistance.
 * The others measure utility (RA, TA, retain and test losses and their gaps, klTest,
 * predictionMseTest) or describe the data or the attack (unseenLoss, miaAttackAccuracy).
 */
public final class MetricCatalog {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final MetricCatalog STANDARD = new MetricCatalog(standardSpecs());

    private final Map<String, MetricSpec> specs;

    private MetricCatalog(List<MetricSpec> specs) {
        Map<String, MetricSpec> byName = new LinkedHashMap<>();
        for (MetricSpec s : specs) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("metric '" + s.name() + "' declared twice");
            }
        }
        this.specs = Collections.unmodifiableMap(byName);
    }

    /** @return the metrics of the core verifiers */
    public static MetricCatalog standard() {
        return STANDARD;
    }

    private static List<MetricSpec> standardSpecs() {
        String acc = AccuracyVerifier.NAME;
        String mia = MiaVerifier.NAME;
        String gap = RetrainGapVerifier.NAME;
        var c = MetricSpec.CLASSIFICATION;
        var both = MetricSpec.BOTH;
        var reg = MetricSpec.REGRESSION;
        return List.of(
                new MetricSpec("UA", acc, 0, 100, c, false, false, "unseenUA", true, "100 - forget-set accuracy, percent"),
                new MetricSpec("RA", acc, 0, 100, c, false, false, null, false, "retain-set accuracy, percent"),
                new MetricSpec("TA", acc, 0, 100, c, true, false, null, false, "test-set accuracy, percent"),
                new MetricSpec("forgetConfidence", acc, 0, 100, c, false, false, "unseenConfidence", true,
                        "100 x mean true-class probability on the forget set"),
                new MetricSpec("unseenUA", acc, 0, 100, c, true, false, null, true,
                        "100 - accuracy on test rows of the forget classes, percent"),
                new MetricSpec("unseenConfidence", acc, 0, 100, c, true, false, null, true,
                        "100 x mean true-class probability on test rows of the forget classes"),
                new MetricSpec("forgetLoss", acc, 0, INF, both, false, false, "unseenLoss", true, "mean task loss on the forget set"),
                new MetricSpec("retainLoss", acc, 0, INF, both, false, false, null, false, "mean task loss on the retain set"),
                new MetricSpec("testLoss", acc, 0, INF, both, true, false, null, false, "mean task loss on the test set"),
                new MetricSpec("unseenLoss", acc, 0, INF, both, true, false, null, false,
                        "mean task loss on unseen test rows (of the forget classes for classification)"),
                new MetricSpec("MIA", mia, 0, 100, c, true, false, null, true,
                        "MIA-efficacy: percent of the forget set the attack calls non-member"),
                new MetricSpec("miaAuc", mia, 0, 1, c, true, false, null, true,
                        "attack AUC forget vs unseen (0.5: indistinguishable)"),
                new MetricSpec("miaAttackAccuracy", mia, 0, 100, c, true, false, null, false,
                        "attack balanced accuracy on its shadow data, percent"),
                new MetricSpec("gapUA", gap, 0, 100, c, false, true, null, true, "|UA - UA of the reference|, points"),
                new MetricSpec("gapRA", gap, 0, 100, c, false, true, null, false, "|RA - RA of the reference|, points"),
                new MetricSpec("gapTA", gap, 0, 100, c, true, true, null, false, "|TA - TA of the reference|, points"),
                new MetricSpec("gapMIA", gap, 0, 100, c, true, true, null, true, "|MIA - MIA of the reference|, points"),
                new MetricSpec("avgGap", gap, 0, 100, c, false, true, null, true, "Avg. Gap over UA, RA, TA, MIA, points"),
                new MetricSpec("klForget", gap, 0, INF, c, false, true, null, true,
                        "mean KL(reference || model) on the forget set, nats"),
                new MetricSpec("klTest", gap, 0, INF, c, true, true, null, false, "mean KL(reference || model) on the test set, nats"),
                new MetricSpec("predictionMseForget", gap, 0, INF, reg, false, true, null, true,
                        "mean squared prediction difference to the reference on the forget set"),
                new MetricSpec("predictionMseTest", gap, 0, INF, reg, true, true, null, false,
                        "mean squared prediction difference to the reference on the test set"),
                new MetricSpec("gapForgetLoss", gap, 0, INF, both, false, true, null, true, "|forgetLoss - reference's|"),
                new MetricSpec("gapRetainLoss", gap, 0, INF, both, false, true, null, false, "|retainLoss - reference's|"),
                new MetricSpec("gapTestLoss", gap, 0, INF, both, true, true, null, false, "|testLoss - reference's|"),
                new MetricSpec("weightDistance", WeightDistanceVerifier.NAME, 0, INF, both, false, true, null, true,
                        "||theta - theta_ref|| / ||theta_ref||"));
    }

    /**
     * The metrics known to a registry: the {@link #standard()} ones, plus those declared by every
     * registered provider that implements {@link MetricDeclaring}. A provider may re-declare a
     * standard metric with an identical spec (the core providers do); declaring a known name with a
     * different spec, or for another verifier, fails.
     *
     * @param registry the registered verifiers
     * @return the catalog of every metric a registered verifier produces
     * @throws IllegalArgumentException naming the metric and both verifiers on a conflicting declaration
     */
    public static MetricCatalog of(VerifierRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Map<String, MetricSpec> all = new LinkedHashMap<>(STANDARD.specs);
        for (ForgetVerifierProvider p : registry.providers()) {
            if (!(p instanceof MetricDeclaring declaring)) {
                continue;
            }
            for (MetricSpec s : declaring.metricSpecs()) {
                if (!s.verifier().equals(p.name())) {
                    throw new IllegalArgumentException("verifier '" + p.name() + "' declares metric '" + s.name()
                            + "' with verifier = '" + s.verifier() + "': must be its own name");
                }
                MetricSpec known = all.putIfAbsent(s.name(), s);
                if (known != null && !known.equals(s)) {
                    throw new IllegalArgumentException("metric '" + s.name() + "' declared by verifier '" + p.name()
                            + "' is already produced by verifier '" + known.verifier() + "' with another spec");
                }
            }
        }
        return new MetricCatalog(List.copyOf(all.values()));
    }

    /**
     * The metrics of one core verifier, for its provider's {@link MetricDeclaring#metricSpecs()}.
     *
     * @param verifier the verifier's registered name
     * @return its standard metrics, in catalog order
     */
    static List<MetricSpec> standardOf(String verifier) {
        return STANDARD.specs.values().stream().filter(s -> s.verifier().equals(verifier)).toList();
    }

    /**
     * A catalog with more metrics, for third-party verifiers.
     *
     * @param more the added metrics; their names must be new
     * @return the extended catalog
     */
    public MetricCatalog with(List<MetricSpec> more) {
        List<MetricSpec> all = new ArrayList<>(specs.values());
        all.addAll(more);
        return new MetricCatalog(all);
    }

    /** @return every metric name, in catalog order */
    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    /** @return every metric */
    public List<MetricSpec> specs() {
        return List.copyOf(specs.values());
    }

    /**
     * Finds a metric.
     *
     * @param name its name
     * @return the spec, if known
     */
    public Optional<MetricSpec> find(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /**
     * Finds a metric or fails.
     *
     * @param field the field that named it, for the message (e.g. {@code policy.thresholds[2].metric})
     * @param name its name
     * @return the spec
     * @throws InvalidRequestException naming the field and listing the known metrics
     */
    public MetricSpec require(String field, String name) {
        MetricSpec s = specs.get(name);
        if (s == null) {
            throw InvalidRequestException.of(field, "'" + name + "'", "unknown metric; known metrics: " + names());
        }
        return s;
    }
}
