package io.github.unlearn4j.core.train;

/**
 * A learning-rate multiplier over a run of T steps; the rate at step t is {@code η · factor(t, T)}.
 *
 * <ul>
 *   <li>{@code constant}: 1;
 *   <li>{@code step}: 1, then ×0.1 from 50% of the steps and ×0.01 from 75% (a MultiStepLR with
 *       milestones at half and three quarters of the run, as the reference code's decay ×0.1);
 *   <li>{@code cosine}: {@code ½ (1 + cos(π t / T))}, from 1 down towards 0.
 * </ul>
 */
public enum LearningRateSchedule {
    /** No decay. */
    CONSTANT {
        @Override
        public double factor(long step, long totalSteps) {
            return 1.0;
        }
    },
    /** ×0.1 at 50% and again at 75% of the steps. */
    STEP {
        @Override
        public double factor(long step, long totalSteps) {
            if (step * 4 >= totalSteps * 3) {
                return 0.01;
            }
            return step * 2 >= totalSteps ? 0.1 : 1.0;
        }
    },
    /** Cosine annealing to 0. */
    COSINE {
        @Override
        public double factor(long step, long totalSteps) {
            return 0.5 * (1 + Math.cos(Math.PI * step / Math.max(1, totalSteps)));
        }
    };

    /**
     * The multiplier.
     *
     * @param step the step, from 0
     * @param totalSteps the run's steps
     * @return the factor, in [0, 1]
     */
    public abstract double factor(long step, long totalSteps);
}
