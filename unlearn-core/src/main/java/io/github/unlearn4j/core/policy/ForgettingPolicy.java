package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.core.attack.UliraVerifierProvider;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.MetricSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stated required level of forgetting: a named set of {@link Threshold}s, validated against a
 * {@link MetricCatalog} when built (before any compute), and a judge of {@link Evidence}.
 *
 * <h2>Kind of forget set</h2>
 * What "forgotten" looks like depends on what was forgotten ({@link ForgetKind}): whole classes,
 * rows, or mislabeled rows. A threshold may be restricted to some kinds ({@code [classes]} in its
 * text); on other kinds it is not applicable. The kind is detected from the split (classes versus
 * rows, for classification; regression is always rows), unless the policy fixes it with
 * {@link #withForgetKind} (mislabeled rows cannot be detected, so a caller must say so).
 *
 * <h2>Verdict</h2>
 * Each threshold gives one {@link VerdictLine}:
 * <ul>
 *   <li>NOT_APPLICABLE, ignored with a note, when the threshold names another task than the
 *       model's or another kind of forget set, when its metric does not exist for this task, or
 *       when it needs a test set the split lacks;
 *   <li>INCONCLUSIVE when it applies but cannot be judged: no reference model (for a bound relative
 *       to the reference, or a metric that compares with one), the original model not measured, the
 *       metric or its target not measured, or measured on fewer samples than its verifier's
 *       {@code minSamples};
 *   <li>otherwise HELD or FAILED.
 * </ul>
 * Then the <b>negative control</b> ({@link NegativeControl}): every applicable threshold on a
 * metric that is evidence of forgetting ({@link MetricSpec#forgettingEvidence()}: UA, MIA, forget
 * confidence and loss, distances to the reference; not RA or TA) is judged again on the untouched
 * original model. The policy's verdict is FAIL if any line FAILED; else INCONCLUSIVE if any line is,
 * or none held; else PASS only if the original fails at least one forgetting threshold, so that the
 * thresholds can tell forgetting from a no-op on this data. When the original meets them all too,
 * the verdict is INCONCLUSIVE, saying so; likewise when the original was not measured, or when no
 * forgetting threshold applies (utility alone cannot show forgetting). A model that did nothing is
 * therefore never judged PASS: it is measured exactly like the original.
 *
 * <p>Why a control rather than better thresholds alone: any test on a model's outputs is blind to
 * forgetting where the original already behaves like a retrained model, as when random rows are
 * forgotten from a model that generalizes (its forget rows look like unseen rows before any
 * unlearning). No fixed threshold can know that in advance; the original, measured on the same
 * data, does. INCONCLUSIVE then makes an {@link io.github.unlearn4j.core.plan.UnlearningPlan}
 * escalate: only retraining is known to forget.
 *
 * <h2>Presets</h2>
 * Each preset holds thresholds for classification models and for regression models, and per kind
 * of forget set where forgetting looks different; a model meets those of its task and kind, and
 * the others appear as not applicable.
 *
 * <p><b>{@code strict}</b>: "indistinguishable from retraining". Needs a retrained reference (the
 * {@link io.github.unlearn4j.core.plan.UnlearningPlan} computes one); without it every line is
 * INCONCLUSIVE.
 * <table>
 *   <caption>strict</caption>
 *   <tr><th>threshold</th><th>why</th></tr>
 *   <tr><td>{@code UA within 2 of reference [classification]}</td><td>forgets as much as retraining,
 *       and no more: over-forgetting is a signal too</td></tr>
 *   <tr><td>{@code MIA within 3 of reference [classification]}</td><td>the attack sees the forget
 *       set as retraining leaves it; wider than UA because a learned attack is a noisier
 *       statistic</td></tr>
 *   <tr><td>{@code unseenUA within 2 of reference [classification, classes]}</td><td>a forgotten
 *       class is forgotten on unseen rows too: the retrained model never predicts it on the test
 *       rows of that class either. Without this line, a model that unlearned the training rows of
 *       the class but still recognizes the class would pass</td></tr>
 *   <tr><td>{@code RA >= reference - 2 [classification]}</td><td>keeps the retain accuracy</td></tr>
 *   <tr><td>{@code TA >= reference - 2 [classification]}</td><td>keeps the test accuracy (needs a
 *       test set)</td></tr>
 *   <tr><td>{@code forgetLoss >= reference - 10% [regression]}</td><td>fits the forget set no
 *       better than the retrained model; a loss has no natural unit, so the tolerance is relative.
 *       In the paper's theory FT keeps the pretrained forget loss (≈ 0), far below golden</td></tr>
 *   <tr><td>{@code weightDistance <= 0.05 [regression]}</td><td>within 5% of the retrained
 *       weights; meaningful where the optimum is unique, as in linear regression (FT stays at
 *       ‖(I − P_r) w_o‖ from golden)</td></tr>
 *   <tr><td>{@code uliraAuc <= 0.6 [classification, rows, mislabeled] if measured}</td><td>the
 *       per-example likelihood-ratio attack with shadow runs of the method (the {@code ulira}
 *       verifier) barely tells the model from retraining on forget rows. Judged only where the
 *       caller added {@code ulira} to the suite (its shadow runs cost minutes): elsewhere not
 *       applicable. Retraining against retraining reads 0.5 with a standard error of about
 *       {@code 1/√(6n)} on {@code n} targets (0.018 at the default 500, 0.04 at 100): 0.6 is at
 *       least 2.4 standard errors above chance from 100 targets on</td></tr>
 * </table>
 *
 * <p><b>{@code lenient}</b>: "no trace of the forget set in the model's outputs, and the model kept
 * its utility". Needs no reference, only a test set and the original model.
 * <table>
 *   <caption>lenient</caption>
 *   <tr><th>threshold</th><th>why</th></tr>
 *   <tr><td>{@code UA >= unseen - 5 [classification, rows]}</td><td>no more accurate on the forget
 *       set than on unseen test rows of the same classes</td></tr>
 *   <tr><td>{@code forgetConfidence <= unseen + 5 [classification, rows]}</td><td>no more confident
 *       on the forget set than on unseen rows of the same classes</td></tr>
 *   <tr><td>{@code UA >= 95 [classification, classes]}</td><td>the forgotten classes are no longer
 *       predicted: at most 5% of their training rows (a retrained model, which never saw them,
 *       predicts about 0%; 5% is also below chance for up to 20 classes)</td></tr>
 *   <tr><td>{@code unseenUA >= 95 [classification, classes]}</td><td>nor on their test rows: the
 *       class itself is forgotten, not only its training rows</td></tr>
 *   <tr><td>{@code UA >= 80 [classification, mislabeled]}</td><td>the wrong labels are no longer
 *       predicted: at most 20% of the forget rows get their given label (a retrained model predicts
 *       their true classes; it matches a wrong label only when it errs towards that class)</td></tr>
 *   <tr><td>{@code miaAuc <= 0.6 [classification]}</td><td>a membership attack barely tells the
 *       forget set from unseen data (0.5 is chance)</td></tr>
 *   <tr><td>{@code RA >= original - 5 [classification]}</td><td>lost at most 5 points of retain
 *       accuracy; without this a destroyed model would pass</td></tr>
 *   <tr><td>{@code forgetLoss >= unseen - 20% [regression]}</td><td>fits the forget set about as
 *       badly as unseen data (needs a test set)</td></tr>
 * </table>
 * The relative tolerances are a few sampling standard deviations of an accuracy on a few hundred
 * rows; raise {@code minSamples} rather than tighten them on small sets. The absolute bounds for
 * classes and mislabeled rows are set by what retraining achieves, with room for an approximate
 * method; a custom policy states others.
 */
public final class ForgettingPolicy {
    /** Name of the strict preset. */
    public static final String STRICT = "strict";
    /** Name of the lenient preset. */
    public static final String LENIENT = "lenient";

    private static final TaskType C = TaskType.CLASSIFICATION;
    private static final TaskType R = TaskType.REGRESSION;

    private final String name;
    private final String description;
    private final List<Threshold> thresholds;
    private final MetricCatalog catalog;
    private final ForgetKind forgetKind;

    private ForgettingPolicy(String name, String description, List<Threshold> thresholds, MetricCatalog catalog,
            ForgetKind forgetKind) {
        this.name = name;
        this.description = description;
        this.thresholds = List.copyOf(thresholds);
        this.catalog = catalog;
        this.forgetKind = forgetKind;
    }

    /**
     * Creates a policy over the standard catalog.
     *
     * @param name a short name for verdicts and receipts
     * @param description one line
     * @param thresholds at least one threshold
     * @return the validated policy
     * @throws InvalidRequestException naming the threshold's field and value: an unknown metric
     *     (listing the known ones), a bound outside the metric's range, a negative or non-finite
     *     tolerance, {@code within} with an absolute bound, an unseen-relative bound on a metric
     *     without an unseen counterpart, a task the metric does not exist for, or a regression-only
     *     threshold restricted to classes or mislabeled rows
     */
    public static ForgettingPolicy of(String name, String description, List<Threshold> thresholds) {
        return of(name, description, thresholds, MetricCatalog.standard());
    }

    /**
     * Creates a policy over a given catalog (for third-party metrics).
     *
     * @param name name
     * @param description one line
     * @param thresholds at least one threshold
     * @param catalog the known metrics
     * @return the validated policy
     * @throws InvalidRequestException as {@link #of(String, String, List)}
     */
    public static ForgettingPolicy of(String name, String description, List<Threshold> thresholds,
            MetricCatalog catalog) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(catalog, "catalog");
        if (thresholds == null || thresholds.isEmpty()) {
            throw InvalidRequestException.of("policy." + name + ".thresholds", "[]", "a policy needs at least one threshold");
        }
        for (int i = 0; i < thresholds.size(); i++) {
            validate("policy." + name + ".thresholds[" + i + "]", Objects.requireNonNull(thresholds.get(i)), catalog);
        }
        return new ForgettingPolicy(name, description, thresholds, catalog, null);
    }

    private static void validate(String field, Threshold t, MetricCatalog catalog) {
        MetricSpec spec = catalog.require(field + ".metric", t.metric());
        double b = t.bound();
        String text = " (" + t.text() + ")";
        if (!Double.isFinite(b)) {
            throw InvalidRequestException.of(field + ".bound", b, "must be a finite number" + text);
        }
        Set<TaskType> common = new LinkedHashSet<>(t.tasks());
        common.retainAll(spec.tasks());
        if (common.isEmpty()) {
            throw InvalidRequestException.of(field + ".tasks", lower(t.tasks()),
                    "metric " + spec.name() + " exists only for " + lower(spec.tasks()) + " models" + text);
        }
        if (!t.tasks().contains(TaskType.CLASSIFICATION) && !t.appliesTo(ForgetKind.ROWS)) {
            throw InvalidRequestException.of(field + ".kinds", t.scope(), "a regression forget set is always rows;"
                    + " classes and mislabeled apply to classification" + text);
        }
        if (t.kind() == BoundKind.ABSOLUTE) {
            if (t.comparison() == Comparison.WITHIN) {
                throw InvalidRequestException.of(field + ".comparison", "within",
                        "'within' needs a target: reference, unseen or original" + text);
            }
            if (t.unit() == ToleranceUnit.FRACTION_OF_TARGET) {
                throw InvalidRequestException.of(field + ".unit", "fraction-of-target",
                        "an absolute bound is in the metric's units" + text);
            }
            if (!spec.inRange(b)) {
                throw InvalidRequestException.of(field + ".bound", Threshold.number(b),
                        "outside the range of " + spec.name() + ", " + spec.range() + text);
            }
            return;
        }
        if (b < 0) {
            throw InvalidRequestException.of(field + ".bound", Threshold.number(b),
                    "a tolerance cannot be negative" + text);
        }
        if (t.unit() == ToleranceUnit.METRIC_UNITS && b > spec.max() - spec.min()) {
            throw InvalidRequestException.of(field + ".bound", Threshold.number(b), "a tolerance on " + spec.name()
                    + " cannot exceed the width of its range " + spec.range() + text);
        }
        if (spec.needsReference()) {
            throw InvalidRequestException.of(field + ".kind", t.kind().word(), spec.name()
                    + " already compares with the reference; give it an absolute bound" + text);
        }
        if (t.kind() == BoundKind.RELATIVE_TO_TEST && spec.unseenCounterpart() == null) {
            List<String> have = catalog.specs().stream().filter(s -> s.unseenCounterpart() != null)
                    .map(MetricSpec::name).toList();
            throw InvalidRequestException.of(field + ".kind", "unseen", "metric " + spec.name()
                    + " has no unseen counterpart; metrics that have one: " + have + text);
        }
    }

    private static String lower(Set<TaskType> tasks) {
        return tasks.stream().sorted().map(x -> x.name().toLowerCase(Locale.ROOT)).toList().toString();
    }

    /** @return the {@code strict} preset; see the class comment */
    public static ForgettingPolicy strict() {
        return of(STRICT, "indistinguishable from retraining (needs a retrained reference)", List.of(
                Threshold.relative("UA", Comparison.WITHIN, BoundKind.RELATIVE_TO_REFERENCE, 2).onlyFor(C),
                Threshold.relative("MIA", Comparison.WITHIN, BoundKind.RELATIVE_TO_REFERENCE, 3).onlyFor(C),
                Threshold.relative("unseenUA", Comparison.WITHIN, BoundKind.RELATIVE_TO_REFERENCE, 2).onlyFor(C)
                        .onlyFor(ForgetKind.CLASSES),
                Threshold.relative("RA", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_REFERENCE, 2).onlyFor(C),
                Threshold.relative("TA", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_REFERENCE, 2).onlyFor(C),
                Threshold.relativeFraction("forgetLoss", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_REFERENCE, 0.10)
                        .onlyFor(R),
                Threshold.atMost("weightDistance", 0.05).onlyFor(R),
                Threshold.atMost("uliraAuc", 0.6).onlyFor(C).onlyFor(ForgetKind.ROWS, ForgetKind.MISLABELED)
                        .whenMeasured()), MetricCatalog.standard().with(new UliraVerifierProvider().metricSpecs()));
    }

    /** @return the {@code lenient} preset; see the class comment */
    public static ForgettingPolicy lenient() {
        return of(LENIENT, "no trace of the forget set in the outputs (forgotten classes no longer predicted,"
                + " forgotten rows like unseen ones, wrong labels no longer predicted) and utility kept"
                + " (no reference needed)", List.of(
                Threshold.relative("UA", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_TEST, 5).onlyFor(C)
                        .onlyFor(ForgetKind.ROWS),
                Threshold.relative("forgetConfidence", Comparison.AT_MOST, BoundKind.RELATIVE_TO_TEST, 5).onlyFor(C)
                        .onlyFor(ForgetKind.ROWS),
                Threshold.atLeast("UA", 95).onlyFor(C).onlyFor(ForgetKind.CLASSES),
                Threshold.atLeast("unseenUA", 95).onlyFor(C).onlyFor(ForgetKind.CLASSES),
                Threshold.atLeast("UA", 80).onlyFor(C).onlyFor(ForgetKind.MISLABELED),
                Threshold.atMost("miaAuc", 0.6).onlyFor(C),
                Threshold.relative("RA", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_ORIGINAL, 5).onlyFor(C),
                Threshold.relativeFraction("forgetLoss", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_TEST, 0.20)
                        .onlyFor(R)));
    }

    /** @return the preset names */
    public static List<String> presetNames() {
        return List.of(STRICT, LENIENT);
    }

    /**
     * A preset by name.
     *
     * @param name {@code strict} or {@code lenient}, any case
     * @return the preset
     * @throws InvalidRequestException listing the presets
     */
    public static ForgettingPolicy preset(String name) {
        String n = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case STRICT:
                return strict();
            case LENIENT:
                return lenient();
            default:
                throw InvalidRequestException.of("policy", "'" + name + "'", "unknown preset; presets: " + presetNames()
                        + ", or thresholds separated by ';' such as 'UA within 2 of reference; miaAuc <= 0.6'");
        }
    }

    /**
     * Reads a policy from text: a preset name, or thresholds in their text form separated by
     * {@code ;} (named {@code custom}).
     *
     * @param spec the text
     * @return the validated policy
     * @throws InvalidRequestException on an unknown preset, an unparsable threshold, or a failed validation
     */
    public static ForgettingPolicy parse(String spec) {
        return parse(spec, MetricCatalog.standard());
    }

    /**
     * Reads a policy from text whose thresholds may name any metric of a catalog, for instance one
     * built from the registered verifiers with {@link MetricCatalog#of}, so that a policy can judge
     * a plugin's metric. Presets use the standard metrics.
     *
     * @param spec the text: a preset name, or thresholds separated by {@code ;}
     * @param catalog the known metrics
     * @return the validated policy
     * @throws InvalidRequestException on an unknown preset, an unparsable threshold, or a failed
     *     validation; an unknown metric's message lists the catalog's metrics
     */
    public static ForgettingPolicy parse(String spec, MetricCatalog catalog) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(catalog, "catalog");
        String s = spec.trim();
        if (!s.contains(";") && !s.matches(".*[<>≤≥].*") && !s.contains(" within ")) {
            return preset(s);
        }
        List<Threshold> list = new ArrayList<>();
        for (String part : s.split(";")) {
            if (!part.isBlank()) {
                list.add(Threshold.parse(part));
            }
        }
        return of("custom", "custom thresholds: " + s, list, catalog);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the one-line description */
    public String description() {
        return description;
    }

    /** @return the thresholds, in order */
    public List<Threshold> thresholds() {
        return thresholds;
    }

    /** @return the catalog the policy was validated against */
    public MetricCatalog catalog() {
        return catalog;
    }

    /**
     * The same policy for a given kind of forget set, instead of the detected one. Needed for
     * mislabeled rows, which cannot be detected; a kind that contradicts the data (classes while the
     * retain set holds rows of a forgotten class, or anything but rows for regression) fails when
     * the data is judged ({@link #forgetKind(TaskType, DataSplit)}).
     *
     * @param kind the kind, or null to detect it from the data (the default)
     * @return the policy with that kind
     */
    public ForgettingPolicy withForgetKind(ForgetKind kind) {
        return new ForgettingPolicy(name, description, thresholds, catalog, kind);
    }

    /** @return the kind of forget set the caller fixed, or empty when it is detected from the data */
    public Optional<ForgetKind> forgetKind() {
        return Optional.ofNullable(forgetKind);
    }

    /**
     * The kind of forget set this policy judges a split as: the one fixed with
     * {@link #withForgetKind}, checked against the data, else the detected one
     * ({@link ForgetKind#resolve}).
     *
     * @param task the model's task
     * @param split the data
     * @return the kind
     * @throws InvalidRequestException naming {@code forgetKind} when the fixed kind contradicts the data
     */
    public ForgetKind forgetKind(TaskType task, DataSplit split) {
        return ForgetKind.resolve(forgetKind, task, split);
    }

    /**
     * Whether some threshold needs a retrained reference (for a given task).
     *
     * @param task the model's task
     * @return true if judging a model of this task needs a reference
     */
    public boolean needsReference(TaskType task) {
        for (Threshold t : thresholds) {
            if (t.appliesTo(task) && spec(t).tasks().contains(task)
                    && (t.kind() == BoundKind.RELATIVE_TO_REFERENCE || spec(t).needsReference())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether judging a model of a task needs the original model's measurements: some threshold
     * compares with the original, or some threshold is on forgetting evidence, which the negative
     * control judges on the original (see the class comment).
     *
     * @param task the model's task
     * @return true if judging a model of this task needs the original's measurements
     */
    public boolean needsOriginal(TaskType task) {
        return thresholds.stream().anyMatch(t -> t.appliesTo(task) && spec(t).tasks().contains(task)
                && (t.kind() == BoundKind.RELATIVE_TO_ORIGINAL || spec(t).forgettingEvidence()));
    }

    /** @return the verifiers that produce the policy's metrics (and their unseen counterparts) */
    public List<String> verifierNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Threshold t : thresholds) {
            if (t.ifMeasured()) {
                continue;
            }
            MetricSpec s = spec(t);
            names.add(s.verifier());
            if (t.kind() == BoundKind.RELATIVE_TO_TEST) {
                catalog.find(s.unseenCounterpart()).ifPresent(c -> names.add(c.verifier()));
            }
        }
        return List.copyOf(names);
    }

    private MetricSpec spec(Threshold t) {
        return catalog.find(t.metric()).orElseThrow();
    }

    /**
     * Judges evidence: one line per threshold, then the negative control on the original's
     * measurements (see the class comment).
     *
     * @param evidence the measurements
     * @return the verdict with one line per threshold and the control
     */
    public PolicyVerdict evaluate(Evidence evidence) {
        Objects.requireNonNull(evidence, "evidence");
        List<VerdictLine> lines = new ArrayList<>();
        Map<LineStatus, Integer> counts = new EnumMap<>(LineStatus.class);
        for (Threshold t : thresholds) {
            VerdictLine line = judge(t, evidence);
            lines.add(line);
            counts.merge(line.status(), 1, Integer::sum);
        }
        NegativeControl control = control(evidence, lines);
        boolean anyApplied = counts.containsKey(LineStatus.HELD) || counts.containsKey(LineStatus.FAILED)
                || counts.containsKey(LineStatus.INCONCLUSIVE);
        Verdict verdict;
        if (counts.containsKey(LineStatus.FAILED)) {
            verdict = Verdict.FAIL;
        } else if (counts.containsKey(LineStatus.INCONCLUSIVE) || !counts.containsKey(LineStatus.HELD)) {
            verdict = Verdict.INCONCLUSIVE;
        } else {
            verdict = control.discriminates() ? Verdict.PASS : Verdict.INCONCLUSIVE;
        }
        Map<String, Integer> words = new LinkedHashMap<>();
        for (LineStatus s : LineStatus.values()) {
            words.put(s == LineStatus.NOT_APPLICABLE ? "not applicable" : s.name().toLowerCase(Locale.ROOT),
                    counts.getOrDefault(s, 0));
        }
        StringBuilder summary = new StringBuilder(verdict.name()).append(" under policy ").append(name)
                .append(" (forget set: ").append(evidence.forgetKind().word()).append("): ");
        words.forEach((w, n) -> summary.append(n).append(' ').append(w).append(", "));
        summary.setLength(summary.length() - 2);
        if (!anyApplied) {
            summary.append(" (no threshold applies to this model and data)");
        } else if (verdict != Verdict.FAIL) {
            summary.append("; negative control: ").append(control.note());
        }
        return new PolicyVerdict(name, verdict, evidence.forgetKind(), lines, control, summary.toString());
    }

    private NegativeControl control(Evidence e, List<VerdictLine> lines) {
        List<Threshold> forgetting = new ArrayList<>();
        for (int i = 0; i < thresholds.size(); i++) {
            if (lines.get(i).status() != LineStatus.NOT_APPLICABLE && spec(thresholds.get(i)).forgettingEvidence()) {
                forgetting.add(thresholds.get(i));
            }
        }
        if (forgetting.isEmpty()) {
            return new NegativeControl(NegativeControl.Status.NO_FORGETTING_THRESHOLD, List.of(),
                    "no threshold on evidence of forgetting (UA, MIA, forget confidence or loss, distance to the"
                            + " reference) applies to this model and forget set; utility alone cannot show forgetting");
        }
        if (e.original() == null) {
            return new NegativeControl(NegativeControl.Status.NOT_MEASURED, List.of(),
                    "the untouched original was not measured, so nothing shows that these thresholds tell"
                            + " forgetting from a no-op; pass the original model");
        }
        Evidence control = e.forOriginal();
        List<VerdictLine> judged = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int inconclusive = 0;
        for (Threshold t : forgetting) {
            VerdictLine l = judge(t, control);
            judged.add(l);
            if (l.status() == LineStatus.FAILED) {
                failed.add(t.text() + " (measured " + Numbers.fmt(l.value()) + ")");
            } else if (l.status() != LineStatus.HELD) {
                inconclusive++;
            }
        }
        if (!failed.isEmpty()) {
            return new NegativeControl(NegativeControl.Status.DISCRIMINATES, judged, "the untouched original fails "
                    + String.join(", ", failed) + ", so these thresholds tell forgetting from a no-op");
        }
        return new NegativeControl(NegativeControl.Status.DOES_NOT_DISCRIMINATE, judged, NegativeControl.CANNOT_TELL
                + (inconclusive == 0 ? "" : " (" + inconclusive + " of them could not be judged on the original)"));
    }

    private VerdictLine judge(Threshold t, Evidence e) {
        MetricSpec spec = spec(t);
        String text = t.text();
        String metric = t.metric();
        if (!t.appliesTo(e.task())) {
            return na(t, "applies to " + lower(t.tasks()) + " models; this one is " + lower(Set.of(e.task())));
        }
        if (!spec.tasks().contains(e.task())) {
            return na(t, metric + " exists only for " + lower(spec.tasks()) + " models");
        }
        if (!t.appliesTo(e.forgetKind())) {
            return na(t, "applies to forget sets of " + t.kinds().stream().sorted().map(ForgetKind::word).toList()
                    + "; this one is " + e.forgetKind().word());
        }
        boolean unseen = t.kind() == BoundKind.RELATIVE_TO_TEST;
        if ((spec.needsTestSet() || unseen) && !e.hasTestSet()) {
            return na(t, (unseen ? "the unseen counterpart " + spec.unseenCounterpart() : metric)
                    + " needs a test set and the split has none");
        }
        if (t.ifMeasured() && e.model().get(metric).isEmpty()) {
            String why = e.model().skipped().get(spec.verifier());
            return na(t, metric + " was not measured" + (why != null ? " (verifier " + spec.verifier() + " skipped: "
                    + why + ")" : "; add the " + spec.verifier() + " verifier to the suite to judge it"));
        }
        if ((t.kind() == BoundKind.RELATIVE_TO_REFERENCE || spec.needsReference()) && !e.hasReference()) {
            return inconclusive(t, Optional.empty(), "no reference available: this threshold compares with a model"
                    + " retrained on the retain set (the escalation plan computes one; or pass one)");
        }
        if (t.kind() == BoundKind.RELATIVE_TO_ORIGINAL && e.original() == null) {
            return inconclusive(t, Optional.empty(), "the original model was not measured");
        }
        Optional<Measurement> measured = e.model().get(metric);
        if (measured.isEmpty()) {
            String why = e.model().skipped().get(spec.verifier());
            return inconclusive(t, measured, metric + " was not measured" + (why != null
                    ? " (verifier " + spec.verifier() + " skipped: " + why + ")"
                    : " (verifier " + spec.verifier() + " did not report it)"));
        }
        Measurement m = measured.get();
        if (Double.isNaN(m.value())) {
            return inconclusive(t, measured, metric + " is NaN");
        }
        if (!m.solid()) {
            return inconclusive(t, measured, metric + " was computed on " + m.sampleCount()
                    + " samples, fewer than minSamples = " + m.minSamples());
        }
        double v = m.value();
        if (t.kind() == BoundKind.ABSOLUTE) {
            boolean held = t.comparison() == Comparison.AT_MOST ? v <= t.bound() : v >= t.bound();
            return new VerdictLine(text, metric, held ? LineStatus.HELD : LineStatus.FAILED, v, m.sampleCount(),
                    Double.NaN, t.bound(), "");
        }
        String targetName;
        Optional<Measurement> target;
        switch (t.kind()) {
            case RELATIVE_TO_REFERENCE:
                targetName = "the reference's " + metric;
                target = e.reference() == null ? Optional.empty() : e.reference().get(metric);
                break;
            case RELATIVE_TO_TEST:
                targetName = spec.unseenCounterpart();
                target = e.model().get(spec.unseenCounterpart());
                break;
            default:
                targetName = "the original model's " + metric;
                target = e.original().get(metric);
                break;
        }
        if (target.isEmpty() || Double.isNaN(target.get().value())) {
            return inconclusive(t, measured, targetName + " was not measured");
        }
        if (!target.get().solid()) {
            return inconclusive(t, measured, targetName + " was computed on " + target.get().sampleCount()
                    + " samples, fewer than minSamples = " + target.get().minSamples());
        }
        double tv = target.get().value();
        double tol = t.unit() == ToleranceUnit.FRACTION_OF_TARGET ? t.bound() * Math.abs(tv) : t.bound();
        boolean held;
        double limit;
        switch (t.comparison()) {
            case AT_MOST:
                limit = tv + tol;
                held = v <= limit;
                break;
            case AT_LEAST:
                limit = tv - tol;
                held = v >= limit;
                break;
            default:
                limit = tol;
                held = Math.abs(v - tv) <= tol;
                break;
        }
        return new VerdictLine(text, metric, held ? LineStatus.HELD : LineStatus.FAILED, v, m.sampleCount(), tv,
                limit, "");
    }

    private static VerdictLine na(Threshold t, String note) {
        return new VerdictLine(t.text(), t.metric(), LineStatus.NOT_APPLICABLE, Double.NaN, 0, Double.NaN,
                Double.NaN, note);
    }

    private static VerdictLine inconclusive(Threshold t, Optional<Measurement> m, String note) {
        return new VerdictLine(t.text(), t.metric(), LineStatus.INCONCLUSIVE, m.map(Measurement::value).orElse(Double.NaN),
                m.map(Measurement::sampleCount).orElse(0L), Double.NaN, Double.NaN, note);
    }

    @Override
    public String toString() {
        return name + " " + thresholds + (forgetKind == null ? "" : " for forget sets of " + forgetKind.word());
    }
}
