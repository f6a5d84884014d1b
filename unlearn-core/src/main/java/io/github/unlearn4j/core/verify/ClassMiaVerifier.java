package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code class-mia}: a class-wise attack on what a model still says about a forgotten class
 * (after Ebrahimpour-Boroojeny et al. 2025, "Unlearning isn't forgetting"). A model that forgot a
 * class may still place its probability on the class's neighbours the way the original did; a
 * retrained model never learned that pattern. On the forget rows (the forgotten classes' training
 * rows), both the model and the retrained reference give class probabilities; each is renormalized
 * over the remaining classes R (every class that no forget row carries), {@code q(x) = p_R(x) / Σ_R p}.
 *
 * <ul>
 *   <li>{@code classMiaKl}: mean over forget rows of {@code KL(q_ref(x) ‖ q(x))}, in nats
 *       (probabilities floored at 1e-12); 0 when the two agree;
 *   <li>{@code classMiaAuc}: a two-sample attack that tries to tell the model's vectors from the
 *       reference's. The forget rows are split by position (even rows fit, odd rows test); a
 *       nearest-centroid rule on {@code log q} fits one centroid per model on the fitting rows and
 *       scores a test vector {@code v} by {@code ‖v − c_ref‖² − ‖v − c_model‖²}; the AUC (Mann–Whitney,
 *       ties counted half) of the model's test vectors against the reference's. 0.5: the attack
 *       cannot tell the model from retraining on these rows; 1: it always can. It does not
 *       saturate where UA and MIA-efficacy read 100 for every method, because it reads the
 *       distribution over the other classes rather than the forgotten one.
 * </ul>
 *
 * Needs a reference and a classification model; the forget set must leave at least two remaining
 * classes (a class-wise forget set) and hold at least 4 rows. Sample count: the test rows.
 */
public final class ClassMiaVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "class-mia";
    private static final double FLOOR = 1e-12;

    /**
     * Creates the verifier.
     *
     * @param minSamples the minimum sample count of a solid metric
     */
    public ClassMiaVerifier(int minSamples) {
        super(NAME, minSamples);
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        Optional<InvalidRequestException> ref = Outputs.requireDistinctReference(request, NAME);
        if (ref.isPresent()) {
            return ref;
        }
        DataSplit data = request.data();
        if (data.train().task() != TaskType.CLASSIFICATION) {
            return Optional.of(InvalidRequestException.of("task", data.train().task(),
                    NAME + " reads class probabilities; it needs a classification model"));
        }
        int remaining = remainingClasses(data).length;
        if (remaining < 2) {
            return Optional.of(InvalidRequestException.of("forget", remaining + " remaining classes", NAME
                    + " compares probabilities over the classes the forget set does not hold; it needs a"
                    + " class-wise forget set that leaves at least 2 classes"));
        }
        if (data.forget().size() < 4) {
            return Optional.of(InvalidRequestException.of("forget", data.forget().size() + " rows",
                    NAME + " needs at least 4 forget rows (half fit the attack, half test it)"));
        }
        return Optional.empty();
    }

    /** The classes that no forget row carries, ascending. */
    static int[] remainingClasses(DataSplit data) {
        boolean[] forgotten = new boolean[data.train().classCount()];
        for (int label : Outputs.labels(data.forget())) {
            forgotten[label] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < forgotten.length; c++) {
            if (!forgotten[c]) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        DataSplit data = request.data();
        DataView forget = data.forget();
        int[] remaining = remainingClasses(data);
        double[][] model = logRenormalized(Outputs.probabilities(request.model(), forget, "forget"), remaining);
        double[][] reference = logRenormalized(Outputs.probabilities(request.reference(), forget, "forget"), remaining);
        double kl = 0;
        for (int i = 0; i < model.length; i++) {
            for (int c = 0; c < remaining.length; c++) {
                kl += Math.exp(reference[i][c]) * (reference[i][c] - model[i][c]);
            }
        }
        kl /= model.length;
        double auc = attackAuc(model, reference);
        long tested = model.length / 2;
        return List.of(
                new Metric("classMiaAuc", auc, tested, "AUC of a nearest-centroid attack telling the model's"
                        + " remaining-class probabilities on forget rows from the retrained reference's (0.5 = cannot)"),
                new Metric("classMiaKl", kl, model.length, "mean KL(reference || model) of the probabilities"
                        + " renormalized over the remaining classes, on forget rows, nats"));
    }

    /** log of p restricted to the classes and renormalized, per row. */
    static double[][] logRenormalized(double[][] p, int[] classes) {
        double[][] out = new double[p.length][classes.length];
        for (int i = 0; i < p.length; i++) {
            double sum = 0;
            for (int c : classes) {
                sum += Math.max(FLOOR, p[i][c]);
            }
            for (int k = 0; k < classes.length; k++) {
                out[i][k] = Math.log(Math.max(FLOOR, p[i][classes[k]]) / sum);
            }
        }
        return out;
    }

    /**
     * The nearest-centroid attack's AUC: centroids fitted on even rows, tested on odd rows.
     *
     * @param model the model's vectors, one per forget row
     * @param reference the reference's vectors, same rows
     * @return the AUC in [0, 1]
     */
    static double attackAuc(double[][] model, double[][] reference) {
        int d = model[0].length;
        double[] cm = new double[d];
        double[] cr = new double[d];
        int fit = 0;
        for (int i = 0; i < model.length; i += 2) {
            for (int k = 0; k < d; k++) {
                cm[k] += model[i][k];
                cr[k] += reference[i][k];
            }
            fit++;
        }
        for (int k = 0; k < d; k++) {
            cm[k] /= fit;
            cr[k] /= fit;
        }
        int tested = model.length / 2;
        double[] pos = new double[tested];
        double[] neg = new double[tested];
        for (int t = 0, i = 1; t < tested; t++, i += 2) {
            pos[t] = score(model[i], cm, cr);
            neg[t] = score(reference[i], cm, cr);
        }
        return ThresholdAttack.auc(pos, neg);
    }

    private static double score(double[] v, double[] cm, double[] cr) {
        double toRef = 0;
        double toModel = 0;
        for (int k = 0; k < v.length; k++) {
            toRef += (v[k] - cr[k]) * (v[k] - cr[k]);
            toModel += (v[k] - cm[k]) * (v[k] - cm[k]);
        }
        return toRef - toModel;
    }
}
