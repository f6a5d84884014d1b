package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.TrainingLoop;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link Recipe} on a working copy of the model; see the recipe for the order of steps. */
public final class RecipeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RecipeRunner.class);
    private static final long REINIT_SALT = 0x5DEECE66DL;

    private RecipeRunner() {}

    /**
     * Runs the recipe.
     *
     * @param stage the method name, for progress and errors
     * @param recipe the recipe
     * @param working the model to modify (a copy of the request's model)
     * @param request the request: data, seed, progress, cancellation
     * @return the number of optimizer steps taken
     */
    public static long run(String stage, Recipe recipe, TrainableModel working, UnlearnRequest request) {
        long seed = request.seed();
        if (recipe.reinitialize()) {
            working.reinitialize(seed);
        }
        TrainableModel teacher = recipe.needsTeacher() ? working.copy() : null;
        try {
            boolean[] selected = null;
            if (recipe.mask() != null) {
                selected = recipe.mask().select(working, request.data());
                int count = 0;
                for (boolean s : selected) {
                    count += s ? 1 : 0;
                }
                LOG.info("{}: mask {} selected {} of {} parameters", stage, recipe.mask().describe(), count,
                        selected.length);
                treat(working, selected, recipe.selectedTreatment(), recipe.unselectedTreatment(), seed);
            }
            long steps = 0;
            List<Phase> phases = recipe.phases();
            for (int i = 0; i < phases.size(); i++) {
                String phaseStage = phases.size() == 1 ? stage : stage + "/" + phases.get(i).name();
                steps += runPhase(phaseStage, phases.get(i), working, teacher, selected, request,
                        seed + 1_000_003L * i);
            }
            return steps;
        } finally {
            if (teacher != null) {
                teacher.close();
            }
        }
    }

    private static void treat(
            TrainableModel model, boolean[] selected, WeightTreatment onSelected, WeightTreatment onOther, long seed) {
        if (onSelected == WeightTreatment.KEEP && onOther == WeightTreatment.KEEP) {
            return;
        }
        float[] p = model.parameters();
        float[] fresh = null;
        if (onSelected == WeightTreatment.REINITIALIZE || onOther == WeightTreatment.REINITIALIZE) {
            try (TrainableModel init = model.copy()) {
                init.reinitialize(seed ^ REINIT_SALT);
                fresh = init.parameters();
            }
        }
        for (int i = 0; i < p.length; i++) {
            WeightTreatment t = selected[i] ? onSelected : onOther;
            if (t == WeightTreatment.RESET_ZERO) {
                p[i] = 0f;
            } else if (t == WeightTreatment.REINITIALIZE) {
                p[i] = fresh[i];
            }
        }
        model.setParameters(p);
    }

    private static ParameterMask scopeMask(TrainScope scope, boolean[] selected, long parameterCount) {
        if (scope == TrainScope.ALL) {
            return ParameterMask.all(parameterCount);
        }
        boolean[] m = new boolean[selected.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = scope == TrainScope.SELECTED ? selected[i] : !selected[i];
        }
        return ParameterMask.of(m);
    }

    private static long runPhase(String stage, Phase phase, TrainableModel model, TrainableModel teacher,
            boolean[] selected, UnlearnRequest request, long seed) {
        DataSplit data = request.data();
        int batchSize = phase.training().batchSize();
        boolean hasRetain = phase.has(DataRole.RETAIN);
        boolean hasForget = phase.has(DataRole.FORGET);
        BatchSampler retain = hasRetain ? new BatchSampler(data.retain(), batchSize, seed) : null;
        BatchSampler forget = hasForget ? new BatchSampler(data.forget(), batchSize, seed + 1) : null;
        int nr = hasRetain ? retain.batchesPerPass() : 0;
        int nf = hasForget ? forget.batchesPerPass() : 0;
        int classes = data.train().classCount();
        SplittableRandom labelRandom = new SplittableRandom(seed + 2);
        StepTerms terms = new StepTerms(phase, teacher);

        java.util.function.IntPredicate forgetActive =
                e -> hasForget && (phase.forgetEpochs() == 0 || e < phase.forgetEpochs());
        java.util.function.IntUnaryOperator stepsPerEpoch = e -> {
            boolean f = forgetActive.test(e);
            switch (phase.ordering()) {
                case PAIRED:
                    return hasRetain ? nr : (f ? nf : 0);
                case FORGET_FIRST:
                    return (f ? nf : 0) + nr;
                case ALTERNATING:
                    return hasRetain ? (f ? 2 * nr : nr) : (f ? nf : 0);
                default:
                    throw new IllegalStateException("ordering " + phase.ordering());
            }
        };
        TrainingLoop.StepObjective objective = (m, epoch, step) -> {
            boolean f = forgetActive.test(epoch);
            switch (phase.ordering()) {
                case PAIRED: {
                    double loss = hasRetain ? terms.apply(m, DataRole.RETAIN, retain.next(), classes, labelRandom) : 0;
                    return f ? loss + terms.apply(m, DataRole.FORGET, forget.next(), classes, labelRandom) : loss;
                }
                case FORGET_FIRST:
                    return f && step < nf
                            ? terms.apply(m, DataRole.FORGET, forget.next(), classes, labelRandom)
                            : terms.apply(m, DataRole.RETAIN, retain.next(), classes, labelRandom);
                case ALTERNATING:
                    return (f && (step % 2 == 0 || !hasRetain))
                            ? terms.apply(m, DataRole.FORGET, forget.next(), classes, labelRandom)
                            : terms.apply(m, DataRole.RETAIN, retain.next(), classes, labelRandom);
                default:
                    throw new IllegalStateException("ordering " + phase.ordering());
            }
        };
        int epochs = phase.training().epochs();
        double alpha = phase.l1Strength();
        TrainingLoop.L1Schedule l1 = alpha == 0 ? TrainingLoop.L1Schedule.NONE : e -> alpha * (1 - (double) e / epochs);
        TrainingLoop.Spec spec = new TrainingLoop.Spec(stage, epochs, stepsPerEpoch, phase.training().learningRate(),
                phase.schedule(), phase.optimizer(),
                scopeMask(phase.scope(), selected, model.description().parameterCount()), l1,
                request.progress(), request.cancellation());
        return TrainingLoop.run(model, spec, objective);
    }

    /** The terms of one phase, resolved to backend loss terms. */
    private static final class StepTerms {
        private final List<ObjectiveTerm> terms;
        private final LossTerm[] resolved;

        StepTerms(Phase phase, TrainableModel teacher) {
            this.terms = phase.terms();
            this.resolved = new LossTerm[terms.size()];
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = switch (terms.get(i).kind()) {
                    case TASK -> LossTerm.TASK;
                    case INVERSE_CE -> LossTerm.INVERSE_CE;
                    case KL_UNIFORM -> LossTerm.KL_UNIFORM;
                    case KL_TEACHER -> new LossTerm.KlToTeacher(teacher, phase.temperature());
                    case CUSTOM -> terms.get(i).custom();
                };
            }
        }

        double apply(TrainableModel model, DataRole role, Batch batch, int classes, SplittableRandom random) {
            double loss = 0;
            for (int i = 0; i < resolved.length; i++) {
                ObjectiveTerm t = terms.get(i);
                if (t.role() != role) {
                    continue;
                }
                Batch b = t.labels() == LabelMode.TRUE ? batch : relabel(batch, t.labels(), classes, random);
                loss += t.weight() * model.accumulateGradient(b, resolved[i], t.weight());
            }
            return loss;
        }

        private static Batch relabel(Batch batch, LabelMode mode, int classes, SplittableRandom random) {
            int[] labels = new int[batch.size()];
            for (int i = 0; i < labels.length; i++) {
                if (mode == LabelMode.RANDOM) {
                    labels[i] = random.nextInt(classes);
                } else {
                    int l = random.nextInt(classes - 1);
                    labels[i] = l >= batch.labelAt(i) ? l + 1 : l;
                }
            }
            return new Batch(batch.source(), batch.rows(), labels);
        }
    }
}
