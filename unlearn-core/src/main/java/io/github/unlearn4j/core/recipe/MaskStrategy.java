package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;

/**
 * Selects a set of parameters, computed once on the trained model θ_o before any update. What the
 * selection means (which weights move, which are reset) is the recipe's choice
 * ({@link Recipe#selectedTreatment()}, {@link Recipe#unselectedTreatment()}, {@link TrainScope}).
 */
public interface MaskStrategy {
    /**
     * Selects parameters. Must not modify the model's parameters (it may use its gradient buffer).
     *
     * @param model the trained model
     * @param data the split
     * @return true for each selected parameter, in flat order
     */
    boolean[] select(TrainableModel model, DataSplit data);

    /**
     * Checks, before any compute, that this strategy can run on the model; the default accepts
     * every model.
     *
     * @param model the model the run will start from
     * @throws io.github.unlearn4j.api.InvalidRequestException if it cannot
     */
    default void check(TrainableModel model) {}

    /** @return one line saying what is selected, for logs */
    String describe();
}
