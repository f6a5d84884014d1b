/**
 * The reusable parts every method is made of: mask strategies, objective terms, batch orderings,
 * weight treatments and phases, assembled into a {@link io.github.unlearn4j.core.recipe.Recipe}.
 */
package io.github.unlearn4j.core.recipe;
