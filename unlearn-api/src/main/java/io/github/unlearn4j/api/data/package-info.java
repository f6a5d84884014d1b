/** Backend-neutral data contracts: datasets, the forget/retain/test split, views and batches. */
package io.github.unlearn4j.api.data;
