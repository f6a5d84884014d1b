package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerificationSuiteDiscoveryTest {
    /** A fresh class loader over the test class path that counts its verifier service-file lookups. */
    static final class CountingLoader extends ClassLoader {
        private static final String SERVICES = "META-INF/services/" + ForgetVerifierProvider.class.getName();
        final AtomicInteger scans = new AtomicInteger();

        CountingLoader() {
            super(VerificationSuiteDiscoveryTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals(SERVICES)) {
                scans.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    @Test
    void buildingSuitesScansTheClassPathOnce() {
        CountingLoader loader = new CountingLoader();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            for (int i = 0; i < 3; i++) {
                VerificationSuite suite =
                        VerificationSuite.builder().addVerifiers(List.of("accuracy", "mia")).build();
                assertThat(suite.names()).containsExactly("accuracy", "mia");
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(loader.scans).hasValue(1);
    }
}
