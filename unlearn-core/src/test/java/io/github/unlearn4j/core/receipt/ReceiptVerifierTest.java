package io.github.unlearn4j.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.receipt.ReceiptVerification.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptVerifierTest {
    private static final int[] FORGET_IDS = {4, 9, 16, 25, 36};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ReceiptFixture.Run run;
    private static String json;

    @TempDir
    Path dir;

    private final ReceiptKey key = ReceiptFixture.fixedKey();
    private final ReceiptVerifier verifier = new ReceiptVerifier(key);

    @BeforeAll
    static void makeReceipt() {
        run = ReceiptFixture.run(60, FORGET_IDS, ReceiptFixture.fixedKey(), 1);
        json = ReceiptWriter.toJson(run.receipt());
    }

    private static List<Status> statuses(ReceiptVerification v) {
        return v.checks().stream().map(ReceiptVerification.Check::status).toList();
    }

    @Test
    void aReceiptAsIssuedPassesEveryCheckFromItsFile() throws Exception {
        Path file = dir.resolve("r.json");
        ReceiptWriter.write(run.receipt(), file);
        ReceiptVerification v = verifier.verifyFile(file, run.before(), run.after(), new int[] {36, 25, 16, 9, 4});
        assertThat(v.passed()).as(v.text()).isTrue();
        assertThat(v.checks()).extracting(ReceiptVerification.Check::name)
                .containsExactlyElementsOf(ReceiptVerification.CHECK_NAMES);
        assertThat(statuses(v)).containsOnly(Status.PASS);
        assertThat(v.check("mac").text()).isEqualTo("[PASS] mac: HMAC-SHA256 under key 15998d3046db9c1e matches the"
                + " content: the receipt is unchanged since it was sealed");
        assertThat(v.check("before").detail()).contains(Fingerprint.parameters(run.before()));
        // indentation does not matter; the MAC is over the canonical form
        String compact = JSON.writeValueAsString(JSON.readTree(json));
        assertThat(verifier.verify(compact).passed()).isTrue();
        assertThat(ReceiptMac.digest(compact)).isEqualTo(ReceiptMac.digest(json))
                .isEqualTo(ReceiptMac.digest(run.receipt()));
        // without models or ids, those checks are skipped, not failed
        ReceiptVerification macOnly = verifier.verify(json);
        assertThat(macOnly.passed()).isTrue();
        assertThat(statuses(macOnly)).containsExactly(Status.PASS, Status.PASS, Status.SKIPPED, Status.SKIPPED,
                Status.SKIPPED);
    }

    @Test
    void changingOneMetricValueIsDetectedByTheMac() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        ObjectNode ua = (ObjectNode) tree.withArray("metrics").get(0);
        assertThat(ua.get("name").asText()).isEqualTo("UA");
        ua.put("value", ua.get("value").asDouble() + 0.5);
        String edited = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        ReceiptVerification v = verifier.verify(edited, run.before(), run.after(), FORGET_IDS);
        assertThat(v.passed()).isFalse();
        assertThat(v.failures()).extracting(ReceiptVerification.Check::name).containsExactly("mac");
        assertThat(v.check("mac").detail()).contains("does not match the content")
                .contains("edited after it was sealed");
        assertThat(ReceiptMac.digest(edited)).isNotEqualTo(ReceiptMac.digest(json));
    }

    @Test
    void everyKindOfEditFailsTheMac() throws Exception {
        // an added member (a newer version's, or a forged one) is covered too
        ObjectNode added = (ObjectNode) JSON.readTree(json);
        added.put("approvedBy", "someone");
        // the seal itself
        ObjectNode resealed = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) resealed.get("seal")).put("keyId", "0000000000000000");
        // the mac removed
        ObjectNode stripped = (ObjectNode) JSON.readTree(json);
        stripped.remove("mac");
        // a verdict flipped
        ObjectNode flipped = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) flipped.get("verdict")).put("verdict", "PASS".equals(flipped.at("/verdict/verdict").asText())
                ? "FAIL" : "PASS");
        for (ObjectNode tree : List.of(added, resealed, stripped, flipped)) {
            ReceiptVerification v = verifier.verify(JSON.writeValueAsString(tree));
            assertThat(v.check("mac").status()).as(v.text()).isEqualTo(Status.FAIL);
        }
        assertThat(verifier.verify(JSON.writeValueAsString(stripped)).check("mac").detail())
                .contains("no mac").contains("without a receipt key");
        assertThat(verifier.verify(JSON.writeValueAsString(resealed)).check("mac").detail())
                .contains("sealed under key id 0000000000000000, the given key has id 15998d3046db9c1e");
        // a repeated member, where a lenient reader would take the last one, is rejected outright
        String duplicated = json.replaceFirst("\\{", "{\n  \"schema\" : \"x\",");
        assertThatThrownBy(() -> verifier.verify(duplicated)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("receipt = JSON: is not valid JSON: Duplicate field 'schema'");
    }

    @Test
    void theWrongKeyFailsNamingBothKeyIds() {
        ReceiptKey other = ReceiptKey.generate();
        ReceiptVerification v = new ReceiptVerifier(other).verify(json, run.before(), run.after(), FORGET_IDS);
        assertThat(v.passed()).isFalse();
        assertThat(v.failures()).extracting(ReceiptVerification.Check::name).containsExactly("mac", "forgetSet");
        assertThat(v.check("mac").detail()).contains(key.id()).contains(other.id()).contains("wrong key file");
        // the fingerprints need no key
        assertThat(v.check("before").status()).isEqualTo(Status.PASS);
    }

    @Test
    void aDifferentModelFileFailsItsFingerprintCheck() {
        ReceiptVerification swapped = verifier.verify(json, run.after(), run.reference(), null);
        assertThat(swapped.failures()).extracting(ReceiptVerification.Check::name).containsExactly("before", "after");
        assertThat(swapped.check("after").detail()).contains(Fingerprint.parameters(run.reference()))
                .contains("model.after = " + Fingerprint.parameters(run.after())).endsWith("a different model");
        float[] nudged = run.after().clone();
        nudged[3] = Math.nextUp(nudged[3]);
        assertThat(verifier.verify(json, run.before(), nudged, null).check("after").status()).isEqualTo(Status.FAIL);
        ReceiptVerification shorter = verifier.verify(json, new float[] {1f, 2f}, run.after(), null);
        assertThat(shorter.check("before").detail()).contains("the receipt's model has " + run.before().length
                + " parameters, the given one 2");
        assertThat(shorter.check("after").status()).isEqualTo(Status.PASS);
    }

    @Test
    void theForgetSetCheckAcceptsExactlyTheCommittedRows() {
        assertThat(verifier.verify(json, null, null, new int[] {4, 9, 16, 25}).check("forgetSet").status())
                .isEqualTo(Status.FAIL);
        assertThat(verifier.verify(json, null, null, new int[] {4, 9, 16, 25, 37}).check("forgetSet").detail())
                .contains("is not for the given 5 ids");
        assertThat(ForgetSetCommitment.matches(run.receipt(), key, FORGET_IDS)).isTrue();
    }

    @Test
    void anUnsealedReceiptCannotPass() {
        ReceiptFixture.Run unsealed = ReceiptFixture.run(60, FORGET_IDS, null, 1);
        ReceiptVerification v = verifier.verify(ReceiptWriter.toJson(unsealed.receipt()), unsealed.before(),
                unsealed.after(), FORGET_IDS);
        assertThat(v.passed()).isFalse();
        assertThat(v.failures()).extracting(ReceiptVerification.Check::name).containsExactly("mac", "forgetSet");
        assertThat(v.check("forgetSet").detail()).contains("made without a receipt key");
    }

    @Test
    void badInputFailsNamingTheReceiptAndWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> verifier.verify("{\"schema\": \"unlearn4j-receipt/2\", "))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("receipt = JSON: is not valid JSON");
        assertThatThrownBy(() -> verifier.verify("[1, 2]")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is not a JSON object");
        assertThatThrownBy(() -> verifier.verify(json + " {}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is not valid JSON");
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> verifier.verifyFile(missing, null, null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessage("receipt = " + missing + ": does not exist");
        Path broken = Files.writeString(dir.resolve("broken.json"), "not json");
        assertThatThrownBy(() -> verifier.verifyFile(broken, null, null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("receipt = " + broken
                        + ": is not valid JSON");
        // an old receipt: wrong schema, no mac
        ReceiptVerification old = verifier.verify("{\"schema\": \"unlearn4j-receipt/1\", \"forgetSet\": {}}");
        assertThat(old.failures()).extracting(ReceiptVerification.Check::name).containsExactly("schema", "mac");
        assertThat(old.check("schema").detail()).contains("\"unlearn4j-receipt/1\"");
    }
}
