package io.github.unlearn4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.testing.FakeDataset;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of {@link DataSplit}: any forget ids give a split whose forget and retain views
 * partition the training rows, or an {@link InvalidRequestException} that names {@code forgetIds}
 * and the rule it breaks; never another exception.
 */
class DataSplitPropertyTest {
    /** A training-set size and forget ids for it. */
    record Case(int size, int[] ids) {
        @Override
        public String toString() {
            return "size " + size + ", ids " + Arrays.toString(ids);
        }
    }

    @Property(tries = 500, seed = "20261130")
    void anyIdsGiveAPartitionOrNameTheBrokenRule(@ForAll("cases") Case c) {
        FakeDataset train = FakeDataset.classification("toy/train", c.size(), 3, 2);
        int[] given = c.ids().clone();
        Throwable thrown = catchThrowable(() -> DataSplit.of(train, c.ids(), null));
        assertThat(c.ids()).as("the caller's array is untouched").containsExactly(given);

        int[] sorted = given.clone();
        Arrays.sort(sorted);
        TreeSet<Integer> distinct = new TreeSet<>();
        Arrays.stream(given).forEach(distinct::add);
        String expected;
        if (given.length == 0) {
            expected = "forgetIds = []: ";
        } else if (sorted[0] < 0) {
            expected = "forgetIds = " + sorted[0] + ": out of range";
        } else if (sorted[sorted.length - 1] >= c.size()) {
            expected = "forgetIds = " + sorted[sorted.length - 1] + ": out of range";
        } else if (distinct.size() < given.length) {
            int first = IntStream.range(1, sorted.length).filter(i -> sorted[i] == sorted[i - 1])
                    .map(i -> sorted[i]).findFirst().getAsInt();
            expected = "forgetIds = " + first + ": duplicated";
        } else if (given.length == c.size()) {
            expected = "forgetIds = " + c.size() + " ids: covers all";
        } else {
            expected = null;
        }

        if (expected != null) {
            assertThat(thrown).isExactlyInstanceOf(InvalidRequestException.class);
            assertThat(thrown.getMessage()).startsWith(expected);
            return;
        }
        assertThat(thrown).as("a valid forget set").isNull();
        DataSplit split = DataSplit.of(train, given, null);
        assertThat(split.forgetIds()).containsExactly(sorted);
        assertThat(split.forget().rows()).containsExactly(sorted);
        int[] retain = split.retain().rows();
        assertThat(retain).isSorted().doesNotContain(sorted);
        assertThat(retain.length + sorted.length).isEqualTo(c.size());
        assertThat(IntStream.concat(Arrays.stream(retain), Arrays.stream(sorted)).sorted().toArray())
                .containsExactly(IntStream.range(0, c.size()).toArray());
        assertThat(split.retain().isEmpty()).isFalse();
        assertThat(split.test()).isEmpty();
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 40).flatMap(size -> {
            Arbitrary<Integer> id = Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.integers().between(0, size - 1)),
                    Tuple.of(1, Arbitraries.integers().between(-3, size + 3)),
                    Tuple.of(1, Arbitraries.integers()));
            Arbitrary<int[]> ids = Arbitraries.frequencyOf(
                    Tuple.of(3, id.array(int[].class).ofMaxSize(size + 2)),
                    Tuple.of(2, id.array(int[].class).ofMaxSize(size).uniqueElements()),
                    Tuple.of(1, Arbitraries.just(IntStream.range(0, size).toArray())),
                    Tuple.of(1, Arbitraries.integers().between(0, size - 1)
                            .map(skip -> IntStream.range(0, size).filter(i -> i != skip).toArray())));
            return ids.map(a -> new Case(size, a));
        });
    }
}
