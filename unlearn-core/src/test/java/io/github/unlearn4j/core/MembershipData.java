package io.github.unlearn4j.core;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.TrainingLoop;
import java.util.SplittableRandom;

/**
 * A classification task on which softmax regression memorizes its training rows: few rows, many
 * features (more parameters than rows), overlapping classes. A model trained on every row is
 * confident on its forget rows; one trained on the retain rows only treats them like test rows.
 */
public final class MembershipData {
    /** Features. */
    public static final int D = 60;
    /** Classes. */
    public static final int C = 3;

    /** The split: 120 training rows (forget: 40 rows of every class), 120 test rows. */
    public final DataSplit split;
    /** Trained on all 120 training rows: it has seen, and memorized, the forget set. */
    public final SoftmaxRegressionModel memorized;
    /** Trained on the 80 retain rows only: it never saw the forget set. */
    public final SoftmaxRegressionModel neverSaw;

    private MembershipData(DataSplit split, SoftmaxRegressionModel memorized, SoftmaxRegressionModel neverSaw) {
        this.split = split;
        this.memorized = memorized;
        this.neverSaw = neverSaw;
    }

    /**
     * Builds the task and trains both models (a fraction of a second).
     *
     * @param seed the seed
     * @return the task
     */
    public static MembershipData create(long seed) {
        SplittableRandom centres = new SplittableRandom(seed);
        float[][] mu = new float[C][D];
        for (int c = 0; c < C; c++) {
            for (int j = 0; j < D; j++) {
                mu[c][j] = (float) (0.25 * gaussian(centres));
            }
        }
        ArrayDataset train = blobs("mem-train", 120, mu, seed + 1);
        ArrayDataset test = blobs("mem-test", 120, mu, seed + 2);
        int[] forget = new int[40];
        for (int i = 0; i < forget.length; i++) {
            forget[i] = 3 * i + i % C; // every class, a third of each
        }
        DataSplit split = DataSplit.of(train, forget, test);
        return new MembershipData(split, train(DataView.all(train), seed), train(split.retain(), seed));
    }

    private static ArrayDataset blobs(String name, int n, float[][] mu, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % C;
            for (int j = 0; j < D; j++) {
                x[i][j] = mu[y[i]][j] + (float) gaussian(r);
            }
        }
        return ArrayDataset.classification(name, x, y, C);
    }

    private static SoftmaxRegressionModel train(DataView rows, long seed) {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(D, C);
        m.reinitialize(seed);
        BatchSampler all = new BatchSampler(rows, rows.size(), seed);
        TrainingLoop.run(m, TrainingLoop.Spec.uniform("train", 300, 1, 0.5, new SgdConfig(0.9, 0),
                ParameterMask.all(C * D + C), ProgressListener.NONE, CancellationToken.none()),
                (model, e, s) -> model.accumulateGradient(all.next(), LossTerm.TASK, 1.0));
        return m;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
