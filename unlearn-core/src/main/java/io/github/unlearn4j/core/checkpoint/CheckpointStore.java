package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of checkpoints found by provenance: a model trained once is saved under its {@link
 * CheckpointKey} and loaded by a later run that expects the same key, instead of training again.
 *
 * <p>A key has one file, {@link CheckpointKey#fileName()}, so there is never a choice between two
 * files. The name is only where to look: the file is loaded only when the key in its header is
 * the expected one. A file of another key under that name (another seed, other data, another
 * recipe, another model renamed) is skipped with an INFO log line saying which fields differ, and
 * the next {@link #save} replaces it; a file that is not a checkpoint, or is corrupt, fails with a
 * {@link CheckpointException} naming it. Files of the old {@code .params} format in the folder are
 * never read; the first miss logs that they are there.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path folder;
    private final AtomicBoolean oldFilesNoted = new AtomicBoolean();

    /**
     * Creates the store.
     *
     * @param folder where the checkpoints are; created on the first save
     */
    public CheckpointStore(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /**
     * Where a key's checkpoint is saved.
     *
     * @param key the key
     * @return the folder's {@link CheckpointKey#fileName()}
     */
    public Path fileFor(CheckpointKey key) {
        return folder.resolve(key.fileName());
    }

    /**
     * Finds the checkpoint of a key.
     *
     * @param expected the provenance the checkpoint must have
     * @return the checkpoint; empty when there is no file for the key, or the file's header holds
     *     another key (logged at INFO, with the fields that differ)
     * @throws CheckpointException naming the file and the field when the file is not a checkpoint
     *     or is corrupt
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public Optional<Checkpoint> find(CheckpointKey expected) {
        Path file = fileFor(expected);
        if (!Files.isRegularFile(file)) {
            noteOldFiles();
            return Optional.empty();
        }
        try (CheckpointReader r = CheckpointReader.open(file)) {
            CheckpointHeader header = r.header();
            Optional<String> mismatch = expected.mismatch(header.key());
            if (mismatch.isPresent()) {
                LOG.info("not using checkpoint {}: it holds another model ({}); it is replaced when this run saves"
                        + " its model", file, mismatch.get());
                return Optional.empty();
            }
            return Optional.of(r.checkpoint(header));
        }
    }

    /**
     * Loads the checkpoint of a key into a model, if there is one.
     *
     * @param expected the provenance the checkpoint must have
     * @param model the model to overwrite; its architecture and parameter count must be the key's.
     *     Untouched when nothing is loaded or anything fails
     * @return the loaded checkpoint's header (with its training time); empty when nothing was loaded
     * @throws InvalidRequestException when the model is not the key's
     * @throws CheckpointException naming the file and the field when the file is not a checkpoint
     *     or is corrupt
     */
    public Optional<CheckpointHeader> loadInto(CheckpointKey expected, TrainableModel model) {
        expected.requireModel(model);
        Optional<Checkpoint> found = find(expected);
        found.ifPresent(c -> c.applyTo(model));
        return found.map(Checkpoint::header);
    }

    /**
     * Saves a checkpoint under its key, replacing the file that was there.
     *
     * @param checkpoint the checkpoint
     * @return the file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path save(Checkpoint checkpoint) {
        return Checkpoints.write(fileFor(checkpoint.key()), checkpoint);
    }

    /** Says once per store that old-format files are in the folder: they are never read. */
    private void noteOldFiles() {
        if (!Files.isDirectory(folder) || oldFilesNoted.getAndSet(true)) {
            return;
        }
        int n = 0;
        try (DirectoryStream<Path> old = Files.newDirectoryStream(folder, "*.params")) {
            for (Path ignored : old) {
                n++;
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", folder, e.toString());
        }
        if (n > 0) {
            LOG.info("{} holds {} model files of the old .params format, which unlearn4j no longer reads; models are"
                    + " saved as {} checkpoints now, and the old files can be deleted", folder, n,
                    Checkpoints.EXTENSION);
        }
    }
}
