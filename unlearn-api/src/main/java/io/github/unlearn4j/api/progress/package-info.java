/** Progress reporting and cancellation of long runs. */
package io.github.unlearn4j.api.progress;
