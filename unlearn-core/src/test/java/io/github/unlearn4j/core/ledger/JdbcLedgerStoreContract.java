package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link JdbcLedgerStore} promises on any database, run by one subclass per database (H2,
 * PostgreSQL): idempotent submits, no request lost or duplicated by threads or by two stores on one
 * database, a chain that stays a chain when two stores append at once, tamper-evident.
 */
abstract class JdbcLedgerStoreContract {
    @TempDir
    Path dir;

    /** @return a new store (a new connection) on this test's database, the same one on every call */
    abstract JdbcLedgerStore open();

    /** @return a plain connection to this test's database, autocommit, to edit rows behind the store's back */
    abstract Connection connect() throws SQLException;

    @Test
    void submitIsIdempotentOnTheIdAndRefusesBadInputNamingTheField() {
        try (JdbcLedgerStore store = open()) {
            SubmitResult first = store.submit("req-1", new int[] {7, 3, 3});
            assertThat(first.duplicate()).isFalse();
            assertThat(first.request().rows()).containsExactly(3, 7);
            assertThat(first.request().state()).isEqualTo(RequestState.PENDING);
            SubmitResult again = store.submit("req-1", new int[] {3, 7});
            assertThat(again.duplicate()).isTrue();
            assertThat(again.request()).isEqualTo(first.request());
            assertThatThrownBy(() -> store.submit("req-1", new int[] {4})).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("requestId").hasMessageContaining("other rows");
            assertThatThrownBy(() -> store.submit("", new int[] {1})).hasMessageContaining("requestId");
            assertThatThrownBy(() -> store.submit("x", new int[0])).hasMessageContaining("rows");
            assertThatThrownBy(() -> store.submit("x", new int[] {-2})).hasMessageContaining("rows = -2");
            assertThat(store.requests()).hasSize(1);
        }
        try (JdbcLedgerStore reopened = open()) {
            assertThat(reopened.find("req-1")).isPresent();
            assertThat(reopened.pending()).extracting(DeletionRequest::id).containsExactly("req-1");
        }
    }

    @Test
    void eightThreadsSubmittingAThousandRequestsLoseAndDuplicateNothing() throws Exception {
        int threads = 8;
        int perThread = 125;
        try (JdbcLedgerStore store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<SubmitResult> results = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        results.add(store.submit("t" + thread + "-" + i, new int[] {thread * 1000 + i}));
                        // every thread also repeats another thread's id: a client retrying a request
                        int other = (thread + 1) % threads;
                        results.add(store.submit("t" + other + "-" + i, new int[] {other * 1000 + i}));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<DeletionRequest> all = store.requests();
            assertThat(all).hasSize(threads * perThread);
            assertThat(all.stream().map(DeletionRequest::id).distinct().count()).isEqualTo(threads * perThread);
            assertThat(all.stream().mapToLong(DeletionRequest::sequence).distinct().count()).isEqualTo(threads * perThread);
            assertThat(results.stream().filter(r -> !r.duplicate()).count()).as("each id committed once")
                    .isEqualTo(threads * perThread);
            assertThat(results.stream().filter(SubmitResult::duplicate).count()).isEqualTo(threads * perThread);
            for (DeletionRequest r : all) {
                String[] parts = r.id().substring(1).split("-");
                assertThat(r.rows()).containsExactly(Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]));
            }
        }
    }

    @Test
    void twoStoresOnOneDatabaseSubmittingTheSameIdsCommitEachOnce() throws Exception {
        // two connections, as two processes would have: each id races between them
        int ids = 300;
        try (JdbcLedgerStore a = open(); JdbcLedgerStore b = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<SubmitResult> results = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcLedgerStore store = t % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ids; i++) {
                        results.add(store.submit("shared-" + i, new int[] {i}));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(a.requests()).hasSize(ids);
            assertThat(results.stream().filter(r -> !r.duplicate()).count()).as("each id committed once").isEqualTo(ids);
            assertThat(results.stream().filter(r -> !r.duplicate()).map(r -> r.request().id()).distinct().count())
                    .isEqualTo(ids);
        }
    }

    @Test
    void eightStoresOpeningAnEmptyDatabaseAtOnceAllGetTheSameTables() throws Exception {
        // five rounds, each on an empty database (the tables dropped), as eight processes starting at once
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS ledger_request");
                    s.execute("DROP TABLE IF EXISTS ledger_version");
                    s.execute("DROP TABLE IF EXISTS ledger_entry");
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<JdbcLedgerStore>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return open();
                    }));
                }
                start.countDown();
                List<JdbcLedgerStore> stores = new ArrayList<>();
                try {
                    List<String> ids = new ArrayList<>();
                    for (Future<JdbcLedgerStore> f : futures) {
                        stores.add(f.get(120, TimeUnit.SECONDS));
                    }
                    for (int t = 0; t < threads; t++) {
                        stores.get(t).submit("open-" + t, new int[] {t});
                        ids.add("open-" + t);
                    }
                    assertThat(stores.get(0).requests()).as("round %d", round).extracting(DeletionRequest::id)
                            .containsExactlyElementsOf(ids);
                } finally {
                    stores.forEach(JdbcLedgerStore::close);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void twoStoresAppendingTheSameRequestsAtOnceApplyEachOnceInOneUnbrokenChain() throws Exception {
        // as two processes running rounds on one database would: 8 threads on two connections all
        // try to apply every request; each is applied once, and the indices and links stay a chain
        int requests = 120;
        Path m0 = Files.writeString(dir.resolve("m0.bin"), "parameters 0");
        try (JdbcLedgerStore a = open(); JdbcLedgerStore b = open()) {
            for (int i = 0; i < requests; i++) {
                a.submit("r-" + i, new int[] {i});
            }
            ModelVersion v0 = a.addVersion(sha256(m0), null, m0.toString());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<LedgerEntry> appended = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcLedgerStore store = t % 2 == 0 ? a : b;
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < requests; i++) {
                        try {
                            appended.add(store.append(List.of("r-" + i), v0.id(), v0.id(), "{\"thread\":" + thread + "}"));
                        } catch (InvalidRequestException e) {
                            assertThat(e).hasMessageContaining("already applied");
                            refused.add("r-" + i);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(appended).as("each request applied once").hasSize(requests);
            assertThat(appended.stream().map(e -> e.requestIds().get(0)).distinct().count()).isEqualTo(requests);
            assertThat(refused).hasSize(7 * requests);
            List<LedgerEntry> chain = b.entries();
            assertThat(chain).extracting(LedgerEntry::index)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, requests).boxed().toList());
            assertThat(a.pending()).isEmpty();
            ChainCheck check = a.verify(JdbcLedgerStoreContract::fingerprintOf);
            assertThat(check.intact()).as(check.problem()).isTrue();
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fingerprintOf(ModelVersion v) {
        try {
            return sha256(Path.of(v.location()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theChainNamesTheFirstEntryWhoseReceiptOrModelWasEdited() throws Exception {
        Path m0 = Files.writeString(dir.resolve("m0.bin"), "parameters 0");
        Path m1 = Files.writeString(dir.resolve("m1.bin"), "parameters 1");
        Path m2 = Files.writeString(dir.resolve("m2.bin"), "parameters 2");
        try (JdbcLedgerStore store = open()) {
            store.submit("a", new int[] {1});
            store.submit("b", new int[] {2});
            store.submit("c", new int[] {3});
            ModelVersion v0 = store.addVersion(sha256(m0), null, m0.toString());
            ModelVersion v1 = store.addVersion(sha256(m1), v0.id(), m1.toString());
            LedgerEntry e1 = store.append(List.of("a", "b"), v0.id(), v1.id(), "{\"round\":1}");
            ModelVersion v2 = store.addVersion(sha256(m2), v1.id(), m2.toString());
            LedgerEntry e2 = store.append(List.of("c"), v1.id(), v2.id(), "{\"round\":2}");
            assertThat(e1.previousHash()).isEqualTo(LedgerEntry.GENESIS);
            assertThat(e2.previousHash()).isEqualTo(e1.hash());
            assertThat(store.pending()).isEmpty();
            assertThat(store.servedVersion()).contains(v2);
            assertThat(store.verify(JdbcLedgerStoreContract::fingerprintOf).intact()).isTrue();

            // applied once: a second append of the same request writes nothing
            assertThatThrownBy(() -> store.append(List.of("c"), v2.id(), v2.id(), "{}"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already applied");
            assertThatThrownBy(() -> store.append(List.of("zz"), v2.id(), v2.id(), "{}"))
                    .hasMessageContaining("requestIds = zz");
            assertThat(store.entries()).hasSize(2);
        }
        // an edited receipt
        try (Connection c = connect();
                PreparedStatement p = c.prepareStatement("UPDATE ledger_entry SET receipt = ? WHERE idx = 2")) {
            p.setString(1, "{\"round\":2,\"verdict\":\"PASS\"}");
            p.executeUpdate();
        }
        try (JdbcLedgerStore store = open()) {
            ChainCheck check = store.verify(JdbcLedgerStoreContract::fingerprintOf);
            assertThat(check.intact()).isFalse();
            assertThat(check.firstBadEntry()).isEqualTo(2);
            assertThat(check.problem()).contains("entry 2", "edited");
        }
        try (Connection c = connect();
                PreparedStatement p = c.prepareStatement("UPDATE ledger_entry SET receipt = ? WHERE idx = 2")) {
            p.setString(1, "{\"round\":2}");
            p.executeUpdate();
        }
        // an edited model file: the first entry that names it
        Files.writeString(m1, "parameters 1, retouched");
        try (JdbcLedgerStore store = open()) {
            ChainCheck check = store.verify(JdbcLedgerStoreContract::fingerprintOf);
            assertThat(check.intact()).isFalse();
            assertThat(check.firstBadEntry()).isEqualTo(1);
            assertThat(check.problem()).contains("model version 2", m1.toString());
        }
    }

    @Test
    void aVersionThatNoEntryNamesIsAnOrphanUnlessItIsTheFirstOrServedAndRemovingItKeepsTheChain() throws Exception {
        Path m0 = Files.writeString(dir.resolve("m0.bin"), "parameters 0");
        Path m1 = Files.writeString(dir.resolve("m1.bin"), "parameters 1");
        Path m2 = Files.writeString(dir.resolve("m2.bin"), "parameters 2");
        try (JdbcLedgerStore store = open()) {
            ModelVersion v0 = store.addVersion(sha256(m0), null, m0.toString());
            assertThat(store.orphanVersions()).as("the original, served until the first round").isEmpty();
            // a round killed after addVersion, before append
            ModelVersion killed = store.addVersion(sha256(m1), v0.id(), m1.toString());
            assertThat(store.orphanVersions()).containsExactly(killed);
            store.submit("a", new int[] {1});
            ModelVersion v1 = store.addVersion(sha256(m1), v0.id(), m1.toString());
            store.append(List.of("a"), v0.id(), v1.id(), "{}");
            ModelVersion killedAgain = store.addVersion(sha256(m2), v1.id(), m2.toString());
            assertThat(store.orphanVersions()).containsExactly(killed, killedAgain);
            assertThat(store.versions()).containsExactly(v0, killed, v1, killedAgain);

            assertThat(store.removeOrphanVersions()).containsExactly(killed, killedAgain);
            assertThat(store.orphanVersions()).isEmpty();
            assertThat(store.versions()).containsExactly(v0, v1);
            assertThat(store.servedVersion()).contains(v1);
            assertThat(store.verify(JdbcLedgerStoreContract::fingerprintOf).intact()).isTrue();
            assertThat(store.removeOrphanVersions()).isEmpty();
            // ids are not reused: the next version is not mistaken for a removed one
            assertThat(store.addVersion(sha256(m2), v1.id(), m2.toString()).id()).isGreaterThan(killedAgain.id());
        }
    }

    @Test
    void aFailedAppendLeavesItsRequestsPending() {
        try (JdbcLedgerStore store = open()) {
            store.submit("a", new int[] {1});
            assertThatThrownBy(() -> store.append(List.of("a"), null, 99, "{}")).hasMessageContaining("versionAfter = 99");
            assertThat(store.pending()).extracting(DeletionRequest::id).containsExactly("a");
            assertThat(store.entries()).isEmpty();
            assertThatThrownBy(() -> store.addVersion("xyz", null, "m")).hasMessageContaining("fingerprint");
        }
        JdbcLedgerStore closed = open();
        closed.close();
        assertThatThrownBy(() -> closed.pending()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
