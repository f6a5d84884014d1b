package io.github.unlearn4j.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.fixtures.GoodProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnlearnerRegistryTest {
    static final Setting<Double> LR = Setting.positiveReal("lr", 0.01, "learning rate");
    static final Setting<Integer> EPOCHS = Setting.integer("epochs", 5, 1, 100, "epochs");
    static final SettingsSchema SCHEMA = SettingsSchema.of("ft", List.of(LR, EPOCHS));

    static Unlearner unlearner(String name, ResolvedSettings settings) {
        return new Unlearner() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ResolvedSettings settings() {
                return settings;
            }

            @Override
            public UnlearnResult unlearn(UnlearnRequest request) {
                throw new UnsupportedOperationException("not in tests");
            }
        };
    }

    private final TestProvider ft = new TestProvider("ft", SCHEMA, s -> unlearner("ft", s));

    @Test
    void discoveryFromServiceFileKeepsOnlyTheGoodProvider() {
        assertThatCode(UnlearnerRegistry::loadDefault).doesNotThrowAnyException();
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        assertThat(registry.names()).containsExactly("good-test");
        assertThat(registry.provider("good-test")).isInstanceOf(GoodProvider.class);
        Unlearner u = registry.create("good-test", Settings.of(Map.of("epochs", "7")));
        assertThat(u.name()).isEqualTo("good-test");
        assertThat(u.settings().get(GoodProvider.EPOCHS)).isEqualTo(7);
    }

    @Test
    void createPassesResolvedSettingsWithDefaults() {
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(ft));
        Unlearner u = registry.create("ft", Settings.of(Map.of("epochs", 9L)));
        assertThat(u.name()).isEqualTo("ft");
        assertThat(u.settings().get(EPOCHS)).isEqualTo(9);
        assertThat(u.settings().get(LR)).isEqualTo(0.01);
        assertThat(u.settings().schema()).isSameAs(SCHEMA);
        assertThat(ft.creates).hasValue(1);
    }

    @Test
    void createRejectsUnknownSettingBeforeCallingProvider() {
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(ft));
        assertThatThrownBy(() -> registry.create("ft", Settings.of(Map.of("epoch", 9))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown setting 'epoch' for ft; known settings: [lr, epochs]");
        assertThat(ft.creates).hasValue(0);
    }

    @Test
    void createRejectsOutOfRangeSetting() {
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(ft));
        assertThatThrownBy(() -> registry.create("ft", Settings.of(Map.of("epochs", 0))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'epochs' of ft = 0");
        assertThat(ft.creates).hasValue(0);
    }

    @Test
    void createRejectsUnknownMethodListingKnownOnes() {
        TestProvider ga = new TestProvider("ga", SettingsSchema.of("ga", List.of()), s -> unlearner("ga", s));
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(ft, ga));
        assertThatThrownBy(() -> registry.create("retrain", Settings.empty()))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessage("unknown unlearner 'retrain'; known unlearners: [ft, ga]");
        assertThatThrownBy(() -> registry.provider("retrain")).isInstanceOf(UnknownProviderException.class);
        assertThat(registry.providers()).containsExactly(ft, ga);
    }

    @Test
    void createWrapsProviderRuntimeExceptionInBackendException() {
        IllegalStateException boom = new IllegalStateException("native library missing");
        TestProvider broken = new TestProvider("broken", SettingsSchema.of("broken", List.of()), s -> {
            throw boom;
        });
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(broken));
        assertThatThrownBy(() -> registry.create("broken", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessageContaining("unlearner provider 'broken'")
                .hasMessageContaining(TestProvider.class.getName())
                .hasMessageContaining("native library missing")
                .hasCause(boom);
    }

    @Test
    void createPassesInvalidRequestExceptionThroughUnchanged() {
        InvalidRequestException bad = InvalidRequestException.of("lr", 0.5, "too large for this backend");
        TestProvider picky = new TestProvider("picky", SettingsSchema.of("picky", List.of()), s -> {
            throw bad;
        });
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.<UnlearnerProvider>of(picky));
        assertThatThrownBy(() -> registry.create("picky", Settings.empty())).isSameAs(bad);
    }

    @Test
    void createPassesInvalidSettingExceptionThroughUnchanged() {
        InvalidSettingException bad = new InvalidSettingException("setting 'x' of picky = 1: nope");
        TestProvider picky = new TestProvider("picky", SettingsSchema.of("picky", List.of()), s -> {
            throw bad;
        });
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(picky));
        assertThatThrownBy(() -> registry.create("picky", Settings.empty())).isSameAs(bad);
    }

    @Test
    void createWrapsAThrowingSettingsSchemaLikeAThrowingCreate() {
        IllegalStateException boom = new IllegalStateException("schema table missing");
        TestProvider broken = new TestProvider("broken", null, s -> unlearner("broken", s)) {
            @Override
            public SettingsSchema settingsSchema() {
                throw boom;
            }
        };
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(broken));
        assertThatThrownBy(() -> registry.create("broken", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessageStartingWith("unlearner provider 'broken' (" + broken.getClass().getName() + ")")
                .hasMessageContaining("failed to report its settings schema")
                .hasMessageContaining("schema table missing")
                .hasCause(boom);
        assertThat(broken.creates).hasValue(0);
    }

    @Test
    void createWrapsASettingsSchemaThatFailsToLink() {
        NoClassDefFoundError missing = new NoClassDefFoundError("org/example/Missing");
        TestProvider broken = new TestProvider("broken", null, s -> unlearner("broken", s)) {
            @Override
            public SettingsSchema settingsSchema() {
                throw missing;
            }
        };
        assertThatThrownBy(() -> UnlearnerRegistry.of(List.of(broken)).create("broken", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessageContaining("'broken'")
                .hasCause(missing);
    }

    @Test
    void createRefusesANullSettingsSchemaNamingTheProvider() {
        TestProvider broken = new TestProvider("schemaless", null, s -> unlearner("schemaless", s));
        assertThatThrownBy(() -> UnlearnerRegistry.of(List.of(broken)).create("schemaless", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessage("unlearner provider 'schemaless' (" + TestProvider.class.getName()
                        + ") returned a null settings schema");
        assertThat(broken.creates).hasValue(0);
    }

    @Test
    void createRefusesANullUnlearnerNamingTheProvider() {
        TestProvider lazy = new TestProvider("lazy", SettingsSchema.of("lazy", List.of()), s -> null);
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(lazy));
        assertThatThrownBy(() -> registry.create("lazy", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessage("unlearner provider 'lazy' (" + TestProvider.class.getName() + ") returned null from create")
                .hasNoCause();
        assertThat(lazy.creates).hasValue(1);
    }

    @Test
    void createWithNullSettingsSaysToPassEmpty() {
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(ft));
        assertThatThrownBy(() -> registry.create("ft", null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("settings must not be null; pass Settings.empty()");
        assertThat(ft.creates).hasValue(0);
    }

    @Test
    void createWithNullNameListsTheKnownNames() {
        UnlearnerRegistry registry = UnlearnerRegistry.of(List.of(ft));
        assertThatThrownBy(() -> registry.create(null, Settings.empty()))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("unlearner name must not be null; known unlearners: [ft]");
    }
}
