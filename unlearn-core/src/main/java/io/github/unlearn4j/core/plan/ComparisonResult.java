package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.receipt.ReceiptBuilder;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link MethodComparison}: one row per run, the reference first, and the models
 * they made. The result owns those models; closing it closes them.
 *
 * <p>Belongs to the thread that ran the comparison; close it once.
 */
public final class ComparisonResult implements AutoCloseable {
    private final String policy;
    private final List<ComparisonRow> rows;
    private final List<TrainableModel> models;
    private final ComparisonRow.Accuracy originalAccuracy;
    private final ModelDescription originalDescription;
    private final String originalSha256;
    private final DataSplit split;
    private final Instant startedAt;
    private final Duration totalElapsed;

    ComparisonResult(String policy, List<ComparisonRow> rows, List<TrainableModel> models,
            ComparisonRow.Accuracy originalAccuracy, ModelDescription originalDescription, String originalSha256,
            DataSplit split, Instant startedAt, Duration totalElapsed) {
        this.policy = policy;
        this.rows = List.copyOf(rows);
        this.models = new ArrayList<>(models);
        this.originalAccuracy = originalAccuracy;
        this.originalDescription = originalDescription;
        this.originalSha256 = originalSha256;
        this.split = split;
        this.startedAt = startedAt;
        this.totalElapsed = totalElapsed;
    }

    /** @return the policy's name, or null when the rows were not judged */
    public String policy() {
        return policy;
    }

    /** @return every row in run order, the reference first */
    public List<ComparisonRow> rows() {
        return rows;
    }

    /** @return the reference's row */
    public ComparisonRow referenceRow() {
        return rows.get(0);
    }

    /**
     * The row of a method: for {@code retrain}, the independent retrain's when there is one, else
     * the reference's.
     *
     * @param method the method's name
     * @return its row
     * @throws InvalidRequestException naming the method when it did not run
     */
    public ComparisonRow row(String method) {
        return rows.get(index(method));
    }

    /**
     * The model a method made, still owned by this result.
     *
     * @param method the method's name (as for {@link #row(String)})
     * @return its model; empty when the method failed or the result is closed
     */
    public Optional<TrainableModel> model(String method) {
        return Optional.ofNullable(models.get(index(method)));
    }

    /**
     * The model of one row, still owned by this result.
     *
     * @param row one of {@link #rows()}
     * @return its model; empty when the run failed or the result is closed
     * @throws IllegalArgumentException when the row is not one of this result's
     */
    public Optional<TrainableModel> model(ComparisonRow row) {
        return Optional.ofNullable(models.get(indexOf(row)));
    }

    /** @return the original's forget, retain and test accuracy, in percent */
    public ComparisonRow.Accuracy originalAccuracy() {
        return originalAccuracy;
    }

    /** @return the original's parameter fingerprint */
    public String originalSha256() {
        return originalSha256;
    }

    /** @return the comparison's wall-clock time: the reference once, every method, every verification */
    public Duration totalElapsed() {
        return totalElapsed;
    }

    /** @return when the comparison started */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * The receipt of one method's run: its method, settings, seed, fingerprints, metrics and
     * verdict (none for the reference row, which is not judged), and the reference it was compared
     * with. A failed run's receipt has no "after" fingerprint and no metrics.
     *
     * @param method the method's name (as for {@link #row(String)})
     * @param key the application's receipt key, or null for none (then no forget-set commitment and
     *     no MAC)
     * @return the receipt, with a new random request id
     */
    public UnlearningReceipt receipt(String method, ReceiptKey key) {
        return receipt(row(method), key);
    }

    /**
     * The receipt of one row's run, as {@link #receipt(String, ReceiptKey)}.
     *
     * @param row one of {@link #rows()}
     * @param key the application's receipt key, or null for none
     * @return the receipt, with a new random request id
     * @throws IllegalArgumentException when the row is not one of this result's
     */
    public UnlearningReceipt receipt(ComparisonRow row, ReceiptKey key) {
        indexOf(row);
        ComparisonRow ref = referenceRow();
        ReceiptBuilder b = ReceiptBuilder.forFingerprints(row.method(), row.settings(), row.seed(),
                originalDescription, originalSha256, row.modelSha256(), split)
                .key(key)
                .metrics(row.measurements())
                .verdict(row.policyVerdict())
                .verifyTime(row.verifyElapsed())
                .timings(row.startedAt(), row.elapsed(), row.optimizerSteps(), null);
        if (!row.reference()) {
            b.reference(new UnlearningReceipt.Reference(ref.method(), ref.settings(), ref.seed(),
                    ReceiptBuilder.ms(ref.elapsed()), ref.optimizerSteps(), ref.modelSha256(), false, false),
                    ref.elapsed());
        }
        return b.build();
    }

    private int indexOf(ComparisonRow row) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == row) {
                return i;
            }
        }
        throw new IllegalArgumentException("row " + row.method() + " is not a row of this result");
    }

    private int index(String method) {
        int found = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).method().equals(method)) {
                found = i;
            }
        }
        if (found < 0) {
            List<String> names = rows.stream().map(ComparisonRow::method).distinct().toList();
            throw InvalidRequestException.of("method", method, "did not run in this comparison; rows: " + names);
        }
        return found;
    }

    /** Closes every model this result holds. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = 0; i < models.size(); i++) {
            TrainableModel m = models.get(i);
            models.set(i, null);
            if (m != null) {
                try {
                    m.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
