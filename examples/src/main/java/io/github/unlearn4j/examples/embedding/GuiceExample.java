package io.github.unlearn4j.examples.embedding;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.inject.UnlearnModule;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application wired with Guice: {@link UnlearnModule} binds the registries, every discovered
 * method and verifier, and the high-level {@link UnlearningService}; the application's own module
 * overrides the default policy. It then injects the service and runs one method.
 */
public final class GuiceExample {
    private static final Logger LOG = LoggerFactory.getLogger(GuiceExample.class);

    private GuiceExample() {}

    /** The application's own wiring: a lenient policy instead of the default strict one. */
    static final class AppModule extends AbstractModule {
        @Override
        protected void configure() {
            OptionalBinder.newOptionalBinder(binder(), ForgettingPolicy.class).setBinding()
                    .toInstance(ForgettingPolicy.lenient());
        }
    }

    /**
     * Builds the injector and runs {@code ft} on a small softmax-regression task.
     *
     * @param args ignored
     * @return the service the injector provided, for tests
     */
    public static UnlearningService run(String[] args) {
        Injector injector = Guice.createInjector(new UnlearnModule(), new AppModule());
        UnlearningService service = injector.getInstance(UnlearningService.class);
        LOG.info("injected service: policy {}, plan {}, {} methods", service.policy().name(), service.plan(),
                service.methods().names().size());
        SplittableRandom r = new SplittableRandom(3);
        float[][] x = new float[120][3];
        int[] y = new int[120];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) ((j == y[i] ? 2 : 0) + r.nextGaussian());
            }
        }
        ArrayDataset data = ArrayDataset.classification("guice-demo", x, y, 3);
        try (SoftmaxRegressionModel model = new SoftmaxRegressionModel(3, 3);
                UnlearnResult result = service.run("ft", Settings.of(Map.of("epochs", 3, "batchSize", 16)), model,
                        DataSplit.of(data, new int[] {0, 1, 2}, null), 1)) {
            LOG.info("ft through the injected service: {}", result.provenance());
        }
        return service;
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(args);
    }
}
