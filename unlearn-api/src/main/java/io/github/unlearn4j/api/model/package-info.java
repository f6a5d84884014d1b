/** The backend-neutral trainable-model contract: gradients, the masked SGD update, evaluation. */
package io.github.unlearn4j.api.model;
