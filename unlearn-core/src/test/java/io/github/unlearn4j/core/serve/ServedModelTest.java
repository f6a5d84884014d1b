package io.github.unlearn4j.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServedModelTest {
    private final ArrayDataset data = TestData.classification(200, 8, 3, 4);

    /** A model that counts how often it is closed and records reads that find it closed. */
    private static final class CountingModel extends io.github.unlearn4j.core.TrackingModel {
        final AtomicInteger closes = new AtomicInteger();

        CountingModel(long seed) {
            super(seeded(seed), new AtomicInteger());
        }

        private static SoftmaxRegressionModel seeded(long seed) {
            SoftmaxRegressionModel m = new SoftmaxRegressionModel(8, 3);
            m.reinitialize(seed);
            return m;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            super.close();
        }
    }

    @Test
    void aSwappedModelClosesOnlyWhenItsLastLeaseIsReturned() {
        CountingModel first = new CountingModel(1);
        CountingModel second = new CountingModel(2);
        ServedModel served = new ServedModel(first);
        ServedModel.Lease held = served.lease();

        assertThat(served.swap(second)).isEqualTo(2);

        assertThat(first.closes).hasValue(0);
        assertThat(held.model()).isSameAs(first);
        assertThat(held.version()).isEqualTo(1);
        try (ServedModel.Lease next = served.lease()) {
            assertThat(next.model()).isSameAs(second);
        }
        held.close();
        held.close();
        assertThat(first.closes).hasValue(1);
        assertThatThrownBy(held::model).isInstanceOf(IllegalStateException.class).hasMessageContaining("returned");
        served.close();
        assertThat(second.closes).hasValue(1);
        assertThatThrownBy(served::lease).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void swappingInTheServedModelIsRefused() {
        CountingModel first = new CountingModel(1);
        try (ServedModel served = new ServedModel(first)) {
            assertThatThrownBy(() -> served.swap(first)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("already served");
            assertThat(first.closes).hasValue(0);
        }
    }

    @Test
    void aSwapAfterCloseClosesTheNewModel() {
        ServedModel served = new ServedModel(new CountingModel(1));
        served.close();
        CountingModel late = new CountingModel(2);
        assertThatThrownBy(() -> served.swap(late)).isInstanceOf(IllegalStateException.class);
        assertThat(late.closes).hasValue(1);
    }

    @Test
    void readersThroughManySwapsNeverMeetAClosedModelAndEveryOldModelClosesOnce() throws Exception {
        CountingModel initial = new CountingModel(0);
        ServedModel served = new ServedModel(initial);
        List<CountingModel> all = new ArrayList<>(List.of(initial));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread reader = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    try (ServedModel.Lease lease = served.lease()) {
                        if (((io.github.unlearn4j.core.TrackingModel) lease.model()).isClosed()) {
                            failures.add(new AssertionError("leased a closed model, version " + lease.version()));
                        }
                        lease.model().predict(DataView.all(data));
                        reads.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int i = 1; i <= 200; i++) {
            CountingModel next = new CountingModel(i);
            all.add(next);
            served.swap(next);
            Thread.onSpinWait();
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join(TimeUnit.MINUTES.toMillis(1));
        }

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(served.version()).isEqualTo(201);
        for (int i = 0; i < 200; i++) {
            assertThat(all.get(i).closes).as("model %d closes", i).hasValue(1);
        }
        assertThat(all.get(200).closes).hasValue(0);
        served.close();
        assertThat(all.get(200).closes).hasValue(1);
    }
}
