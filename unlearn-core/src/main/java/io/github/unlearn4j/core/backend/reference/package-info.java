/** The pure-Java reference backend: linear and softmax regression on primitive arrays, with the allocation-free masked SGD step. */
package io.github.unlearn4j.core.backend.reference;
