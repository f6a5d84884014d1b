package io.github.unlearn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ShadowThroughputMain's command line and its bad input, checked before any data is read. */
class ShadowThroughputMainTest {
    @TempDir
    Path dir;

    private static Captured run(String... args) {
        return Captured.run(ShadowThroughputMain::run, args);
    }

    @Test
    void helpListsTheOptions() {
        Captured r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: ShadowThroughputMain", "--data=DIR", "--limit=N", "--shadows=N",
                "--epochs=N", "--threads=T", "--seed=S");
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertThat(run("--threads", "1,0")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("ShadowThroughputMain: --threads = 0: must be at least 1");
        });
        assertThat(run("--shadows", "1")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--shadows = 1: must be at least 2");
        });
        assertThat(run("--data", dir.resolve("missing").toString())).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("fashionMnist.folder").contains("missing");
        });
    }
}
