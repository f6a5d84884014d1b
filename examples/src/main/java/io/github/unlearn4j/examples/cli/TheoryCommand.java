package io.github.unlearn4j.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code theory}: FT against the golden model in overparameterized linear regression, in the
 * distinct and overlapping feature regimes (DESIGN.md §2).
 */
@Command(name = "theory", description = "FT against the golden model in overparameterized linear regression,"
        + " in the distinct and overlapping feature regimes (the paper's theory).")
final class TheoryCommand implements Callable<Integer> {
    static final long DEFAULT_SEED = 7;
    private final PrintStream out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT_SEED;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    TheoryCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        Map<String, Map<String, Map<String, Double>>> figuresJson = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (FeatureRegime regime : FeatureRegime.values()) {
            LinearTheoryData data = LinearTheoryData.generate(regime, LinearTheoryData.Config.DEFAULT, seed);
            LinearTheory theory = new LinearTheory(data, registry);
            Map<String, LinearTheory.Figures> figures = theory.run(seed);
            String key = regime.name().toLowerCase(Locale.ROOT);
            Map<String, Map<String, Double>> models = new LinkedHashMap<>();
            figures.forEach((model, f) -> {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("remainingLoss", f.remainingLoss());
                m.put("forgetLoss", f.forgetLoss());
                m.put("distanceToGolden", f.distanceToGolden());
                models.put(model, m);
            });
            figuresJson.put(key, models);
            LinearTheoryData.Config c = data.config();
            text.append(String.format(Locale.ROOT, "%s features: n_r=%d, n_f=%d, d=%d%s, seed %d%n", key,
                    c.nRetain(), c.nForget(), data.dimension(),
                    regime == FeatureRegime.OVERLAPPING ? ", shared d_lap=" + c.dOverlap() : "", seed));
            text.append(String.format(Locale.ROOT, "  %-12s %15s %15s %18s%n", "model", "remainingLoss",
                    "forgetLoss", "distanceToGolden"));
            figures.forEach((model, f) -> text.append(String.format(Locale.ROOT, "  %-12s %15.4g %15.4g %18.4g%n",
                    model, f.remainingLoss(), f.forgetLoss(), f.distanceToGolden())));
            double[] ft = theory.runMethod("ft", theory.convergentTrainingSettings(), seed);
            text.append(String.format(Locale.ROOT,
                    "  FT closed form: |(w_t - w_g) - (I - P_r) w_o| / |w_o| = %.3g%n%n", theory.ftClosedFormError(ft)));
        }
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figuresJson));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.print(text);
            out.println("FT keeps the forget set's fit (forget loss ~ pretrained), golden does not: FT does not forget.");
            out.println("RBM resets the weights the retain set does not use, then fine-tunes: golden in the distinct");
            out.println("regime, closer than FT in the overlapping one. SalUn-style masking on the same budget resets");
            out.println("shared weights (see salun-masked's remaining loss) and leaves forget-only ones in place.");
            out.println("*-masked rows: the weights right after the mask, before any training.");
        }
        return 0;
    }
}
