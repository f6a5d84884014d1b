package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the core verifiers. It adds two things the api's {@link ForgetVerifier} does not carry:
 *
 * <ul>
 *   <li>a minimum sample count ({@link #minSamplesFor}): a metric computed on fewer samples is
 *       flagged (see {@link Measurement#solid()}), and a policy threshold on it is INCONCLUSIVE;
 *   <li>preconditions ({@link #checkInputs}): what the request must hold (a test set, a reference,
 *       a classification model). {@link #verify} throws them as {@link InvalidRequestException}
 *       naming the field; a {@link VerificationSuite} records them as "skipped, because ...".
 *   <li>a compatibility check ({@link #checkCompatible}): a model that does not fit
 *       the data fails with an {@link InvalidRequestException} naming the field, before any compute.
 * </ul>
 *
 * Verifiers read the models through {@link io.github.unlearn4j.api.model.TrainableModel#predict} and
 * {@link io.github.unlearn4j.api.model.TrainableModel#evaluate} only, so they run on any backend,
 * and never modify them.
 */
public abstract class AbstractVerifier implements ForgetVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractVerifier.class);

    private final String name;
    private final int minSamples;

    /**
     * Creates the verifier.
     *
     * @param name the registered name
     * @param minSamples the minimum number of samples for a solid metric, at least 1
     */
    protected AbstractVerifier(String name, int minSamples) {
        this.name = Objects.requireNonNull(name, "name");
        if (minSamples < 1) {
            throw InvalidRequestException.of(name + ".minSamples", minSamples, "must be at least 1");
        }
        this.minSamples = minSamples;
    }

    @Override
    public final String name() {
        return name;
    }

    /** @return the minimum number of samples for a solid metric */
    public final int minSamples() {
        return minSamples;
    }

    /**
     * The minimum sample count of one of this verifier's metrics. The default is
     * {@link #minSamples()} for every metric; a verifier whose metric is not a statistical estimate
     * (a weight distance) returns 0 for it.
     *
     * @param metric the metric's name
     * @return the count below which the metric is flagged
     */
    public int minSamplesFor(String metric) {
        return minSamples;
    }

    /**
     * What the request lacks for this verifier, if anything. The default requires nothing.
     *
     * @param request the request
     * @return the exception that {@link #verify} would throw, naming the field; empty when it can run
     */
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        return Optional.empty();
    }

    @Override
    public final VerificationReport verify(VerificationRequest request) {
        Objects.requireNonNull(request, "request");
        checkCompatible(request);
        Optional<InvalidRequestException> problem = checkInputs(request);
        if (problem.isPresent()) {
            throw problem.get();
        }
        List<Metric> metrics = measure(request);
        for (Metric m : metrics) {
            int min = minSamplesFor(m.name());
            if (m.sampleCount() < min) {
                LOG.debug("{}: {} = {} on {} samples, below minSamples = {}: flagged", name, m.name(), m.value(),
                        m.sampleCount(), min);
            }
        }
        return new VerificationReport(name, metrics);
    }

    /**
     * Checks, before any compute, that the model fits the request's data: its task, feature count
     * and class count (a verifier that uses the reference checks it in {@link #checkInputs}). {@link #verify} calls it first; a verifier that
     * does not extend this class calls it itself.
     *
     * @param request the request
     * @throws InvalidRequestException naming the mismatched field (e.g. {@code train.featureCount})
     */
    public static void checkCompatible(VerificationRequest request) {
        request.model().checkCompatible(request.data().train());
        request.data().test().ifPresent(t -> request.model().checkCompatible(t.source()));
    }

    /**
     * Computes the metrics; called once {@link #checkInputs} found nothing missing.
     *
     * @param request the request
     * @return the metrics, each with its sample count, in a stable order
     */
    protected abstract List<Metric> measure(VerificationRequest request);
}
