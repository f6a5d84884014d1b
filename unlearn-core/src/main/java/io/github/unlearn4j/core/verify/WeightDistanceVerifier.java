package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.List;
import java.util.Optional;

/**
 * {@code weight-distance}: {@code weightDistance = ‖θ − θ_ref‖₂ / ‖θ_ref‖₂}, the relative distance
 * of the model's flat parameter vector to the retrained reference's ({@link
 * VerificationRequest#reference()}, required; the parameter counts must agree). Sums are in double
 * precision. When θ_ref = 0 the value is 0 if θ = 0 too, else +∞.
 *
 * <p>Meaningful where the retrained optimum is unique and reached, as in linear regression trained
 * to convergence (the theory's setting: 0 means the golden model). For deep networks trained from
 * different initializations it mostly measures the initialization, and no preset applies it there.
 *
 * <p>The metric is not a statistical estimate: its sample count is the number of parameters
 * compared, and it is never flagged by {@code minSamples}.
 */
public final class WeightDistanceVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "weight-distance";

    /** Creates the verifier. */
    public WeightDistanceVerifier() {
        super(NAME, 1);
    }

    /** {@inheritDoc} 0: a weight distance is exact, whatever the parameter count. */
    @Override
    public int minSamplesFor(String metric) {
        return 0;
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        Optional<InvalidRequestException> missing = Outputs.requireReference(request, NAME);
        if (missing.isPresent()) {
            return missing;
        }
        long mine = request.model().description().parameterCount();
        long theirs = request.reference().description().parameterCount();
        if (mine != theirs) {
            return Optional.of(InvalidRequestException.of("reference.parameterCount", theirs,
                    "the model has " + mine + " parameters; a weight distance needs the same architecture"));
        }
        return Optional.empty();
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        float[] theta = request.model().parameters();
        float[] ref = request.reference().parameters();
        return List.of(new Metric("weightDistance", relativeDistance(theta, ref), theta.length,
                "||theta - theta_ref|| / ||theta_ref||, relative distance to the retrained weights"));
    }

    /**
     * The relative distance ‖a − b‖ / ‖b‖ in double precision.
     *
     * @param a the judged parameters
     * @param b the reference parameters, same length
     * @return the distance; 0 if both are zero, +∞ if only b is
     */
    public static double relativeDistance(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            diff += d * d;
            norm += (double) b[i] * b[i];
        }
        if (norm == 0) {
            return diff == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(diff / norm);
    }
}
