/**
 * Checkpoints: one versioned, engine-neutral file format for saved models, whose header says what
 * it holds. A {@link io.github.unlearn4j.core.checkpoint.Checkpoint} is a model's flat parameters
 * ({@code TrainableModel.parameters()}) with a {@link
 * io.github.unlearn4j.core.checkpoint.CheckpointHeader}: its provenance ({@link
 * io.github.unlearn4j.core.checkpoint.CheckpointKey}: kind, architecture, parameter count, a
 * {@link io.github.unlearn4j.core.checkpoint.DataFingerprint} of its training data, its recipe and
 * seed), its training time, its creation time and free metadata. {@link
 * io.github.unlearn4j.core.checkpoint.Checkpoints} writes and reads the files (the layout is in its
 * documentation): atomically, and checking every length before allocating and a SHA-256 checksum
 * before returning, so that a bad file is a {@link
 * io.github.unlearn4j.core.checkpoint.CheckpointException} naming it. {@link
 * io.github.unlearn4j.core.checkpoint.CheckpointStore} finds a saved model by provenance and trusts
 * the header, never the file name.
 */
package io.github.unlearn4j.core.checkpoint;
