package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A child JVM for the crash tests: opens the fixture's ledger, submits three requests, runs a round
 * and, on reaching the named phase, says so and waits to be killed. Phases: the ledger's own
 * ({@code unlearning}, {@code writing}, {@code recording}), and two inside its plan: {@code
 * training} (the first optimizer step of the unlearning method) and {@code verifying} (the first
 * verifier call on the unlearned model).
 */
public final class LedgerRoundChild {
    /** Set once the method has taken a step: verifier calls before it measure the original. */
    private static final AtomicBoolean TRAINED = new AtomicBoolean();

    private LedgerRoundChild() {}

    /**
     * @param args the ledger folder and the phase to stop in
     * @throws InterruptedException never in practice: the parent kills it
     */
    public static void main(String[] args) throws InterruptedException {
        String stopAt = args[1];
        Consumer<UnlearningPlan.Builder> hooks = b -> {
            b.optProgress(p -> {
                TRAINED.set(true);
                if (stopAt.equals("training")) {
                    stop("training");
                }
            });
            if (stopAt.equals("verifying")) {
                VerifierRegistry all = VerifierRegistry.loadDefault();
                List<ForgetVerifierProvider> blocking = new ArrayList<>();
                for (ForgetVerifierProvider p : all.providers()) {
                    blocking.add(stopOnFirstCallAfterTraining(p));
                }
                b.optVerification(VerificationSuite.builder().optRegistry(VerifierRegistry.of(blocking)));
            }
        };
        try (DeletionLedger ledger = LedgerFixture.open(Path.of(args[0]), phase -> {
            System.out.println("PHASE " + phase);
            System.out.flush();
            if (phase.equals(stopAt)) {
                stop(phase);
            }
        }, RetrainSchedule.onFailureOnly(), hooks)) {
            for (int i = 1; i <= 3; i++) {
                ledger.submit("r" + i, new int[] {10 * i, 10 * i + 1, 10 * i + 2});
                System.out.println("ACK r" + i);
            }
            System.out.flush();
            ledger.runRound();
            System.out.println("DONE");
        }
    }

    private static void stop(String phase) {
        System.out.println("PHASE " + phase);
        System.out.flush();
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ForgetVerifierProvider stopOnFirstCallAfterTraining(ForgetVerifierProvider p) {
        return new ForgetVerifierProvider() {
            @Override
            public String name() {
                return p.name();
            }

            @Override
            public String description() {
                return p.description();
            }

            @Override
            public SettingsSchema settingsSchema() {
                return p.settingsSchema();
            }

            @Override
            public ForgetVerifier create(ResolvedSettings settings) {
                ForgetVerifier v = p.create(settings);
                return new ForgetVerifier() {
                    @Override
                    public String name() {
                        return v.name();
                    }

                    @Override
                    public VerificationReport verify(VerificationRequest request) {
                        if (TRAINED.get()) {
                            stop("verifying");
                        }
                        return v.verify(request);
                    }
                };
            }
        };
    }
}
