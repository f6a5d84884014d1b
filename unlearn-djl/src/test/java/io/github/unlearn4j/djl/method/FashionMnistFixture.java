package io.github.unlearn4j.djl.method;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;

/** Fashion-MNIST (a prefix of it) and an MLP trained on it, for tests that need real data. */
final class FashionMnistFixture implements AutoCloseable {
    final DjlDataset train;
    final DjlDataset test;
    final DjlModel model;

    private FashionMnistFixture(DjlDataset train, DjlDataset test, DjlModel model) {
        this.train = train;
        this.test = test;
        this.model = model;
    }

    static boolean available() {
        return FashionMnist.isAvailable(FashionMnist.DEFAULT_FOLDER);
    }

    /** Loads the first rows and trains an MLP 784-256-256-10 on them with SGD (lr 0.05, momentum 0.9). */
    static FashionMnistFixture trainedMlp(int trainRows, int testRows, int epochs, long seed) {
        FashionMnist data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, trainRows, testRows, false);
        LabeledImages trainImages = data.train();
        DjlDataset train = trainImages.toDataset(Device.cpu());
        DjlDataset test = data.test().toDataset(Device.cpu());
        DjlModel model = DjlModel.create(Architectures.mlp(784, 256, 256, 10), Device.cpu(), seed);
        OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.05, epochs, 128, 0.9, 5e-4),
                LearningRateSchedule.CONSTANT, seed, ProgressListener.NONE, CancellationToken.none());
        return new FashionMnistFixture(train, test, model);
    }

    @Override
    public void close() {
        model.close();
        train.close();
        test.close();
    }
}
