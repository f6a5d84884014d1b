package io.github.unlearn4j.core.checkpoint;

import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.DATA;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.OTHER_DATA;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.RECIPE;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.key;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.oldParameterFile;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    private CheckpointStore store() {
        return new CheckpointStore(dir.resolve("models"));
    }

    private static Checkpoint saved(CheckpointKey key, float[] weights, double seconds) {
        return Checkpoint.of(key, LinearRegressionModel.withWeights(weights), seconds, Map.of());
    }

    @Test
    void savesAndLoadsWithTheTrainingTimeAndMissesWhenThereIsNone() {
        CheckpointStore store = store();
        CheckpointKey key = key(2, 1);
        assertThat(store.find(key)).isEmpty();
        assertThat(store.loadInto(key, new LinearRegressionModel(2))).isEmpty();
        Path file = store.save(saved(key, new float[] {1, 2}, 3.5));
        assertThat(file).isEqualTo(dir.resolve("models").resolve(key.fileName()));
        LinearRegressionModel model = new LinearRegressionModel(2);
        Optional<CheckpointHeader> loaded = store.loadInto(key, model);
        assertThat(loaded).isPresent();
        assertThat(loaded.get().trainingSeconds()).isEqualTo(3.5);
        assertThat(loaded.get().key()).isEqualTo(key);
        assertThat(model.parameters()).containsExactly(1, 2);
        assertThat(store.find(key).orElseThrow().parameters()).containsExactly(1, 2);
    }

    @Test
    void aKeyHasOneFileNamedByItsHashAndEveryFieldChangesIt() {
        CheckpointKey key = key(2, 1);
        assertThat(key.fileName()).matches("original-[0-9a-f]{16}\\.ckpt").isEqualTo(key(2, 1).fileName());
        assertThat(key.hash()).hasSize(64).startsWith(key.fileName().substring(9, 25));
        List<CheckpointKey> others = List.of(key(2, 2), key(3, 1),
                new CheckpointKey("retrain", key.architecture(), 2, DATA, RECIPE, 1),
                new CheckpointKey("original", "linear(2->1) ", 2, DATA, RECIPE, 1),
                new CheckpointKey("original", key.architecture(), 3, DATA, RECIPE, 1),
                new CheckpointKey("original", key.architecture(), 2, OTHER_DATA, RECIPE, 1),
                new CheckpointKey("original", key.architecture(), 2, DATA, RECIPE + " ", 1));
        assertThat(others.stream().map(CheckpointKey::fileName)).doesNotHaveDuplicates().doesNotContain(key.fileName());
    }

    @Test
    void aCheckpointOfAnotherProvenanceIsNeverLoadedAndTheNextSaveReplacesIt() {
        CheckpointStore store = store();
        CheckpointKey expected = key(2, 1);
        List<CheckpointKey> others = List.of(key(2, 2), key(3, 1),
                new CheckpointKey("original", "linear(2->1) of another kind", 2, DATA, RECIPE, 1),
                new CheckpointKey("original", expected.architecture(), 2, OTHER_DATA, RECIPE, 1),
                new CheckpointKey("original", expected.architecture(), 2, DATA, "another recipe", 1),
                new CheckpointKey("unlearned", expected.architecture(), 2, DATA, RECIPE, 1));
        for (CheckpointKey other : others) {
            // another model's valid checkpoint, under the expected key's name
            float[] nines = new float[other.parameterCount()];
            Arrays.fill(nines, 9);
            Checkpoints.write(store.fileFor(expected), CheckpointFixture.checkpoint(other, nines, 1));
            LinearRegressionModel model = new LinearRegressionModel(2);
            assertThat(store.loadInto(expected, model)).as("%s", other).isEmpty();
            assertThat(model.parameters()).as("untouched").containsOnly(0f);
        }
        store.save(saved(expected, new float[] {1, 2}, 2));
        LinearRegressionModel model = new LinearRegressionModel(2);
        assertThat(store.loadInto(expected, model)).isPresent();
        assertThat(model.parameters()).containsExactly(1, 2);
    }

    @Test
    void theRenamedModelAttackOfTheIssueIsNotLoaded() throws IOException {
        // issue 11: a different model of the same architecture renamed to the expected file was used silently
        CheckpointStore store = store();
        CheckpointKey mine = key(3, 42);
        CheckpointKey theirs = new CheckpointKey("original", mine.architecture(), 3, OTHER_DATA, RECIPE, 42);
        Path their = store.save(saved(theirs, new float[] {6, 6, 6}, 1));
        Path renamed = store.fileFor(mine);
        Files.move(their, renamed);
        LinearRegressionModel model = new LinearRegressionModel(3);
        assertThat(store.loadInto(mine, model)).isEmpty();
        assertThat(model.parameters()).containsOnly(0f);
        assertThat(mine.mismatch(Checkpoints.readHeader(renamed).key())).hasValue(
                "its data fingerprint is '" + OTHER_DATA + "', expected '" + DATA + "'");
    }

    @Test
    void twoFilesNeverCompete() throws IOException {
        // the same model saved twice, once under another name: only the key's own file is read
        CheckpointStore store = store();
        CheckpointKey key = key(2, 1);
        Checkpoints.write(dir.resolve("models").resolve("aaa-first.ckpt"), saved(key, new float[] {7, 7}, 1));
        store.save(saved(key, new float[] {1, 2}, 1));
        Checkpoints.write(dir.resolve("models").resolve("zzz-last.ckpt"), saved(key, new float[] {8, 8}, 1));
        LinearRegressionModel model = new LinearRegressionModel(2);
        store.loadInto(key, model);
        assertThat(model.parameters()).containsExactly(1, 2);
    }

    @Test
    void aCorruptFileUnderTheKeysNameFailsNamingIt() {
        CheckpointStore store = store();
        CheckpointKey key = key(2, 1);
        Path file = store.save(saved(key, new float[] {1, 2}, 1));
        write(file, new byte[] {1, 2, 3});
        LinearRegressionModel model = new LinearRegressionModel(2);
        assertThatThrownBy(() -> store.loadInto(key, model))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint file = " + file + ": is not an unlearn4j checkpoint");
        write(file, oldParameterFile("linear(2->1)", new float[] {1, 2}));
        assertThatThrownBy(() -> store.loadInto(key, model))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageContaining("old \"UL4J\" format");
        assertThat(model.parameters()).containsOnly(0f);
    }

    @Test
    void oldParameterFilesAndLeftoverTemporaryFilesAreNeverRead() throws IOException {
        CheckpointStore store = store();
        Path models = Files.createDirectories(dir.resolve("models"));
        CheckpointKey key = key(2, 1);
        write(models.resolve("original-mlp-0123abcd-0123456789abcdef.params"), oldParameterFile("linear(2->1)",
                new float[] {5, 5}));
        write(models.resolve("." + key.fileName() + "123.tmp"), new byte[] {1, 2});
        assertThat(store.loadInto(key, new LinearRegressionModel(2))).isEmpty();
        store.save(saved(key, new float[] {1, 2}, 1));
        try (Stream<Path> files = Files.list(models)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "original-mlp-0123abcd-0123456789abcdef.params", "." + key.fileName() + "123.tmp",
                    key.fileName());
        }
    }

    @Test
    void aModelThatIsNotTheKeysIsAnError() {
        CheckpointStore store = store();
        assertThatThrownBy(() -> store.loadInto(key(2, 1), new LinearRegressionModel(3)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("model = linear(3->1) with 3 parameters: is not the model of this checkpoint,"
                        + " linear(2->1) with 2 parameters");
    }

    @Test
    void keysAndHeadersRefuseInvalidFieldsNamingThem() {
        assertThatThrownBy(() -> new CheckpointKey("Original", "a", 1, DATA, RECIPE, 1))
                .isExactlyInstanceOf(InvalidRequestException.class).hasMessageStartingWith("checkpoint kind = Original:");
        assertThatThrownBy(() -> new CheckpointKey("original", " ", 1, DATA, RECIPE, 1))
                .hasMessageStartingWith("checkpoint architecture =  :");
        assertThatThrownBy(() -> new CheckpointKey("original", "a", -1, DATA, RECIPE, 1))
                .hasMessageStartingWith("checkpoint parameter count = -1:");
        assertThatThrownBy(() -> new CheckpointKey("original", "a", 1, DATA.toUpperCase(), RECIPE, 1))
                .hasMessageStartingWith("checkpoint data fingerprint = " + DATA.toUpperCase() + ":");
        assertThatThrownBy(() -> new CheckpointKey("original", "a", 1, DATA, "\ud800", 1))
                .hasMessageStartingWith("checkpoint recipe = ");
        assertThatThrownBy(() -> new CheckpointHeader(key(1, 1), Double.POSITIVE_INFINITY, CheckpointFixture.CREATED,
                Map.of())).hasMessageStartingWith("checkpoint training seconds = Infinity:");
        assertThatThrownBy(() -> new CheckpointHeader(key(1, 1), 1, CheckpointFixture.CREATED, Map.of(" ", "x")))
                .hasMessageStartingWith("checkpoint metadata name =  :");
    }
}
