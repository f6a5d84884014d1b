/**
 * Methods: the base classes a method extends ({@link io.github.unlearn4j.core.method.AbstractUnlearner}
 * for any method, {@link io.github.unlearn4j.core.method.RecipeProvider} and
 * {@link io.github.unlearn4j.core.method.RecipeUnlearner} for a method that is a recipe) and the
 * built-in methods, each registered through ServiceLoader. A provider assembles its recipe from
 * {@link io.github.unlearn4j.core.recipe}; providers depend on the recipe parts, never on each
 * other. Layering: {@code train} &lt; {@code recipe} &lt; {@code method}.
 */
package io.github.unlearn4j.core.method;
