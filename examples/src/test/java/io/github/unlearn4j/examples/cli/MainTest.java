package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void methodsListsFtRetrainAndTheAccuracyVerifier() {
        assertThat(run("methods")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Unlearners:", "  ft ", "  retrain ", "Verifiers:", "  accuracy ");
        for (String name : new String[] {"ga", "neggrad+", "rl", "l1-sparse", "ce-ft", "ice-ft", "kl-ft", "salun",
                "rbm", "scrub", "newton"}) {
            assertThat(text).contains("  " + name + " ");
        }
    }

    @Test
    void theoryJsonShowsFtFailingToForgetInTheDistinctRegime() throws Exception {
        assertThat(run("theory", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.fieldNames()).toIterable().containsExactly("distinct", "overlapping");
        JsonNode distinct = json.get("distinct");
        assertThat(distinct.fieldNames()).toIterable().contains("pretrained", "ft", "golden");
        for (String model : new String[] {"pretrained", "ft", "golden"}) {
            assertThat(distinct.get(model).fieldNames()).toIterable()
                    .containsExactly("remainingLoss", "forgetLoss", "distanceToGolden");
        }
        double ftForget = distinct.get("ft").get("forgetLoss").asDouble();
        double goldenForget = distinct.get("golden").get("forgetLoss").asDouble();
        assertThat(distinct.get("ft").get("remainingLoss").asDouble()).isLessThan(1e-6);
        assertThat(ftForget).isLessThan(1e-6 * goldenForget);
        assertThat(distinct.get("ft").get("distanceToGolden").asDouble()).isGreaterThan(0.3);
    }

    @Test
    void theoryJsonHasRbmAndSalunInBothRegimes() throws Exception {
        assertThat(run("theory", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        for (String regime : new String[] {"distinct", "overlapping"}) {
            for (String model : new String[] {"rbm", "salun"}) {
                assertThat(json.get(regime).get(model).fieldNames()).toIterable()
                        .containsExactly("remainingLoss", "forgetLoss", "distanceToGolden");
            }
        }
        assertThat(json.get("distinct").get("rbm").get("distanceToGolden").asDouble()).isLessThan(1e-4);
        assertThat(json.get("overlapping").get("rbm").get("distanceToGolden").asDouble())
                .isLessThan(json.get("overlapping").get("ft").get("distanceToGolden").asDouble());
    }

    @Test
    void badInputExitsWithStatus2AndNamesTheProblem() {
        assertThat(run("theory", "--seed", "abc")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seed = abc");
        assertThat(run("theory", "--sed", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sed").contains("--seed");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'");
    }
}
