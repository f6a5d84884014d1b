package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.receipt.Fingerprint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rounds over the ledger, and a process killed in each phase of a round. */
class DeletionLedgerTest {
    @TempDir
    Path dir;

    @Test
    void aRoundAppliesEveryPendingRequestOnceAndChainsItsReceipt() {
        try (DeletionLedger ledger = LedgerFixture.open(dir, null)) {
            ModelVersion first = ledger.served().orElseThrow();
            ledger.submit("a", new int[] {1, 2, 3});
            ledger.submit("b", new int[] {3, 4});
            assertThatThrownBy(() -> ledger.submit("c", new int[] {LedgerFixture.ROWS}))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("rows = " + LedgerFixture.ROWS);
            LedgerEntry e = ledger.runRound().orElseThrow();
            assertThat(e.requestIds()).containsExactly("a", "b");
            assertThat(e.versionBefore()).isEqualTo(first.id());
            assertThat(e.receipt()).contains("\"method\"");
            assertThat(ledger.store().pending()).isEmpty();
            assertThat(ledger.removedRows()).containsExactly(1, 2, 3, 4);
            assertThat(ledger.retained().size()).isEqualTo(LedgerFixture.ROWS - 4);
            assertThat(ledger.runRound()).isEmpty();
            ledger.submit("d", new int[] {4});
            LedgerEntry repeat = ledger.runRound().orElseThrow();
            assertThat(repeat.versionAfter()).as("row 4 was already removed: same model").isEqualTo(e.versionAfter());
            try (TrainableModel served = ledger.loadServed()) {
                assertThat(Fingerprint.parameters(served)).isEqualTo(ledger.served().orElseThrow().fingerprint());
            }
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    @Test
    void roundsOfTwoLedgersInOneProcessNeverOverlap() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inRound = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Consumer<String> phases = p -> {
            if (p.equals("unlearning")) {
                most.accumulateAndGet(inRound.incrementAndGet(), Math::max);
            } else if (p.equals("recording")) {
                inRound.decrementAndGet();
            }
        };
        try (DeletionLedger one = LedgerFixture.open(dir.resolve("one"), phases);
                DeletionLedger two = LedgerFixture.open(dir.resolve("two"), phases)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                DeletionLedger ledger = t % 2 == 0 ? one : two;
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        ledger.submit("t" + thread + "-" + i, new int[] {20 * thread + i});
                        ledger.runRound();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(most.get()).as("rounds in progress at once").isEqualTo(1);
            assertThat(one.store().pending()).isEmpty();
            assertThat(two.store().pending()).isEmpty();
            assertThat(one.store().requests()).hasSize(6);
            assertThat(one.verify().intact()).isTrue();
            assertThat(two.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unlearning", "training", "verifying", "writing", "recording"})
    void aProcessKilledInAnyPhaseRestartsConsistentAndAppliesEachRequestOnce(String phase) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LedgerRoundChild.class.getName(), dir.toString(), phase)
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        boolean reached = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.equals("PHASE " + phase)) {
                    reached = true;
                    break;
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(reached).as(String.join("\n", output)).isTrue();
        assertThat(output).contains("ACK r1", "ACK r2", "ACK r3");
        try (DeletionLedger ledger = LedgerFixture.open(dir, null)) {
            // every acknowledged request is there, none applied; the served model is the complete original
            assertThat(ledger.store().pending()).extracting(DeletionRequest::id).containsExactly("r1", "r2", "r3");
            assertThat(ledger.store().entries()).isEmpty();
            ModelVersion served = ledger.served().orElseThrow();
            assertThat(served.id()).isEqualTo(1);
            try (TrainableModel m = ledger.loadServed()) {
                assertThat(Fingerprint.parameters(m)).isEqualTo(served.fingerprint());
            }
            assertThat(ledger.verify().intact()).isTrue();
            // the next round applies them, once
            Optional<LedgerEntry> e = ledger.runRound();
            assertThat(e).isPresent();
            assertThat(e.get().requestIds()).containsExactly("r1", "r2", "r3");
            assertThat(ledger.store().requests()).allMatch(r -> r.state() == RequestState.APPLIED);
            assertThat(ledger.runRound()).isEmpty();
            assertThat(ledger.verify().intact()).isTrue();
            assertThat(ledger.store().entries()).hasSize(1);
            // what the killed round left (a version record, a model file) is pruned; nothing served is
            ledger.prune();
            assertThat(ledger.store().orphanVersions()).isEmpty();
            assertThat(modelFiles()).containsExactlyInAnyOrderElementsOf(ledger.store().versions().stream()
                    .map(v -> Path.of(v.location()).toAbsolutePath().normalize()).toList());
            assertThat(ledger.verify().intact()).isTrue();
        }
    }

    private List<Path> modelFiles() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("models"))) {
            return files.map(f -> f.toAbsolutePath().normalize()).toList();
        }
    }

    @Test
    void pruneRemovesAnOrphanedVersionAndItsFileAndStrayFilesButNothingTheChainNames() throws Exception {
        try (DeletionLedger ledger = LedgerFixture.open(dir, null)) {
            ledger.submit("a", new int[] {1, 2});
            ledger.runRound().orElseThrow();
            ModelVersion served = ledger.served().orElseThrow();
            // a round killed between addVersion and append: a copy of the served file under another name
            Path orphanFile = dir.resolve("models").resolve("killed-round" + io.github.unlearn4j.core.checkpoint
                    .Checkpoints.EXTENSION);
            java.nio.file.Files.copy(Path.of(served.location()), orphanFile);
            ModelVersion orphan = ledger.store().addVersion(served.fingerprint(), served.id(), orphanFile.toString());
            // a round killed before addVersion, and in the middle of a write
            Path stray = java.nio.file.Files.writeString(dir.resolve("models").resolve("stray.ckpt"), "x");
            Path tmp = java.nio.file.Files.writeString(dir.resolve("models").resolve(".stray.ckpt123.tmp"), "x");
            Path notOurs = java.nio.file.Files.writeString(dir.resolve("models").resolve("README.txt"), "kept");
            assertThat(ledger.store().orphanVersions()).containsExactly(orphan);
            assertThat(ledger.verify().intact()).as("verify ignores orphans").isTrue();

            DeletionLedger.Pruned pruned = ledger.prune();
            assertThat(pruned.versions()).containsExactly(orphan);
            assertThat(pruned.files()).containsExactlyInAnyOrder(orphanFile.toAbsolutePath().normalize(),
                    stray.toAbsolutePath().normalize(), tmp.toAbsolutePath().normalize());
            assertThat(orphanFile).doesNotExist();
            assertThat(notOurs).exists();
            assertThat(ledger.store().versions()).hasSize(2);
            for (ModelVersion v : ledger.store().versions()) {
                assertThat(Path.of(v.location())).exists();
            }
            assertThat(ledger.verify().intact()).isTrue();
            assertThat(ledger.prune().versions()).isEmpty();
            ledger.submit("b", new int[] {3});
            assertThat(ledger.runRound()).isPresent();
            assertThat(ledger.verify().intact()).isTrue();
        }
    }
}
