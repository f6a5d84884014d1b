package io.github.unlearn4j.core.receipt;

import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.policy.VerdictLine;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.Measurements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Assembles an {@link UnlearningReceipt}. Fingerprints are taken when the builder is created, from
 * the models as they are then; the builder keeps no model, only a copy of the forget ids until
 * {@link #build()} commits to them.
 *
 * <p>With a {@link #key(ReceiptKey) key} the receipt carries a keyed commitment to the forget set
 * and is sealed with a MAC; without one it carries neither (the forget set then appears as its size
 * only), and cannot be checked later for edits. Below {@link #minDisclosedForgetSetSize(int)} rows
 * the forget-derived metrics are suppressed ({@link ReceiptDisclosure}).
 *
 * <pre>{@code
 * UnlearningReceipt r = ReceiptBuilder.forRun(result, original, split)
 *         .key(ReceiptKey.read(keyFile))
 *         .metrics(check.measurements())
 *         .verdict(check.verdict())
 *         .verifyTime(check.elapsed())
 *         .build();
 * ReceiptWriter.write(r, path); // after ReceiptWriter.checkWritable(path), before any compute
 * }</pre>
 */
public final class ReceiptBuilder {
    private UUID requestId = UUID.randomUUID();
    private Instant createdAt;
    private final UnlearningReceipt.Engine engine;
    private final UnlearningReceipt.Method method;
    private final int[] forgetIds;
    private final UnlearningReceipt.Data data;
    private final UnlearningReceipt.ModelFingerprints model;
    private List<UnlearningReceipt.MetricEntry> metrics = List.of();
    private UnlearningReceipt.VerdictEntry verdict;
    private Instant startedAt;
    private Duration unlearn = Duration.ZERO;
    private Duration verify = Duration.ZERO;
    private Duration referenceTime;
    private Duration total;
    private long steps;
    private UnlearningReceipt.Reference reference;
    private UnlearningReceipt.Plan plan;
    private ReceiptKey key;
    private int minDisclosed = ReceiptDisclosure.DEFAULT_MIN_FORGET_SET_SIZE;

    private ReceiptBuilder(String method, Map<String, String> settings, long seed, ModelDescription description,
            String before, String after, DataSplit split) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(split, "split");
        this.engine = new UnlearningReceipt.Engine(description.backend(), description.device(),
                description.architecture(), description.parameterCount());
        this.method = new UnlearningReceipt.Method(method, settings, seed);
        this.forgetIds = split.forgetIds().clone();
        this.data = new UnlearningReceipt.Data(split.train().name(), split.train().size(), split.retain().size(),
                split.test().map(DataView::size).orElse(0));
        this.model = new UnlearningReceipt.ModelFingerprints(Fingerprint.ALGORITHM, Fingerprint.PARAMETER_ENCODING,
                description.parameterCount(), before, after);
    }

    /**
     * Starts a receipt for one unlearning run: method, settings, seed, timings and step count come
     * from its provenance.
     *
     * @param result the run's result (its model is fingerprinted as "after")
     * @param original the input model (fingerprinted as "before")
     * @param split the data the run forgot from
     * @return the builder
     */
    public static ReceiptBuilder forRun(UnlearnResult result, TrainableModel original, DataSplit split) {
        Provenance p = result.provenance();
        ReceiptBuilder b = forModels(p.method(), p.settings(), p.seed(), original, result.model(), split);
        b.startedAt = p.startedAt();
        b.unlearn = p.elapsed();
        b.steps = p.optimizerSteps();
        return b;
    }

    /**
     * Starts a receipt from its parts, for callers with no single {@link UnlearnResult} (the
     * escalation plan).
     *
     * @param method the method that produced {@code after}
     * @param settings its settings
     * @param seed its seed
     * @param original the input model
     * @param after the returned model, or null when none was returned
     * @param split the data
     * @return the builder
     */
    public static ReceiptBuilder forModels(String method, Map<String, String> settings, long seed,
            TrainableModel original, TrainableModel after, DataSplit split) {
        Objects.requireNonNull(original, "original");
        ModelDescription d = (after != null ? after : original).description();
        return new ReceiptBuilder(method, settings, seed, d, Fingerprint.parameters(original),
                after == null ? null : Fingerprint.parameters(after), split);
    }

    /**
     * Starts a receipt from fingerprints already taken, for callers that no longer hold the models.
     *
     * @param method the method that produced the returned model
     * @param settings its settings
     * @param seed its seed
     * @param description the model's description (backend, device, architecture)
     * @param before the input model's fingerprint ({@link Fingerprint#parameters(float[])})
     * @param after the returned model's fingerprint, or null when none was returned
     * @param split the data
     * @return the builder
     */
    public static ReceiptBuilder forFingerprints(String method, Map<String, String> settings, long seed,
            ModelDescription description, String before, String after, DataSplit split) {
        return new ReceiptBuilder(method, settings, seed, description, before, after, split);
    }

    /**
     * Sets the request id (default: a random UUID).
     *
     * @param id the id
     * @return this builder
     */
    public ReceiptBuilder requestId(UUID id) {
        this.requestId = Objects.requireNonNull(id, "id");
        return this;
    }

    /**
     * Sets the creation time (default: when {@link #build()} is called).
     *
     * @param at the time
     * @return this builder
     */
    public ReceiptBuilder createdAt(Instant at) {
        this.createdAt = Objects.requireNonNull(at, "at");
        return this;
    }

    /**
     * Sets the application's receipt key (default: none). With a key the receipt holds a keyed
     * commitment to the forget set ({@link ForgetSetCommitment#SCHEME}) and is sealed with a MAC
     * ({@link ReceiptMac#CANONICALIZATION}); without one it holds no commitment and no MAC.
     *
     * @param k the key, or null for none
     * @return this builder
     */
    public ReceiptBuilder key(ReceiptKey k) {
        this.key = k;
        return this;
    }

    /**
     * Sets the smallest forget set whose forget-derived metrics the receipt shows (default
     * {@value ReceiptDisclosure#DEFAULT_MIN_FORGET_SET_SIZE}; see {@link ReceiptDisclosure}).
     *
     * @param rows at least 1; 1 shows every metric whatever the forget set's size
     * @return this builder
     * @throws io.github.unlearn4j.api.InvalidRequestException naming
     *     {@code minDisclosedForgetSetSize} when below 1
     */
    public ReceiptBuilder minDisclosedForgetSetSize(int rows) {
        this.minDisclosed = ReceiptDisclosure.checkMinimum(rows);
        return this;
    }

    /**
     * Records the metrics measured on the returned model.
     *
     * @param measured the measurements
     * @return this builder
     */
    public ReceiptBuilder metrics(Measurements measured) {
        List<UnlearningReceipt.MetricEntry> list = new ArrayList<>();
        for (Measurement m : measured.all()) {
            list.add(metric(m));
        }
        this.metrics = list;
        return this;
    }

    /**
     * Records the verdict on the returned model.
     *
     * @param v the verdict, or null for none
     * @return this builder
     */
    public ReceiptBuilder verdict(PolicyVerdict v) {
        this.verdict = v == null ? null : verdictEntry(v);
        return this;
    }

    /**
     * Records the verification time.
     *
     * @param elapsed measuring and judging the returned model
     * @return this builder
     */
    public ReceiptBuilder verifyTime(Duration elapsed) {
        this.verify = Objects.requireNonNull(elapsed, "elapsed");
        return this;
    }

    /**
     * Records timings explicitly.
     *
     * @param started when the run started
     * @param unlearnTime the returned model's unlearning time
     * @param steps its optimizer steps
     * @param totalTime everything, or null to sum unlearning, verification and reference times
     * @return this builder
     */
    public ReceiptBuilder timings(Instant started, Duration unlearnTime, long steps, Duration totalTime) {
        this.startedAt = Objects.requireNonNull(started, "started");
        this.unlearn = Objects.requireNonNull(unlearnTime, "unlearnTime");
        this.steps = steps;
        this.total = totalTime;
        return this;
    }

    /**
     * Records the retrained reference.
     *
     * @param ref its description
     * @param trainingTime its training time here, or null if it was given from outside
     * @return this builder
     */
    public ReceiptBuilder reference(UnlearningReceipt.Reference ref, Duration trainingTime) {
        this.reference = ref;
        this.referenceTime = trainingTime;
        return this;
    }

    /**
     * Records an escalation plan's attempts.
     *
     * @param p the plan section
     * @return this builder
     */
    public ReceiptBuilder plan(UnlearningReceipt.Plan p) {
        this.plan = p;
        return this;
    }

    /**
     * Builds the receipt: commits to the forget set and seals it when a key was given, and
     * suppresses forget-derived values when the forget set is small.
     *
     * @return the receipt
     */
    public UnlearningReceipt build() {
        Instant now = createdAt != null ? createdAt : Instant.now();
        Duration tot = total != null ? total
                : unlearn.plus(verify).plus(referenceTime != null ? referenceTime : Duration.ZERO);
        UnlearningReceipt.Timings timings = new UnlearningReceipt.Timings(
                (startedAt != null ? startedAt : now).toString(), ms(unlearn), ms(verify),
                referenceTime == null ? null : ms(referenceTime), ms(tot), steps);
        String id = requestId.toString();
        UnlearningReceipt.ForgetSet forgetSet = key == null
                ? new UnlearningReceipt.ForgetSet(forgetIds.length, null, ForgetSetCommitment.NONE)
                : new UnlearningReceipt.ForgetSet(forgetIds.length, ForgetSetCommitment.compute(key, id, forgetIds),
                        ForgetSetCommitment.SCHEME);
        Redactor redactor = new Redactor(forgetIds.length, minDisclosed);
        List<UnlearningReceipt.MetricEntry> shownMetrics = redactor.metrics(metrics);
        UnlearningReceipt.VerdictEntry shownVerdict = redactor.verdict(verdict);
        UnlearningReceipt.Plan shownPlan = redactor.plan(plan);
        UnlearningReceipt receipt = new UnlearningReceipt(UnlearningReceipt.SCHEMA, id, now.toString(),
                new UnlearningReceipt.Library(LibraryInfo.NAME, LibraryInfo.version(), Runtime.version().toString()),
                engine, method, forgetSet, data, model, shownMetrics, shownVerdict, timings, reference, shownPlan,
                redactor.disclosure(), null, null);
        return key == null ? receipt : ReceiptMac.seal(receipt, key);
    }

    /**
     * Milliseconds with microsecond precision.
     *
     * @param d a duration
     * @return it in milliseconds
     */
    public static double ms(Duration d) {
        return Math.round(d.toNanos() / 1e3) / 1e3;
    }

    /**
     * A metric's receipt entry.
     *
     * @param m the measurement
     * @return the entry
     */
    public static UnlearningReceipt.MetricEntry metric(Measurement m) {
        return new UnlearningReceipt.MetricEntry(m.name(), orNull(m.value()), m.sampleCount(), m.minSamples(),
                m.solid(), m.verifier(), m.description(), false);
    }

    /**
     * Measurements as receipt entries, in order: what a plan's attempt records of its model.
     *
     * @param measured the measurements, or null
     * @return the entries, empty for null
     */
    public static List<UnlearningReceipt.MetricEntry> metricEntries(Measurements measured) {
        return measured == null ? List.of() : measured.all().stream().map(ReceiptBuilder::metric).toList();
    }

    /**
     * A verdict's receipt entry.
     *
     * @param v the verdict
     * @return the entry
     */
    public static UnlearningReceipt.VerdictEntry verdictEntry(PolicyVerdict v) {
        return new UnlearningReceipt.VerdictEntry(v.policy(), v.verdict().name(), v.summary(), lines(v),
                v.forgetKind().word(), new UnlearningReceipt.ControlEntry(v.control().status().name(),
                        v.control().note(), lines(v.control().lines())));
    }

    /**
     * A verdict's lines as receipt entries.
     *
     * @param v the verdict
     * @return the entries
     */
    public static List<UnlearningReceipt.LineEntry> lines(PolicyVerdict v) {
        return lines(v.lines());
    }

    private static List<UnlearningReceipt.LineEntry> lines(List<VerdictLine> lines) {
        List<UnlearningReceipt.LineEntry> out = new ArrayList<>();
        for (VerdictLine l : lines) {
            out.add(new UnlearningReceipt.LineEntry(l.threshold(), l.metric(), l.status().name(), orNull(l.value()),
                    l.sampleCount(), orNull(l.target()), orNull(l.limit()), l.note(), l.text(), false));
        }
        return out;
    }

    /**
     * A finite value, or null.
     *
     * @param v a value
     * @return {@code v}, or null when NaN or infinite
     */
    public static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
