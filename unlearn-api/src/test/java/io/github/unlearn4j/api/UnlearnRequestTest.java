package io.github.unlearn4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.testing.FakeDataset;
import io.github.unlearn4j.api.testing.FakeModel;
import org.junit.jupiter.api.Test;

class UnlearnRequestTest {
    private final FakeModel model = FakeModel.classifier(4, 3);
    private final DataSplit data =
            DataSplit.of(FakeDataset.classification("toy", 10, 4, 3), new int[] {1, 2}, null);

    @Test
    void missingModelNamesTheSetter() {
        assertThatThrownBy(() -> UnlearnRequest.builder().setData(data).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("no model set: call setModel(...)");
    }

    @Test
    void missingDataNamesTheSetter() {
        assertThatThrownBy(() -> UnlearnRequest.builder().setModel(model).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("no data set: call setData(...)");
    }

    @Test
    void defaults() {
        UnlearnRequest r = UnlearnRequest.builder().setModel(model).setData(data).build();
        assertThat(r.model()).isSameAs(model);
        assertThat(r.data()).isSameAs(data);
        assertThat(r.seed()).isEqualTo(42L);
        assertThat(r.progress()).isSameAs(ProgressListener.NONE);
        assertThat(r.cancellation()).isNotNull();
        assertThat(r.cancellation().isCancelled()).isFalse();
    }

    @Test
    void optionalsAreKept() {
        CancellationToken token = new CancellationToken();
        ProgressListener listener = p -> {};
        UnlearnRequest r = UnlearnRequest.builder()
                .setModel(model)
                .setData(data)
                .optSeed(7L)
                .optProgress(listener)
                .optCancellation(token)
                .build();
        assertThat(r.seed()).isEqualTo(7L);
        assertThat(r.progress()).isSameAs(listener);
        assertThat(r.cancellation()).isSameAs(token);
    }

    @Test
    void optionalsRejectNull() {
        assertThatThrownBy(() -> UnlearnRequest.builder().optProgress(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("progress");
        assertThatThrownBy(() -> UnlearnRequest.builder().optCancellation(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("cancellation");
    }

    @Test
    void eachRequestGetsItsOwnDefaultToken() {
        UnlearnRequest a = UnlearnRequest.builder().setModel(model).setData(data).build();
        UnlearnRequest b = UnlearnRequest.builder().setModel(model).setData(data).build();
        a.cancellation().cancel();
        assertThat(b.cancellation().isCancelled()).isFalse();
    }
}
