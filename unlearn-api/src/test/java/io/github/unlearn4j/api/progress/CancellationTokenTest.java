package io.github.unlearn4j.api.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearningCancelledException;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {
    @Test
    void doesNotThrowUntilCancelled() {
        CancellationToken token = new CancellationToken();
        assertThat(token.isCancelled()).isFalse();
        assertThatCode(() -> token.throwIfCancelled("ft epoch 1 step 3")).doesNotThrowAnyException();
        assertThatCode(() -> token.throwIfCancelled("ft epoch 1 step 4")).doesNotThrowAnyException();
    }

    @Test
    void throwsAfterCancelNamingWhere() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThat(token.isCancelled()).isTrue();
        assertThatThrownBy(() -> token.throwIfCancelled("ft epoch 2 step 7"))
                .isExactlyInstanceOf(UnlearningCancelledException.class)
                .isInstanceOf(UnlearnException.class)
                .hasMessage("cancelled during ft epoch 2 step 7");
        assertThatThrownBy(() -> token.throwIfCancelled("again"))
                .as("stays cancelled")
                .isInstanceOf(UnlearningCancelledException.class);
    }

    @Test
    void cancelFromAnotherThreadIsSeen() throws InterruptedException {
        CancellationToken token = new CancellationToken();
        Thread t = new Thread(token::cancel);
        t.start();
        t.join();
        assertThatThrownBy(() -> token.throwIfCancelled("retrain"))
                .isInstanceOf(UnlearningCancelledException.class);
    }

    @Test
    void noneTokensAreIndependent() {
        CancellationToken a = CancellationToken.none();
        CancellationToken b = CancellationToken.none();
        assertThat(a).isNotSameAs(b);
        a.cancel();
        assertThat(b.isCancelled()).isFalse();
        assertThatCode(() -> b.throwIfCancelled("x")).doesNotThrowAnyException();
    }
}
