package io.github.unlearn4j.core.method;

import io.github.unlearn4j.core.recipe.LabelMode;
import io.github.unlearn4j.core.recipe.TermKind;

/**
 * {@code kl-ft}: {@code CE(θ; B_r) + α · KL(u ‖ p)} on forget batches, u uniform: pushes forget
 * predictions towards uniform. See {@link RegularizedFtProvider} for the defaults.
 */
public final class KlFtProvider extends RegularizedFtProvider {
    /** Creates the provider; cheap. */
    public KlFtProvider() {
        super("kl-ft", "CE(D_r) + alpha * KL(uniform || p) on D_f (paper v1)", TermKind.KL_UNIFORM, LabelMode.TRUE);
    }
}
