package io.github.unlearn4j.core.method;

import io.github.unlearn4j.core.recipe.LabelMode;
import io.github.unlearn4j.core.recipe.TermKind;

/**
 * {@code ice-ft}: {@code CE(θ; B_r) + α · (−log(1 − p_y))} on forget batches: inverse cross-entropy
 * pushes the true class's probability towards 0. See {@link RegularizedFtProvider} for the defaults.
 */
public final class IceFtProvider extends RegularizedFtProvider {
    /** Creates the provider; cheap. */
    public IceFtProvider() {
        super("ice-ft", "CE(D_r) + alpha * inverse CE -log(1 - p_y) on D_f (paper v1)", TermKind.INVERSE_CE,
                LabelMode.TRUE);
    }
}
