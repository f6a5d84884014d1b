package io.github.unlearn4j.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExamplesTest {

    @Test
    void theDeletionRequestAppStoresAReceiptAndSwapsTheModel(@TempDir Path dir) throws Exception {
        DeletionRequestApp.main(new String[] {dir.toString()});
        Path receipt = dir.resolve("receipt-user-1234.json");
        assertThat(receipt).exists();
        JsonNode json = new ObjectMapper().readTree(receipt.toFile());
        assertThat(json.get("forgetSet").get("size").asInt()).isEqualTo(40);
        assertThat(json.get("forgetSet").get("commitment").asText()).hasSize(64);
        assertThat(json.get("mac").asText()).hasSize(64);
        assertThat(json.get("plan").get("attempts").size()).isGreaterThanOrEqualTo(1);
        assertThat(json.get("model").get("before").asText()).isNotEqualTo(json.get("model").get("after").asText());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void theGuiceExampleRunsWithTheApplicationsPolicy() {
        assertThat(GuiceExample.run(new String[0]).policy().name()).isEqualTo("lenient");
    }
}
