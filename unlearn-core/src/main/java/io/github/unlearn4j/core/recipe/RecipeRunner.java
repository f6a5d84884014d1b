package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.TrainingLoop;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link Recipe} on a working copy of the model; see the recipe for the order of steps. */
public final class RecipeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RecipeRunner.class);
    private static final long REINIT_SALT = 0x5DEECE66DL;
    static final long TEACHER_SALT = 0x2545F4914F6CDD1DL;

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
        Map<Teacher, TrainableModel> teachers = new EnumMap<>(Teacher.class);
        try {
            for (Teacher t : recipe.teachers()) {
                TrainableModel copy = working.copy();
                teachers.put(t, copy);
                if (t == Teacher.RANDOM_INIT) {
                    copy.reinitialize(seed ^ TEACHER_SALT);
                }
            }
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
                steps += runPhase(phaseStage, phases.get(i), working, teachers, selected, request,
                        seed + 1_000_003L * i);
            }
            return steps;
        } finally {
            for (TrainableModel t : teachers.values()) {
                t.close();
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

    /**
     * The retain rows a phase uses: all of D_r, or a seeded subset of ⌈fraction·|D_r|⌉ rows (at least
     * one), in row order.
     *
     * @param retain the retain set
     * @param fraction the share, in (0, 1]
     * @param seed the phase's seed
     * @return the view
     */
    static DataView retainRows(DataView retain, double fraction, long seed) {
        if (fraction >= 1 || retain.isEmpty()) {
            return retain;
        }
        int[] rows = retain.rows();
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = rows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int k = (int) Math.max(1, Math.ceil(fraction * rows.length - 1e-9));
        int[] subset = Arrays.copyOf(rows, k);
        Arrays.sort(subset);
        return new DataView(retain.source(), subset);
    }

    private static long runPhase(String stage, Phase phase, TrainableModel model, Map<Teacher, TrainableModel> teachers,
            boolean[] selected, UnlearnRequest request, long seed) {
        DataSplit data = request.data();
        int batchSize = phase.training().batchSize();
        DataView retainView = retainRows(data.retain(), phase.retainFraction(), seed);
        if (phase.retainFraction() < 1) {
            LOG.info("{}: retain terms use {} of {} retain rows", stage, retainView.size(), data.retain().size());
        }
        int classes = data.train().classCount();
        SplittableRandom labelRandom = new SplittableRandom(seed + 2);
        StepTerms terms = new StepTerms(phase, teachers);
        if (phase.ordering() == BatchOrdering.MIXED) {
            return runMixedPhase(stage, phase, model, retainView, data.forget(), terms, classes, labelRandom, selected,
                    request, seed);
        }
        boolean hasRetain = phase.has(DataRole.RETAIN);
        boolean hasForget = phase.has(DataRole.FORGET);
        BatchSampler retain = hasRetain ? new BatchSampler(retainView, batchSize, seed) : null;
        BatchSampler forget = hasForget ? new BatchSampler(data.forget(), batchSize, seed + 1) : null;
        int nr = hasRetain ? retain.batchesPerPass() : 0;
        int nf = hasForget ? forget.batchesPerPass() : 0;

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
        return TrainingLoop.run(model, spec(stage, phase, stepsPerEpoch, model, selected, request), objective);
    }

    private static TrainingLoop.Spec spec(String stage, Phase phase, java.util.function.IntUnaryOperator stepsPerEpoch,
            TrainableModel model, boolean[] selected, UnlearnRequest request) {
        int epochs = phase.training().epochs();
        double alpha = phase.l1Strength();
        TrainingLoop.L1Schedule l1 = alpha == 0 ? TrainingLoop.L1Schedule.NONE : e -> alpha * (1 - (double) e / epochs);
        return new TrainingLoop.Spec(stage, epochs, stepsPerEpoch, phase.training().learningRate(),
                phase.schedule(), phase.optimizer(),
                scopeMask(phase.scope(), selected, model.description().parameterCount()), l1,
                request.progress(), request.cancellation());
    }

    /** {@link BatchOrdering#MIXED}: batches from retain and forget rows together, each row with its role's terms. */
    private static long runMixedPhase(String stage, Phase phase, TrainableModel model, DataView retain, DataView forget,
            StepTerms terms, int classes, SplittableRandom labelRandom, boolean[] selected, UnlearnRequest request,
            long seed) {
        if (retain.source() != forget.source()) {
            throw new IllegalArgumentException("mixed batches need retain and forget rows of one dataset");
        }
        int[] r = phase.has(DataRole.RETAIN) ? retain.rows() : new int[0];
        int[] f = phase.has(DataRole.FORGET) ? forget.rows() : new int[0];
        int[] union = Arrays.copyOf(r, r.length + f.length);
        System.arraycopy(f, 0, union, r.length, f.length);
        Arrays.sort(union);
        java.util.BitSet isForget = new java.util.BitSet();
        for (int row : f) {
            isForget.set(row);
        }
        BatchSampler mixed = new BatchSampler(new DataView(retain.source(), union), phase.training().batchSize(), seed);
        int steps = mixed.batchesPerPass();
        TrainingLoop.StepObjective objective = (m, epoch, step) -> {
            Batch batch = mixed.next();
            int nf = 0;
            for (int row : batch.rows()) {
                nf += isForget.get(row) ? 1 : 0;
            }
            int n = batch.size();
            int[] retainRows = new int[n - nf];
            int[] forgetRows = new int[nf];
            int[] retainLabels = new int[n - nf];
            int[] forgetLabels = new int[nf];
            for (int i = 0, ri = 0, fi = 0; i < n; i++) {
                int row = batch.rows()[i];
                if (isForget.get(row)) {
                    forgetLabels[fi] = batch.labelAt(i);
                    forgetRows[fi++] = row;
                } else {
                    retainLabels[ri] = batch.labelAt(i);
                    retainRows[ri++] = row;
                }
            }
            double loss = 0;
            if (retainRows.length > 0) {
                loss += terms.apply(m, DataRole.RETAIN, new Batch(batch.source(), retainRows, retainLabels), classes,
                        labelRandom, (double) retainRows.length / n);
            }
            if (forgetRows.length > 0) {
                loss += terms.apply(m, DataRole.FORGET, new Batch(batch.source(), forgetRows, forgetLabels), classes,
                        labelRandom, (double) forgetRows.length / n);
            }
            return loss;
        };
        return TrainingLoop.run(model, spec(stage, phase, e -> steps, model, selected, request), objective);
    }

    /** The terms of one phase, resolved to backend loss terms. */
    private static final class StepTerms {
        private final List<ObjectiveTerm> terms;
        private final LossTerm[] resolved;

        StepTerms(Phase phase, Map<Teacher, TrainableModel> teachers) {
            this.terms = phase.terms();
            this.resolved = new LossTerm[terms.size()];
            double temperature = phase.temperature();
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = switch (terms.get(i).kind()) {
                    case TASK -> LossTerm.TASK;
                    case INVERSE_CE -> LossTerm.INVERSE_CE;
                    case KL_UNIFORM -> temperature == 1 ? LossTerm.KL_UNIFORM : new TemperedUniformKl(temperature);
                    case KL_TEACHER -> new LossTerm.KlToTeacher(teachers.get(terms.get(i).teacher()), temperature);
                    case CUSTOM -> terms.get(i).custom();
                };
            }
        }

        double apply(TrainableModel model, DataRole role, Batch batch, int classes, SplittableRandom random) {
            return apply(model, role, batch, classes, random, 1.0);
        }

        /** Accumulates {@code scale · Σ weight · term} over the role's terms; returns that sum's value. */
        double apply(TrainableModel model, DataRole role, Batch batch, int classes, SplittableRandom random,
                double scale) {
            double loss = 0;
            for (int i = 0; i < resolved.length; i++) {
                ObjectiveTerm t = terms.get(i);
                if (t.role() != role) {
                    continue;
                }
                Batch b = t.labels() == LabelMode.TRUE ? batch : relabel(batch, t.labels(), classes, random);
                loss += scale * t.weight() * model.accumulateGradient(b, resolved[i], scale * t.weight());
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
