package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code mia}: membership-inference efficacy (DESIGN.md §4), the fraction of the forget set that a
 * membership attack calls "non-member". Procedure:
 *
 * <ol>
 *   <li>shadow members: the first |test| rows of D_r (all of D_r if it is smaller), label 1;
 *       shadow non-members: the whole test set, label 0;
 *   <li>each sample's feature ({@link MiaFeature}, setting {@code feature}, default
 *       {@code confidence} p_y, the variant the papers report) from the model's class
 *       probabilities;
 *   <li>the attack: a threshold on that feature chosen by balanced accuracy on the shadow data,
 *       see {@link ThresholdAttack} (which also says how it differs from the reference RBF SVM with
 *       C = 3);
 *   <li>{@code MIA} = 100 × (forget rows classified non-member) / |D_f|.
 * </ol>
 *
 * Metrics:
 *
 * <ul>
 *   <li>{@code MIA}, in [0, 100]; higher means the forget set looks less like training data. Its
 *       sample count is the smallest of |D_f|, the shadow members and the shadow non-members,
 *       the figure that limits its reliability;
 *   <li>{@code miaAuc}, in [0, 1]: the attack's AUC on forget (positive) versus unseen (the test
 *       rows of the forget set's classes, negative), with the membership score oriented as the
 *       attack learned it. 0.5: the attack cannot tell the forget set from unseen data; towards 1:
 *       the forget set still looks like training data. (OpenUnlearning labels forget 0 and holdout
 *       1, so its AUC is 1 minus this one.) Sample count: min(|D_f|, |unseen|);
 *   <li>{@code miaAttackAccuracy}, in [50, 100]: the attack's balanced accuracy on its shadow
 *       data, in percent. Near 50 the attack is no better than chance and MIA says little.
 * </ul>
 *
 * Needs a classification model and a test set; the request's reference is not used.
 */
public final class MiaVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "mia";

    private final MiaFeature feature;
    private final MiaAttack attackKind;

    /**
     * Creates the verifier with the threshold attack.
     *
     * @param feature the attack's feature
     * @param minSamples the minimum sample count of a solid metric
     */
    public MiaVerifier(MiaFeature feature, int minSamples) {
        this(feature, MiaAttack.THRESHOLD, minSamples);
    }

    /**
     * Creates the verifier.
     *
     * @param feature the threshold attack's feature (unused by the multi-feature attack)
     * @param attack which attack
     * @param minSamples the minimum sample count of a solid metric
     */
    public MiaVerifier(MiaFeature feature, MiaAttack attack, int minSamples) {
        super(NAME, minSamples);
        this.feature = Objects.requireNonNull(feature, "feature");
        this.attackKind = Objects.requireNonNull(attack, "attack");
    }

    /** @return the attack's feature */
    public MiaFeature feature() {
        return feature;
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        return requireClassificationWithTest(request.model(), request.data(), NAME);
    }

    static Optional<InvalidRequestException> requireClassificationWithTest(
            TrainableModel model, DataSplit data, String verifier) {
        if (data.train().task() != TaskType.CLASSIFICATION) {
            return Optional.of(InvalidRequestException.of("data.task", data.train().task(),
                    verifier + " needs class probabilities; it applies to classification models only"));
        }
        if (data.test().isEmpty()) {
            return Optional.of(InvalidRequestException.of("data.test", "none",
                    verifier + " needs a test set: its rows are the attack's shadow non-members"));
        }
        return Optional.empty();
    }

    /** The result of one attack, for reuse by {@code retrain-gap}. */
    record Result(double efficacy, long efficacyCount, double auc, long aucCount, ThresholdAttack attack, long shadowCount) {}

    /**
     * Runs the attack against one model.
     *
     * @param model the model
     * @param data the split (with a test set)
     * @return the figures
     */
    Result attack(TrainableModel model, DataSplit data) {
        DataView test = data.test().orElseThrow();
        DataView members = Outputs.head(data.retain(), test.size());
        double[][] memberRows = rows(model, members, "shadow member");
        double[][] nonMemberRows = rows(model, test, "test");
        MultiFeatureScore multi = attackKind == MiaAttack.MULTI_FEATURE
                ? MultiFeatureScore.fit(memberRows, nonMemberRows) : null;
        double[] memberValues = project(memberRows, multi);
        double[] nonMemberValues = project(nonMemberRows, multi);
        ThresholdAttack attack = ThresholdAttack.fit(memberValues, nonMemberValues);
        double[] forgetValues = project(rows(model, data.forget(), "forget"), multi);
        int nonMember = 0;
        for (double v : forgetValues) {
            nonMember += attack.isMember(v) ? 0 : 1;
        }
        double efficacy = 100.0 * nonMember / forgetValues.length;
        long shadow = Math.min(memberValues.length, nonMemberValues.length);
        long efficacyCount = Math.min(forgetValues.length, shadow);
        Optional<DataView> unseen = Outputs.unseen(data);
        double auc = Double.NaN;
        long aucCount = 0;
        if (unseen.isPresent()) {
            double[] unseenValues = project(rows(model, unseen.get(), "unseen"), multi);
            double[] pos = new double[forgetValues.length];
            double[] neg = new double[unseenValues.length];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = attack.score(forgetValues[i]);
            }
            for (int i = 0; i < neg.length; i++) {
                neg[i] = attack.score(unseenValues[i]);
            }
            auc = ThresholdAttack.auc(pos, neg);
            aucCount = Math.min(pos.length, neg.length);
        }
        return new Result(efficacy, efficacyCount, auc, aucCount, attack, shadow);
    }

    /** Per row: the one feature (threshold attack) or the four of the multi-feature attack. */
    private double[][] rows(TrainableModel model, DataView view, String role) {
        double[][] p = Outputs.probabilities(model, view, role);
        int[] y = Outputs.labels(view);
        double[][] f = new double[p.length][];
        for (int i = 0; i < f.length; i++) {
            f[i] = attackKind == MiaAttack.MULTI_FEATURE ? MultiFeatureScore.features(p[i], y[i])
                    : new double[] {feature.of(p[i], y[i])};
        }
        return f;
    }

    private static double[] project(double[][] rows, MultiFeatureScore multi) {
        double[] v = new double[rows.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = multi == null ? rows[i][0] : multi.score(rows[i]);
        }
        return v;
    }

    /** @return which attack runs */
    public MiaAttack attack() {
        return attackKind;
    }

    private String label() {
        return attackKind == MiaAttack.MULTI_FEATURE ? "multi-feature logistic attack" : feature.label();
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        Result r = attack(request.model(), request.data());
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("MIA", r.efficacy(), r.efficacyCount(),
                "MIA-efficacy (" + label() + "): 100 x fraction of the forget set the attack calls non-member"));
        if (!Double.isNaN(r.auc())) {
            metrics.add(new Metric("miaAuc", r.auc(), r.aucCount(),
                    "attack AUC, forget vs unseen test rows of the same classes (0.5: indistinguishable)"));
        }
        metrics.add(new Metric("miaAttackAccuracy", 100 * r.attack().balancedAccuracy(), r.shadowCount(),
                "the attack's balanced accuracy on its shadow data (50: chance)"));
        return metrics;
    }
}
