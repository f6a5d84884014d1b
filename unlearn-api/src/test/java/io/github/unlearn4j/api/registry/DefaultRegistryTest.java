package io.github.unlearn4j.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.fixtures.GoodProvider;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DefaultRegistryTest {
    private static final String SERVICES = "META-INF/services/";
    private static final String UNLEARNER_SERVICES = SERVICES + UnlearnerProvider.class.getName();
    private static final String VERIFIER_SERVICES = SERVICES + ForgetVerifierProvider.class.getName();

    /**
     * A fresh class loader over the test class path that counts the service-file lookups made
     * through it, and makes each one slow, so that threads racing for a default overlap in the scan.
     */
    static final class CountingLoader extends ClassLoader {
        final AtomicInteger unlearnerScans = new AtomicInteger();
        final AtomicInteger verifierScans = new AtomicInteger();

        CountingLoader() {
            super(DefaultRegistryTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals(UNLEARNER_SERVICES)) {
                unlearnerScans.incrementAndGet();
                pause();
            } else if (name.equals(VERIFIER_SERVICES)) {
                verifierScans.incrementAndGet();
                pause();
            }
            return super.getResources(name);
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <R> R withContextLoader(ClassLoader loader, Supplier<R> call) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void unlearnerDefaultIsTheSameInstanceOnRepeatedCallsAndScansOnce() {
        CountingLoader loader = new CountingLoader();
        UnlearnerRegistry first = withContextLoader(loader, UnlearnerRegistry::loadDefault);
        UnlearnerRegistry second = withContextLoader(loader, UnlearnerRegistry::loadDefault);
        assertThat(second).isSameAs(first);
        assertThat(first.names()).containsExactly("good-test");
        assertThat(first.provider("good-test")).isInstanceOf(GoodProvider.class);
        assertThat(loader.unlearnerScans).hasValue(1);
    }

    @Test
    void verifierDefaultIsTheSameInstanceOnRepeatedCallsAndScansOnce() {
        CountingLoader loader = new CountingLoader();
        VerifierRegistry first = withContextLoader(loader, VerifierRegistry::loadDefault);
        VerifierRegistry second = withContextLoader(loader, VerifierRegistry::loadDefault);
        assertThat(second).isSameAs(first);
        assertThat(first.names()).isEmpty();
        assertThat(loader.verifierScans).hasValue(1);
    }

    @Test
    void defaultWithoutAContextLoaderIsTheRegistryOfTheApiClassLoader() {
        assertThat(withContextLoader(null, UnlearnerRegistry::loadDefault))
                .isSameAs(withContextLoader(
                        UnlearnerRegistry.class.getClassLoader(), UnlearnerRegistry::loadDefault));
        assertThat(withContextLoader(null, VerifierRegistry::loadDefault))
                .isSameAs(withContextLoader(
                        VerifierRegistry.class.getClassLoader(), VerifierRegistry::loadDefault));
    }

    @Test
    void eachClassLoaderHasItsOwnDefault() {
        UnlearnerRegistry a = withContextLoader(new CountingLoader(), UnlearnerRegistry::loadDefault);
        UnlearnerRegistry b = withContextLoader(new CountingLoader(), UnlearnerRegistry::loadDefault);
        assertThat(a).isNotSameAs(b);
        assertThat(a.names()).isEqualTo(b.names());
    }

    @Test
    void loadScansAgainOnEveryCall() {
        CountingLoader loader = new CountingLoader();
        UnlearnerRegistry shared = withContextLoader(loader, UnlearnerRegistry::loadDefault);
        UnlearnerRegistry fresh = UnlearnerRegistry.load(loader);
        UnlearnerRegistry again = UnlearnerRegistry.load(loader);
        assertThat(fresh).isNotSameAs(shared).isNotSameAs(again);
        assertThat(fresh.names()).containsExactly("good-test");
        assertThat(loader.unlearnerScans).hasValue(3);
        VerifierRegistry verifiers = VerifierRegistry.load(loader);
        assertThat(verifiers).isNotSameAs(withContextLoader(loader, VerifierRegistry::loadDefault));
        assertThat(loader.verifierScans).hasValue(2);
    }

    @Test
    void threadsAskingAtOnceShareOneScanAndOneRegistry() throws Exception {
        int threads = 8;
        CountingLoader loader = new CountingLoader();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    Thread.currentThread().setContextClassLoader(loader);
                    start.await(10, TimeUnit.SECONDS);
                    return new Object[] {UnlearnerRegistry.loadDefault(), VerifierRegistry.loadDefault()};
                }));
            }
            Object[] first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Object[]> result : results) {
                Object[] got = result.get(10, TimeUnit.SECONDS);
                assertThat(got[0]).isSameAs(first[0]);
                assertThat(got[1]).isSameAs(first[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loader.unlearnerScans).hasValue(1);
        assertThat(loader.verifierScans).hasValue(1);
    }

    @Test
    void registriesBuiltWithOfAreNewAndHoldExactlyTheGivenProviders() {
        TestProvider ft = new TestProvider(
                "ft", UnlearnerRegistryTest.SCHEMA, s -> UnlearnerRegistryTest.unlearner("ft", s));
        UnlearnerRegistry one = UnlearnerRegistry.of(List.of(ft));
        UnlearnerRegistry two = UnlearnerRegistry.of(List.of(ft));
        assertThat(one).isNotSameAs(two).isNotSameAs(UnlearnerRegistry.loadDefault());
        assertThat(one.names()).containsExactly("ft");
        assertThat(one.provider("ft")).isSameAs(ft);
        assertThat(VerifierRegistry.of(List.of())).isNotSameAs(VerifierRegistry.of(List.of()));
    }
}
