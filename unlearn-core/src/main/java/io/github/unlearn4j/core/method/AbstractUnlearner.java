package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.train.TrainingLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements the {@link Unlearner} contract once, so that a method only says what to compute.
 * {@link #unlearn} does, in order:
 *
 * <ol>
 *   <li>check that the model fits the training and test data and has only finite weights, then
 *       {@link #validate} (method checks), all before any compute;
 *   <li>copy the input model; the input is never modified;
 *   <li>{@link #execute} on the copy;
 *   <li>check that every parameter is finite;
 *   <li>return the copy with its provenance.
 * </ol>
 *
 * On any exception the copy is closed and the exception propagates: an {@link UnlearnException}
 * as it is, anything else wrapped in a {@link BackendException} that names the method.
 */
public abstract class AbstractUnlearner implements Unlearner {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractUnlearner.class);

    private final String name;
    private final ResolvedSettings settings;

    /**
     * Creates the method.
     *
     * @param name the registered name
     * @param settings validated settings
     */
    protected AbstractUnlearner(String name, ResolvedSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ResolvedSettings settings() {
        return settings;
    }

    @Override
    public final UnlearnResult unlearn(UnlearnRequest request) {
        Objects.requireNonNull(request, "request");
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        TrainableModel input = request.model();
        DataSplit data = request.data();
        check(request);
        request.cancellation().throwIfCancelled(name + " before start");
        LOG.info("{}: forgetting {} rows, retaining {} ({} settings {})", name, data.forget().size(),
                data.retain().size(), input.description().architecture(), settings);
        TrainableModel working = input.copy();
        try {
            long steps = execute(working, request);
            TrainingLoop.requireFinite(working, name);
            ModelDescription d = working.description();
            Provenance provenance = new Provenance(
                    name,
                    settings.asStrings(),
                    request.seed(),
                    data.forget().size(),
                    data.retain().size(),
                    data.test().map(DataView::size).orElse(0),
                    d.backend(),
                    d.device(),
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - t0),
                    steps);
            LOG.info("{}: done in {} ms, {} steps", name, provenance.elapsed().toMillis(), steps);
            return new UnlearnResult(working, provenance);
        } catch (UnlearnException e) {
            working.close();
            throw e;
        } catch (RuntimeException e) {
            working.close();
            throw new BackendException(name + " failed: " + e, e);
        } catch (Error e) {
            working.close();
            throw e;
        }
    }

    /**
     * Checks that the model fits the training and test data and has only finite weights, then
     * {@link #validate} (the method's own checks); {@link #unlearn} calls it first.
     *
     * @param request the request
     * @throws io.github.unlearn4j.api.InvalidRequestException naming the field and the value
     */
    @Override
    public final void check(UnlearnRequest request) {
        Objects.requireNonNull(request, "request");
        TrainableModel input = request.model();
        DataSplit data = request.data();
        input.checkCompatible(data.train());
        data.test().ifPresent(t -> input.checkCompatible(t.source()));
        TrainingLoop.requireFiniteInput(input.parameters(), "request.model", input.description().groups());
        validate(request);
    }

    /**
     * Method-specific checks of the request, before any compute. The default checks nothing.
     *
     * @param request the request
     * @throws io.github.unlearn4j.api.InvalidRequestException naming the field and the value
     */
    protected void validate(UnlearnRequest request) {}

    /**
     * The method itself, run on a private copy of the input model.
     *
     * @param working the copy to modify
     * @param request the request (its model must not be touched)
     * @return the number of optimizer steps taken
     */
    protected abstract long execute(TrainableModel working, UnlearnRequest request);
}
