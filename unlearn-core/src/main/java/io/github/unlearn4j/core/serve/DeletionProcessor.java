package io.github.unlearn4j.core.serve;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.plan.PlanOutcome;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.UnlearningService;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers deletion requests against a {@link ServedModel}, one at a time, each on top of every
 * deletion before it.
 *
 * <p>For each request, in order, under this processor's lock:
 * <ol>
 *   <li>drop the requested rows that earlier requests already removed (a repeated request is
 *       answered without work);
 *   <li>build the split with {@link DataSplit#of(Dataset, int[], int[], Dataset)}: the retain set
 *       excludes the rows of every earlier request, so no request re-learns them;
 *   <li>run the service's escalation plan on a lease of the served model (serving goes on
 *       meanwhile; the served model is only read);
 *   <li>hand the result to the caller's {@code beforeSwap} (store the receipt there; if it throws,
 *       nothing is swapped and the rows are not marked removed);
 *   <li>if the plan returned a model, swap it in and mark the rows removed.
 * </ol>
 *
 * <p>Requests are serialized because each must start from the model that the one before produced:
 * two requests run side by side from the same model would each swap in a model that still holds the
 * other's rows. Thread-safe: call {@link #forget} from any thread; callers wait their turn.
 * Deletions are kept in memory only; a durable ledger is the application's (or a later release's)
 * job.
 */
public final class DeletionProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionProcessor.class);

    private final ServedModel served;
    private final Dataset train;
    private final Dataset test;
    private final UnlearningService service;
    private final Map<String, Settings> settings;
    private final long seed;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final BitSet removed = new BitSet();

    /**
     * Creates the processor.
     *
     * @param served the model being served; the processor swaps new versions into it
     * @param train the training set the served model was trained on
     * @param test held-out data for verification, or null
     * @param service the registries, the policy and the plan
     * @param settings per-method settings (method name to settings); methods not named use defaults
     * @param seed the seed of every plan run
     */
    public DeletionProcessor(ServedModel served, Dataset train, Dataset test, UnlearningService service,
            Map<String, Settings> settings, long seed) {
        this.served = Objects.requireNonNull(served, "served");
        this.train = Objects.requireNonNull(train, "train");
        this.test = test;
        this.service = Objects.requireNonNull(service, "service");
        this.settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        this.seed = seed;
    }

    /**
     * Honours a deletion request; waits while another request is being answered.
     *
     * @param requestId the caller's id for the request, for logs and the outcome
     * @param rowIds the training rows to forget
     * @param beforeSwap called with the plan's result before the new model is served (for example
     *     to store the receipt); if it throws, nothing is swapped and the exception propagates
     * @return what happened
     * @throws InvalidRequestException on bad ids (out of range, duplicated, leaving nothing to
     *     train on), before any compute
     */
    public DeletionOutcome forget(String requestId, int[] rowIds, Consumer<PlanResult> beforeSwap) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(rowIds, "rowIds");
        Objects.requireNonNull(beforeSwap, "beforeSwap");
        lock.lock();
        try {
            int[] fresh = Arrays.stream(rowIds).filter(id -> id < 0 || !removed.get(id)).toArray();
            int already = rowIds.length - fresh.length;
            if (fresh.length == 0 && rowIds.length > 0) {
                LOG.info("request {}: all {} rows were removed by earlier requests; nothing to do", requestId,
                        rowIds.length);
                return new DeletionOutcome(requestId, null, 0, already, served.version(), removed.cardinality());
            }
            DataSplit split = DataSplit.of(train, fresh, removed.stream().toArray(), test);
            try (ServedModel.Lease lease = served.lease(); PlanResult result =
                    service.forget(lease.model(), split, seed, settings)) {
                LOG.info("request {}: {}", requestId, result.note());
                beforeSwap.accept(result);
                if (result.model().isEmpty()) {
                    return new DeletionOutcome(requestId, result.outcome(), 0, already, served.version(),
                            removed.cardinality());
                }
                long version = served.swap(result.detachModel());
                for (int id : fresh) {
                    removed.set(id);
                }
                return new DeletionOutcome(requestId, result.outcome(), fresh.length, already, version,
                        removed.cardinality());
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the rows removed so far, sorted ascending */
    public int[] removedRows() {
        lock.lock();
        try {
            return removed.stream().toArray();
        } finally {
            lock.unlock();
        }
    }

    /** @return the served model this processor updates */
    public ServedModel served() {
        return served;
    }

    /**
     * What a request did.
     *
     * @param requestId the caller's id
     * @param outcome the plan's outcome; null when every row had been removed before and no plan ran
     * @param forgotten rows forgotten by this request (0 when the plan returned no model)
     * @param alreadyRemoved requested rows that earlier requests had removed
     * @param servedVersion the served model's version after the request
     * @param removedTotal rows removed by all requests so far
     */
    public record DeletionOutcome(String requestId, PlanOutcome outcome, int forgotten, int alreadyRemoved,
            long servedVersion, int removedTotal) {
        /** @return whether the served model no longer holds the requested rows */
        public boolean honoured() {
            return outcome == null || outcome != PlanOutcome.NOT_PASSED;
        }
    }
}
