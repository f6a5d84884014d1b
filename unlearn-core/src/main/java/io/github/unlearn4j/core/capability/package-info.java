/** Optional model capabilities that some methods need (feature usage, activation usage, exact Hessians). */
package io.github.unlearn4j.core.capability;
