package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.capability.SecondOrderModel;
import io.github.unlearn4j.core.numeric.Cholesky;
import io.github.unlearn4j.core.train.Gradients;

/**
 * {@code newton}: Newton steps on the remaining objective {@code R(θ) = L(θ; D_r) + (λ/2)‖θ‖²}
 * (Guo et al. 2020), starting from θ_o:
 *
 * <pre>
 *   θ ← θ − (∇²L(θ; D_r) + λI)⁻¹ (∇L(θ; D_r) + λθ)
 * </pre>
 *
 * R is quadratic for ridge (squared-loss) regression, so one step lands exactly on its minimizer:
 * the model that retraining with weight decay λ converges to. For softmax regression it is the
 * usual one-step approximation. Needs a {@link SecondOrderModel} (reference linear and
 * softmax-regression models) with at most {@value #MAX_PARAMETERS} parameters.
 *
 * <p>Defaults: λ = 1e-3, 1 step, gradient batches of 1024 rows.
 */
final class NewtonUnlearner extends AbstractUnlearner {
    /** The largest parameter count the dense solve accepts. */
    public static final int MAX_PARAMETERS = 4096;

    private final double ridge;
    private final int steps;
    private final int batchSize;

    /**
     * Creates the method.
     *
     * @param settings settings resolved against {@link NewtonProvider}'s schema
     */
    public NewtonUnlearner(ResolvedSettings settings) {
        super(NewtonProvider.NAME, settings);
        this.ridge = settings.get(NewtonProvider.RIDGE);
        this.steps = settings.get(NewtonProvider.STEPS);
        this.batchSize = settings.get(NewtonProvider.BATCH_SIZE);
    }

    @Override
    protected void validate(UnlearnRequest request) {
        TrainableModel m = request.model();
        if (!(m instanceof SecondOrderModel)) {
            throw InvalidRequestException.of("newton.model", m.description().architecture(),
                    "newton needs an exact Hessian, which only linear and softmax-regression models of the "
                            + "reference backend provide; use ft, rbm or retrain for this model");
        }
        long p = m.description().parameterCount();
        if (p > MAX_PARAMETERS) {
            throw InvalidRequestException.of("newton.model.parameterCount", p,
                    "the dense Newton solve accepts at most " + MAX_PARAMETERS + " parameters");
        }
    }

    @Override
    protected long execute(TrainableModel working, UnlearnRequest request) {
        DataView retain = request.data().retain();
        for (int s = 0; s < steps; s++) {
            request.cancellation().throwIfCancelled("newton step " + s);
            float[] theta = working.parameters();
            float[] mean = Gradients.meanTaskGradient(working, retain, batchSize);
            double[] g = new double[mean.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = mean[i];
            }
            double[][] h = ((SecondOrderModel) working).taskLossHessian(retain);
            for (int i = 0; i < theta.length; i++) {
                g[i] += ridge * theta[i];
                h[i][i] += ridge;
            }
            double[] delta = solveSymmetric(h, g);
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) (theta[i] - delta[i]);
            }
            working.setParameters(theta);
            request.progress().onProgress(new io.github.unlearn4j.api.progress.Progress(name(), s + 1, steps, Double.NaN));
        }
        return steps;
    }

    /** Solves A x = b for symmetric positive (semi)definite A, adding a growing jitter to the diagonal if needed. */
    static double[] solveSymmetric(double[][] a, double[] b) {
        double scale = Math.max(Cholesky.diagonalScale(a), 1);
        for (double jitter = 0; jitter <= 1e-2 * scale; jitter = jitter == 0 ? 1e-12 * scale : jitter * 100) {
            double[][] l = Cholesky.factor(a, jitter, 0);
            if (l != null) {
                return Cholesky.solve(l, b);
            }
        }
        throw new io.github.unlearn4j.api.TrainingDivergedException(
                "newton: the regularized Hessian is not positive definite; use ridge > 0");
    }
}
