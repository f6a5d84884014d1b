package io.github.unlearn4j.api;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import java.util.Objects;

/**
 * What to unlearn: the trained model, the data split (training set, forget ids, optional test set),
 * a seed, and optional progress and cancellation hooks. Immutable; build it with {@link #builder()}
 * ({@code setX} for required fields, {@code optX} for optional ones).
 */
public final class UnlearnRequest {
    private final TrainableModel model;
    private final DataSplit data;
    private final long seed;
    private final ProgressListener progress;
    private final CancellationToken cancellation;

    private UnlearnRequest(Builder b) {
        this.model = Objects.requireNonNull(b.model, "no model set: call setModel(...)");
        this.data = Objects.requireNonNull(b.data, "no data set: call setData(...)");
        this.seed = b.seed;
        this.progress = b.progress;
        this.cancellation = b.cancellation;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the trained model; never modified by an unlearner */
    public TrainableModel model() {
        return model;
    }

    /** @return the data split */
    public DataSplit data() {
        return data;
    }

    /** @return the seed for shuffling, initialization and random labels */
    public long seed() {
        return seed;
    }

    /** @return the progress listener */
    public ProgressListener progress() {
        return progress;
    }

    /** @return the cancellation token */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /** Builds {@link UnlearnRequest}. */
    public static final class Builder {
        private TrainableModel model;
        private DataSplit data;
        private long seed = 42L;
        private ProgressListener progress = ProgressListener.NONE;
        private CancellationToken cancellation = CancellationToken.none();

        private Builder() {}

        /**
         * Sets the trained model (required).
         *
         * @param model the model
         * @return this builder
         */
        public Builder setModel(TrainableModel model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the data split (required).
         *
         * @param data the split
         * @return this builder
         */
        public Builder setData(DataSplit data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the progress listener (default: none).
         *
         * @param progress the listener
         * @return this builder
         */
        public Builder optProgress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Sets the cancellation token (default: never cancelled).
         *
         * @param cancellation the token
         * @return this builder
         */
        public Builder optCancellation(CancellationToken cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException naming the missing required field
         */
        public UnlearnRequest build() {
            return new UnlearnRequest(this);
        }
    }
}
