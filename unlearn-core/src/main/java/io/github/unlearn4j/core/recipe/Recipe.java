package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.List;

/**
 * A method as a combination of parts. Running it ({@link RecipeRunner}) does, in order:
 *
 * <ol>
 *   <li>if {@code reinitialize}, re-initialize the model from the run's seed;
 *   <li>if there is a mask, select parameters on θ_o;
 *   <li>apply {@code selectedTreatment} to the selected and {@code unselectedTreatment} to the
 *       other parameters;
 *   <li>run the phases in order, each moving only the parameters in its {@link TrainScope}.
 * </ol>
 *
 * @param reinitialize start from a fresh initialization (retrain)
 * @param mask the mask strategy, or null for none
 * @param selectedTreatment what happens to the selected weights before the phases
 * @param unselectedTreatment what happens to the other weights before the phases
 * @param phases the optimization phases, at least one
 */
public record Recipe(
        boolean reinitialize,
        MaskStrategy mask,
        WeightTreatment selectedTreatment,
        WeightTreatment unselectedTreatment,
        List<Phase> phases) {
    /**
     * Validates.
     *
     * @param reinitialize reinitialize
     * @param mask mask
     * @param selectedTreatment selected treatment
     * @param unselectedTreatment unselected treatment
     * @param phases phases
     */
    public Recipe {
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw InvalidRequestException.of("phases", "[]", "a recipe needs at least one phase");
        }
        if (mask == null) {
            if (selectedTreatment != WeightTreatment.KEEP || unselectedTreatment != WeightTreatment.KEEP) {
                throw InvalidRequestException.of("treatment", selectedTreatment + "/" + unselectedTreatment,
                        "weight treatments need a mask");
            }
            for (Phase p : phases) {
                if (p.scope() != TrainScope.ALL) {
                    throw InvalidRequestException.of(p.name() + ".scope", p.scope(), "a scope other than ALL needs a mask");
                }
            }
        }
    }

    /**
     * A recipe without a mask.
     *
     * @param reinitialize whether to start from a fresh initialization
     * @param phases the phases
     * @return the recipe
     */
    public static Recipe unmasked(boolean reinitialize, Phase... phases) {
        return new Recipe(reinitialize, null, WeightTreatment.KEEP, WeightTreatment.KEEP, List.of(phases));
    }

    /** @return whether any term needs class probabilities or replacement labels */
    public boolean needsClassification() {
        return phases.stream().flatMap(p -> p.terms().stream()).anyMatch(ObjectiveTerm::needsClassification);
    }

    /** @return whether any term distils from a frozen teacher */
    public boolean needsTeacher() {
        return !teachers().isEmpty();
    }

    /** @return the teachers the recipe's distillation terms name, in declaration order */
    public java.util.Set<Teacher> teachers() {
        java.util.Set<Teacher> out = java.util.EnumSet.noneOf(Teacher.class);
        phases.stream().flatMap(p -> p.terms().stream()).filter(t -> t.kind() == TermKind.KL_TEACHER)
                .forEach(t -> out.add(t.teacher()));
        return out;
    }
}
