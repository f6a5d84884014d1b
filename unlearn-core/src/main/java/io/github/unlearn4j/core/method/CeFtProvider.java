package io.github.unlearn4j.core.method;

import io.github.unlearn4j.core.recipe.LabelMode;
import io.github.unlearn4j.core.recipe.TermKind;

/**
 * {@code ce-ft}: {@code CE(θ; B_r) + α · CE(θ; B_f, y′)} with y′ drawn uniformly from the wrong
 * classes per row and step. See {@link RegularizedFtProvider} for the defaults.
 */
public final class CeFtProvider extends RegularizedFtProvider {
    /** Creates the provider; cheap. */
    public CeFtProvider() {
        super("ce-ft", "CE(D_r) + alpha * CE(D_f, wrong labels) (paper v1)", TermKind.TASK, LabelMode.RANDOM_OTHER);
    }
}
