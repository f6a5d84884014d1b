package io.github.unlearn4j.core.theory;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reproduces the paper's linear-regression theory (DESIGN.md §2) on one synthetic problem:
 *
 * <ul>
 *   <li>{@code pretrained}: w_o = X⁺ y, the min-norm interpolator of all data (closed form);
 *   <li>{@code golden}: w_g = X_r⁺ y_r, the min-norm interpolator of the retain data (closed form);
 *   <li>{@code ft}: the registered {@code ft} method run from w_o to convergence, full batch, with
 *       learning rate 1/λ_max of the retain Hessian, momentum 0.9 and no weight decay;
 *   <li>{@code rbm} and {@code salun}: the registered methods with the same optimizer, see
 *       {@link #rbmSettings()} and {@link #salunSettings()}.
 * </ul>
 *
 * For each model it reports the remaining loss, the forget loss (both mean squared errors) and the
 * distance to golden ‖w − w_g‖ / ‖w_g‖. It also measures how far FT is from the closed form
 * {@code w_t − w_g = (I − P_r) w_o}.
 */
public final class LinearTheory {
    /** Full-batch epochs for FT; enough for convergence far below 1e-4 at the default sizes. */
    public static final int FT_EPOCHS = 2000;

    private final LinearTheoryData data;
    private final UnlearnerRegistry registry;
    private final DataSplit split;
    private final MinNormSolver retainSolver;
    private final double[] pretrained;
    private final double[] golden;

    /**
     * Sets up the closed forms.
     *
     * @param data the synthetic problem
     * @param registry where to find the methods
     */
    public LinearTheory(LinearTheoryData data, UnlearnerRegistry registry) {
        this.data = data;
        this.registry = registry;
        this.split = DataSplit.of(data.train(), data.forgetIds(), null);
        int[] all = new int[data.train().size()];
        java.util.Arrays.setAll(all, i -> i);
        this.pretrained = new MinNormSolver(data.train(), all).minNormSolution();
        this.retainSolver = new MinNormSolver(data.train(), split.retain().rows());
        this.golden = retainSolver.minNormSolution();
    }

    /** Remaining loss, forget loss and distance to golden of one model. */
    public record Figures(double remainingLoss, double forgetLoss, double distanceToGolden) {}

    /** @return the problem */
    public LinearTheoryData data() {
        return data;
    }

    /** @return the split */
    public DataSplit split() {
        return split;
    }

    /** @return w_o, the pretrained weights */
    public double[] pretrainedWeights() {
        return pretrained.clone();
    }

    /** @return w_g, the golden weights */
    public double[] goldenWeights() {
        return golden.clone();
    }

    /**
     * Applies the retain row-space projection.
     *
     * @param v a vector
     * @return P_r v
     */
    public double[] projectOntoRetainRowSpace(double[] v) {
        return retainSolver.project(v);
    }

    /** @return a new model holding w_o */
    public LinearRegressionModel pretrainedModel() {
        return LinearRegressionModel.withWeights(Vectors.toFloats(pretrained));
    }

    /**
     * The settings that run a method to convergence on this problem: full batch, learning rate
     * 1/λ_max, momentum 0.9, no weight decay, {@link #FT_EPOCHS} epochs.
     *
     * @return the settings
     */
    public Settings convergentTrainingSettings() {
        double lr = 1.0 / retainSolver.hessianMaxEigenvalue();
        return Settings.builder()
                .set(TrainingSettings.LEARNING_RATE, lr)
                .set(TrainingSettings.EPOCHS, FT_EPOCHS)
                .set(TrainingSettings.BATCH_SIZE, split.retain().size())
                .set(TrainingSettings.MOMENTUM, 0.9)
                .set(TrainingSettings.WEIGHT_DECAY, 0.0)
                .build();
    }

    /**
     * Runs a registered method from w_o and returns its weights.
     *
     * @param method the method name
     * @param settings its settings
     * @param seed the run seed
     * @return the unlearned weights
     */
    public double[] runMethod(String method, Settings settings, long seed) {
        Unlearner unlearner = registry.create(method, settings);
        try (TrainableModel start = pretrainedModel();
                UnlearnResult result = unlearner.unlearn(
                        UnlearnRequest.builder().setModel(start).setData(split).optSeed(seed).build())) {
            return Vectors.toDoubles(result.model().parameters());
        }
    }

    /**
     * Evaluates weights.
     *
     * @param weights w
     * @return its figures
     */
    public Figures figures(double[] weights) {
        try (LinearRegressionModel m = LinearRegressionModel.withWeights(Vectors.toFloats(weights))) {
            return new Figures(
                    m.evaluate(split.retain()).meanLoss(),
                    m.evaluate(split.forget()).meanLoss(),
                    Vectors.relativeDistance(weights, golden));
        }
    }

    /**
     * The relative error of FT against the closed form: ‖(w_t − w_g) − (I − P_r) w_o‖ / ‖w_o‖.
     *
     * @param ftWeights w_t
     * @return the relative error
     */
    public double ftClosedFormError(double[] ftWeights) {
        double[] outside = Vectors.minus(pretrained, retainSolver.project(pretrained));
        double[] diff = Vectors.minus(Vectors.minus(ftWeights, golden), outside);
        return Vectors.norm(diff) / Vectors.norm(pretrained);
    }

    /**
     * RBM's settings here: {@link #convergentTrainingSettings()} with saliency and ranking left at
     * {@code auto}, which on this sparse data resolves to feature-usage saliency on D_r, keep every
     * weight D_r uses (threshold 0), and the unkept weights reset to zero (the theory's step; the
     * deep-model default re-initializes them), then FT.
     *
     * @return the settings
     */
    public Settings rbmSettings() {
        return convergentTrainingSettings().with("unkept", "reset-zero");
    }

    /** @return how many weights RBM resets: those the retain data does not use */
    public int rbmResetCount() {
        int count = 0;
        for (double u : pretrainedModel().featureUsage(split.retain())) {
            count += u == 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * SalUn's settings here, the forget-saliency counterpart of RBM's on the same budget: rank the
     * weights by feature usage on D_f, select as many as RBM resets ({@link #rbmResetCount()}, the
     * top ones globally), reset them to zero, then train only them on D_r (regression has no
     * random labels, so the objective is FT on the selected weights).
     *
     * @return the settings
     */
    public Settings salunSettings() {
        Settings s = convergentTrainingSettings();
        double fraction = (double) rbmResetCount() / data.dimension();
        return s.with("saliency", "feature-usage").with("ranking", "global").with("fraction", fraction)
                .with("selected", "reset-zero").with("objective", "ft");
    }

    /**
     * The weights right after a method's mask treatment, before any training: w_o with the weights
     * the method resets set to zero. Shows what the mask alone removes.
     *
     * @param method {@code "rbm"} or {@code "salun"}
     * @return the masked weights
     */
    public double[] maskedWeights(String method) {
        double[] w = pretrainedWeights();
        try (LinearRegressionModel m = pretrainedModel()) {
            double[] usage = m.featureUsage(method.equals("rbm") ? split.retain() : split.forget());
            if (method.equals("rbm")) {
                for (int j = 0; j < w.length; j++) {
                    if (usage[j] == 0) {
                        w[j] = 0;
                    }
                }
                return w;
            }
            boolean[] selected = new boolean[w.length];
            io.github.unlearn4j.core.recipe.SaliencyMask.selectTop(usage, 0, w.length,
                    (double) rbmResetCount() / w.length, selected);
            for (int j = 0; j < w.length; j++) {
                if (selected[j]) {
                    w[j] = 0;
                }
            }
            return w;
        }
    }

    /**
     * Runs pretrained, ft, rbm, salun and golden, plus {@code rbm-masked} and {@code salun-masked}:
     * the weights after each mask treatment and before training ({@link #maskedWeights}).
     *
     * @param seed the run seed
     * @return model name to figures, in that order
     */
    public Map<String, Figures> run(long seed) {
        Map<String, Figures> out = new LinkedHashMap<>();
        out.put("pretrained", figures(pretrained));
        out.put("ft", figures(runMethod("ft", convergentTrainingSettings(), seed)));
        out.put("rbm-masked", figures(maskedWeights("rbm")));
        out.put("rbm", figures(runMethod("rbm", rbmSettings(), seed)));
        out.put("salun-masked", figures(maskedWeights("salun")));
        out.put("salun", figures(runMethod("salun", salunSettings(), seed)));
        out.put("golden", figures(golden));
        return out;
    }
}
