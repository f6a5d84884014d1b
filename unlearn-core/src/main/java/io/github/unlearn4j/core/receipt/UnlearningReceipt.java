package io.github.unlearn4j.core.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deletion receipt: what an auditor needs to see that a forget request was carried out, by which
 * method, at what cost, and to what verified level. Written as JSON by {@link ReceiptWriter}; built
 * by {@link ReceiptBuilder} or by {@code PlanResult.receipt(key)}; checked later by
 * {@link ReceiptVerifier}.
 *
 * <p>It never holds the forgotten data, nor anything from which the forgotten rows can be found by
 * trying candidates:
 *
 * <ul>
 *   <li>the forget set appears as its size and, when the receipt was made with a
 *       {@link ReceiptKey}, a keyed commitment ({@link ForgetSetCommitment#SCHEME}); without a key,
 *       as its size only ({@link ForgetSetCommitment#NONE});
 *   <li>below a minimum forget-set size, metrics computed on the forget set and the "unseen"
 *       metrics are suppressed ({@link ReceiptDisclosure#RULE}), since they would be the forgotten
 *       rows' own model outputs and would give away their labels; {@code disclosure} says which;
 *   <li>the models appear only as SHA-256 fingerprints of their parameters
 *       ({@link Fingerprint#PARAMETER_ENCODING}), which {@link ReceiptVerifier} re-derives from
 *       model files.
 * </ul>
 *
 * <p>A receipt made with a key carries {@code seal} (algorithm, key id, canonicalization) and
 * {@code mac}: HMAC-SHA256 over the canonical JSON of every other member
 * ({@link ReceiptMac#CANONICALIZATION}), so any edit is detected by whoever holds the key. A receipt
 * made without a key has neither member. {@link ReceiptMac#digest(String)} names a sealed receipt
 * (mac included) for chaining receipts into a ledger.
 *
 * <p>Absent numbers (NaN) and suppressed values are written as {@code null}, so the file is strict
 * JSON. Times are ISO-8601 instants and milliseconds.
 *
 * @param schema the format's identifier, {@value #SCHEMA}
 * @param requestId a random UUID naming this request
 * @param createdAt when the receipt was made
 * @param library the library's name and version, and the Java runtime
 * @param engine the compute backend, device and model architecture
 * @param method the method that produced the returned model, its settings and seed
 * @param forgetSet the forget set's size and keyed commitment
 * @param data the sizes of the training, retain and test sets, and the dataset's name
 * @param model fingerprints of the model's parameters before and after
 * @param metrics every metric measured on the returned model (values suppressed per {@code disclosure})
 * @param verdict the policy's verdict on the returned model, or null when no policy was applied
 * @param timings how long each part took
 * @param reference the retrained reference used for verification, or null
 * @param plan the escalation plan's attempts and outcome, or null for a single run
 * @param disclosure what was suppressed because the forget set is small, and the rule
 * @param seal how the MAC was computed and under which key; absent when made without a key
 * @param mac HMAC-SHA256 of the canonical JSON of every other member, lower-case hex; absent when
 *     made without a key
 */
public record UnlearningReceipt(
        String schema,
        String requestId,
        String createdAt,
        Library library,
        Engine engine,
        Method method,
        ForgetSet forgetSet,
        Data data,
        ModelFingerprints model,
        List<MetricEntry> metrics,
        VerdictEntry verdict,
        Timings timings,
        Reference reference,
        Plan plan,
        Disclosure disclosure,
        @JsonInclude(JsonInclude.Include.NON_NULL) Seal seal,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mac) {

    /** The format identifier of this version of the receipt. */
    public static final String SCHEMA = "unlearn4j-receipt/2";

    /**
     * Copies the lists.
     *
     * @param schema schema
     * @param requestId request id
     * @param createdAt creation time
     * @param library library
     * @param engine engine
     * @param method method
     * @param forgetSet forget set
     * @param data data sizes
     * @param model fingerprints
     * @param metrics metrics
     * @param verdict verdict, or null
     * @param timings timings
     * @param reference reference, or null
     * @param plan plan, or null
     * @param disclosure disclosure
     * @param seal seal, or null
     * @param mac MAC, or null
     */
    public UnlearningReceipt {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    static Map<String, String> sorted(Map<String, String> settings) {
        return settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * The library.
     *
     * @param name {@value LibraryInfo#NAME}
     * @param version its version
     * @param java the Java runtime version
     */
    public record Library(String name, String version, String java) {}

    /**
     * Where the model computes.
     *
     * @param backend the compute backend, e.g. {@code reference} or {@code djl-pytorch}
     * @param device the device, e.g. {@code cpu} or {@code gpu(0)}
     * @param architecture the model's architecture
     * @param parameterCount its number of scalar parameters
     */
    public record Engine(String backend, String device, String architecture, long parameterCount) {}

    /**
     * The method.
     *
     * @param name its registered name
     * @param settings every setting, defaults included, as strings, sorted by name
     * @param seed the run's seed
     */
    public record Method(String name, Map<String, String> settings, long seed) {
        /**
         * Sorts the settings.
         *
         * @param name name
         * @param settings settings
         * @param seed seed
         */
        public Method {
            settings = sorted(settings);
        }
    }

    /**
     * The forget set, identified without its contents.
     *
     * @param size the number of rows forgotten
     * @param commitment the keyed commitment to the ids ({@link ForgetSetCommitment#SCHEME}), or
     *     null when the receipt was made without a key
     * @param commitmentScheme how the commitment was computed, or why there is none
     */
    public record ForgetSet(int size, String commitment, String commitmentScheme) {}

    /**
     * Sizes of the data.
     *
     * @param dataset the training set's name
     * @param trainSize rows in the training set
     * @param retainSize rows retained
     * @param testSize rows in the test set, 0 if none
     */
    public record Data(String dataset, int trainSize, int retainSize, int testSize) {}

    /**
     * Model fingerprints.
     *
     * @param algorithm {@value Fingerprint#ALGORITHM}
     * @param encoding how parameters were hashed
     * @param parameterCount parameters hashed
     * @param before the input model's fingerprint
     * @param after the returned model's fingerprint, or null when no model was returned
     */
    public record ModelFingerprints(String algorithm, String encoding, long parameterCount, String before, String after) {}

    /**
     * One metric.
     *
     * @param name its name
     * @param value its value, or null if NaN or suppressed
     * @param sampleCount samples it was computed on, or null if suppressed
     * @param minSamples the count below which it is flagged
     * @param solid whether it reached {@code minSamples}, or null if suppressed
     * @param verifier the verifier that produced it
     * @param description one line
     * @param suppressed whether its value was left out because the forget set is small
     *     ({@link ReceiptDisclosure#RULE})
     */
    public record MetricEntry(String name, Double value, Long sampleCount, int minSamples, Boolean solid,
            String verifier, String description, boolean suppressed) {}

    /**
     * A policy verdict.
     *
     * @param policy the policy's name
     * @param verdict PASS, FAIL or INCONCLUSIVE
     * @param summary one sentence
     * @param lines one per threshold
     * @param forgetKind the kind of forget set judged: classes, rows or mislabeled
     * @param control the negative control (the forgetting thresholds judged on the untouched original)
     */
    public record VerdictEntry(String policy, String verdict, String summary, List<LineEntry> lines,
            String forgetKind, ControlEntry control) {
        /**
         * Copies the lines.
         *
         * @param policy policy
         * @param verdict verdict
         * @param summary summary
         * @param lines lines
         * @param forgetKind kind of forget set
         * @param control negative control
         */
        public VerdictEntry {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /**
     * A verdict's negative control.
     *
     * @param status DISCRIMINATES, DOES_NOT_DISCRIMINATE, NOT_MEASURED or NO_FORGETTING_THRESHOLD
     * @param note one sentence
     * @param lines the forgetting thresholds judged on the untouched original
     */
    public record ControlEntry(String status, String note, List<LineEntry> lines) {
        /**
         * Copies the lines.
         *
         * @param status status
         * @param note note
         * @param lines lines
         */
        public ControlEntry {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /**
     * One threshold's outcome.
     *
     * @param threshold its text
     * @param metric the metric
     * @param status HELD, FAILED, INCONCLUSIVE or NOT_APPLICABLE
     * @param value the measured value, or null (also when suppressed)
     * @param sampleCount samples, or null when suppressed
     * @param target the target's value, or null (also when suppressed)
     * @param limit the effective bound, or null (also when suppressed)
     * @param note why inconclusive or not applicable; when suppressed, says so
     * @param text the whole line, as printed; when suppressed, without numbers
     * @param suppressed whether its numbers were left out because the forget set is small
     *     ({@link ReceiptDisclosure#RULE})
     */
    public record LineEntry(String threshold, String metric, String status, Double value, Long sampleCount,
            Double target, Double limit, String note, String text, boolean suppressed) {}

    /**
     * Timings, in milliseconds.
     *
     * @param startedAt when the run started
     * @param unlearnMs the returned model's unlearning run
     * @param verifyMs measuring and judging it
     * @param referenceMs training the retrained reference, or null when none was trained here
     * @param totalMs everything, start to end (for a plan: every attempt, the reference once, and
     *     every verification)
     * @param optimizerSteps the returned model's optimizer steps
     */
    public record Timings(String startedAt, double unlearnMs, double verifyMs, Double referenceMs, double totalMs,
            long optimizerSteps) {}

    /**
     * The retrained reference model.
     *
     * @param method its method, normally {@code retrain}
     * @param settings its settings, sorted by name
     * @param seed its seed
     * @param elapsedMs its training time, or null when it was given from outside
     * @param optimizerSteps its optimizer steps
     * @param sha256 its parameters' fingerprint
     * @param external whether it was given by the caller rather than trained here
     * @param reusedAsRetrainAttempt whether the plan's retrain attempt reused it instead of training again
     */
    public record Reference(String method, Map<String, String> settings, long seed, Double elapsedMs,
            long optimizerSteps, String sha256, boolean external, boolean reusedAsRetrainAttempt) {
        /**
         * Sorts the settings.
         *
         * @param method method
         * @param settings settings
         * @param seed seed
         * @param elapsedMs elapsed
         * @param optimizerSteps steps
         * @param sha256 fingerprint
         * @param external external
         * @param reusedAsRetrainAttempt reused
         */
        public Reference {
            settings = sorted(settings);
        }
    }

    /**
     * An escalation plan's run.
     *
     * @param policy the policy every attempt was judged by
     * @param outcome PASSED, RETRAINED or NOT_PASSED
     * @param note what happened, in one or two sentences (says so when every approximate method failed)
     * @param acceptedAttempt the index of the attempt whose model was returned, or null
     * @param attempts every attempt, in order
     * @param costAccounting how costs were counted
     */
    public record Plan(String policy, String outcome, String note, Integer acceptedAttempt, List<Attempt> attempts,
            String costAccounting) {
        /**
         * Copies the attempts.
         *
         * @param policy policy
         * @param outcome outcome
         * @param note note
         * @param acceptedAttempt accepted index, or null
         * @param attempts attempts
         * @param costAccounting cost accounting
         */
        public Plan {
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }
    }

    /**
     * One attempt of a plan.
     *
     * @param index its position, from 0
     * @param method the method
     * @param settings its settings, sorted by name
     * @param seed its seed
     * @param fallback whether it was the retrain run because every earlier attempt failed
     * @param reusedReference whether it reused the reference model instead of training
     * @param elapsedMs its unlearning time (the reference's time when reused), or null if it failed early
     * @param optimizerSteps its optimizer steps
     * @param speedUpVsRetrain the reference's training time divided by this attempt's, or null
     * @param verifyMs the time to verify it
     * @param verdict PASS, FAIL or INCONCLUSIVE
     * @param summary the verdict's summary, or the error
     * @param lines the verdict's lines
     * @param modelSha256 its model's fingerprint, or null if it failed
     * @param error the error that ended it, or null
     * @param metrics every metric measured on its model (an attack's shadow count and cost among
     *     them), suppressed like the receipt's own; empty when it failed before verification
     */
    public record Attempt(int index, String method, Map<String, String> settings, long seed, boolean fallback,
            boolean reusedReference, Double elapsedMs, long optimizerSteps, Double speedUpVsRetrain, double verifyMs,
            String verdict, String summary, List<LineEntry> lines, String modelSha256, String error,
            List<MetricEntry> metrics) {
        /**
         * Sorts and copies.
         *
         * @param index index
         * @param method method
         * @param settings settings
         * @param seed seed
         * @param fallback fallback
         * @param reusedReference reused
         * @param elapsedMs elapsed
         * @param optimizerSteps steps
         * @param speedUpVsRetrain speed-up
         * @param verifyMs verify time
         * @param verdict verdict
         * @param summary summary
         * @param lines lines
         * @param modelSha256 fingerprint
         * @param error error
         * @param metrics metrics (null reads as none: receipts written before attempts kept them)
         */
        public Attempt {
            settings = sorted(settings);
            lines = lines == null ? List.of() : List.copyOf(lines);
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }
    }

    /**
     * What the receipt leaves out because the forget set is small ({@link ReceiptDisclosure}).
     *
     * @param minForgetSetSize the smallest forget set whose forget-derived metrics are shown
     * @param suppressed whether anything was suppressed in this receipt
     * @param suppressedMetrics the names of the suppressed metrics, sorted
     * @param rule which fields are suppressed and why ({@link ReceiptDisclosure#RULE})
     */
    public record Disclosure(int minForgetSetSize, boolean suppressed, List<String> suppressedMetrics, String rule) {
        /**
         * Copies the list.
         *
         * @param minForgetSetSize minimum
         * @param suppressed suppressed
         * @param suppressedMetrics names
         * @param rule rule
         */
        public Disclosure {
            suppressedMetrics = suppressedMetrics == null ? List.of() : List.copyOf(suppressedMetrics);
        }
    }

    /**
     * How the receipt's MAC was made.
     *
     * @param algorithm {@value ReceiptKey#ALGORITHM}
     * @param keyId the {@link ReceiptKey#id()} of the key that made it and the forget-set commitment
     * @param canonicalization what bytes the MAC covers ({@link ReceiptMac#CANONICALIZATION})
     */
    public record Seal(String algorithm, String keyId, String canonicalization) {}
}
