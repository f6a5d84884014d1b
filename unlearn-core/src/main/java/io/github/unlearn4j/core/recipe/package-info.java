/**
 * What a method computes, and the run time that executes it: the parts (mask strategies and their
 * saliency, objective terms, batch orderings, weight treatments, training settings and the
 * optimizer of each phase, the shared {@link io.github.unlearn4j.core.recipe.Phases}) assembled
 * into a {@link io.github.unlearn4j.core.recipe.Recipe}, and
 * {@link io.github.unlearn4j.core.recipe.RecipeRunner}, which runs a recipe on a model through the
 * training loop of {@link io.github.unlearn4j.core.train}. Depends on {@code train} only; methods
 * ({@link io.github.unlearn4j.core.method}) depend on it.
 */
package io.github.unlearn4j.core.recipe;
