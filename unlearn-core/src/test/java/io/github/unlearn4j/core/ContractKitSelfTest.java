package io.github.unlearn4j.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.testkit.ContractFixture;
import io.github.unlearn4j.core.testkit.UnlearnerChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The kit itself: a hand-written method passes every check, and each way of breaking the contract
 * fails the check that is meant to catch it.
 */
class ContractKitSelfTest {
    /** The ways {@link HandWritten} can break the contract. */
    enum Bug {
        NONE, UPPER_CASE_NAME, TOUCHES_INPUT, ZEROES_INPUT_GRADIENT, UNSEEDED, IGNORES_CANCELLATION, NO_PROGRESS,
        PROGRESS_BACKWARDS, COMPUTES_BEFORE_VALIDATING, WRONG_PROVENANCE_SEED, SHARES_INPUT_STORAGE
    }

    private static final Setting<Integer> STEPS = Setting.integer("steps", 3, 1, 100, "SGD steps on the retain set");
    private static final Setting<Double> RATE = Setting.real("learningRate", 0.1, 1e-6, 1, "SGD learning rate");

    /** A small method written against the api alone (no AbstractUnlearner), with one optional bug. */
    record HandWritten(Bug bug) implements UnlearnerProvider {
        @Override
        public String name() {
            return bug == Bug.UPPER_CASE_NAME ? "Hand-Written" : "hand-written";
        }

        @Override
        public String description() {
            return "a few SGD steps on the retain set, written by hand";
        }

        @Override
        public SettingsSchema settingsSchema() {
            return SettingsSchema.of(name(), List.of(STEPS, RATE));
        }

        @Override
        public Unlearner create(ResolvedSettings settings) {
            return new Unlearner() {
                @Override
                public String name() {
                    return HandWritten.this.name();
                }

                @Override
                public ResolvedSettings settings() {
                    return settings;
                }

                @Override
                public UnlearnResult unlearn(UnlearnRequest request) {
                    java.util.Objects.requireNonNull(request, "request");
                    Instant start = Instant.now();
                    TrainableModel input = request.model();
                    DataSplit data = request.data();
                    if (bug == Bug.COMPUTES_BEFORE_VALIDATING) {
                        input.copy().close();
                    }
                    input.checkCompatible(data.train());
                    if (bug != Bug.IGNORES_CANCELLATION) {
                        request.cancellation().throwIfCancelled(name());
                    }
                    TrainableModel working = bug == Bug.SHARES_INPUT_STORAGE ? new Shared(input) : input.copy();
                    if (bug == Bug.TOUCHES_INPUT) {
                        float[] p = input.parameters();
                        p[0] += 1;
                        input.setParameters(p);
                    }
                    if (bug == Bug.ZEROES_INPUT_GRADIENT) {
                        input.zeroGradients();
                    }
                    int steps = settings.get(STEPS);
                    SplittableRandom random = new SplittableRandom(bug == Bug.UNSEEDED ? System.nanoTime() : request.seed());
                    int[] retain = data.retain().rows();
                    try (ParameterUpdater sgd = working.newUpdater(new SgdConfig(0, 0),
                            ParameterMask.all(working.description().parameterCount()))) {
                        for (int s = 0; s < steps; s++) {
                            if (bug != Bug.IGNORES_CANCELLATION) {
                                request.cancellation().throwIfCancelled(name() + " step " + s);
                            }
                            int[] rows = new int[8];
                            for (int i = 0; i < rows.length; i++) {
                                rows[i] = retain[random.nextInt(retain.length)];
                            }
                            working.zeroGradients();
                            double loss = working.accumulateGradient(Batch.of(data.train(), rows), LossTerm.TASK, 1);
                            sgd.step(settings.get(RATE), 0);
                            if (bug != Bug.NO_PROGRESS) {
                                long done = bug == Bug.PROGRESS_BACKWARDS ? steps - s : s + 1;
                                request.progress().onProgress(new Progress(name(), done, steps, loss));
                            }
                        }
                    }
                    long seed = bug == Bug.WRONG_PROVENANCE_SEED ? 42 : request.seed();
                    return new UnlearnResult(working, new Provenance(name(), settings.asStrings(), seed,
                            data.forget().size(), data.retain().size(), data.test().get().size(),
                            working.description().backend(), working.description().device(), start,
                            Duration.between(start, Instant.now()), steps));
                }
            };
        }
    }

    /** A "copy" that shares the input's storage: writes go through to it. */
    static final class Shared extends TrackingModel {
        Shared(TrainableModel input) {
            super(input, new java.util.concurrent.atomic.AtomicInteger());
        }

        @Override
        public void close() {}
    }

    private static UnlearnerChecks kit(Bug bug) {
        return new UnlearnerChecks(new HandWritten(bug), Settings.of(Map.of("steps", 3)), ContractFixture.reference());
    }

    private static void fails(Bug bug, Consumer<UnlearnerChecks> check, String messagePart) {
        assertThatThrownBy(() -> check.accept(kit(bug))).as(bug.name())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void aCorrectHandWrittenMethodPassesEveryCheck() {
        kit(Bug.NONE).all().forEach((name, check) -> assertThatCode(check::execute).as(name).doesNotThrowAnyException());
    }

    @Test
    void eachBrokenContractFailsItsCheck() {
        fails(Bug.UPPER_CASE_NAME, UnlearnerChecks::nameAndDescription, "lower case");
        fails(Bug.TOUCHES_INPUT, UnlearnerChecks::inputModelIsLeftUntouched, "parameters changed");
        fails(Bug.ZEROES_INPUT_GRADIENT, UnlearnerChecks::inputModelIsLeftUntouched, "gradient buffer changed");
        fails(Bug.SHARES_INPUT_STORAGE, UnlearnerChecks::inputModelIsLeftUntouched, "input model");
        fails(Bug.UNSEEDED, UnlearnerChecks::sameSeedGivesTheSameModel, "differ at parameter");
        fails(Bug.IGNORES_CANCELLATION, UnlearnerChecks::cancelledBeforeStart, "UnlearningCancelledException");
        fails(Bug.IGNORES_CANCELLATION, UnlearnerChecks::cancelledFromTheProgressListener,
                "UnlearningCancelledException");
        fails(Bug.NO_PROGRESS, UnlearnerChecks::progressIsReported, "reported no progress");
        fails(Bug.PROGRESS_BACKWARDS, UnlearnerChecks::progressIsReported, "went backwards");
        fails(Bug.COMPUTES_BEFORE_VALIDATING, UnlearnerChecks::mismatchedModelIsRejectedBeforeAnyCompute, "copy()");
        fails(Bug.WRONG_PROVENANCE_SEED, UnlearnerChecks::resultCarriesItsProvenance, "provenance.seed");
    }

    @Test
    void theMidRunCancellationCheckIsSkippedForASingleStepRun() {
        UnlearnerChecks oneStep = new UnlearnerChecks(new HandWritten(Bug.NONE), Settings.of(Map.of("steps", 1)),
                ContractFixture.reference());
        assertThatThrownBy(oneStep::cancelledFromTheProgressListener).isInstanceOf(TestAbortedException.class);
    }
}
