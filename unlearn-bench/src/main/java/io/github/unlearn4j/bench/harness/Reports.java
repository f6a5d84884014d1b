package io.github.unlearn4j.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.bench.harness.ResultsHarness.Results;
import io.github.unlearn4j.bench.harness.ResultsHarness.Row;
import io.github.unlearn4j.bench.harness.ResultsHarness.ScenarioResult;
import io.github.unlearn4j.bench.harness.ResultsHarness.Search;
import io.github.unlearn4j.bench.harness.ResultsHarness.SeedResult;
import io.github.unlearn4j.bench.harness.ResultsHarness.Trial;
import io.github.unlearn4j.djl.DjlDevices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the harness's results: {@code results.json} (everything, per seed and per search
 * configuration), {@code results.md} (the tables) and the PNG charts ({@link Charts}).
 */
final class Reports {
    /** The JSON file's name. */
    static final String JSON = "results.json";
    /** The Markdown file's name. */
    static final String MARKDOWN = "results.md";

    private Reports() {}

    /**
     * Writes every output.
     *
     * @param r the results
     * @param out the folder
     * @return the files written
     */
    static List<Path> write(Results r, Path out) {
        try {
            Files.createDirectories(out);
            List<Path> written = new ArrayList<>();
            Path json = out.resolve(JSON);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), json(r));
            written.add(json);
            Path md = out.resolve(MARKDOWN);
            Files.writeString(md, markdown(r), StandardCharsets.UTF_8);
            written.add(md);
            written.addAll(Charts.write(r, out));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + out + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ JSON

    static Map<String, Object> json(Results r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", "unlearn-bench/run-table" + (r.command().isEmpty() ? "" : " " + r.command()));
        j.put("date", r.startedAt().toString());
        j.put("wallSeconds", r.wallSeconds());
        j.put("machine", machine());
        j.put("dataset", r.dataset());
        if (r.dataNote() != null) {
            j.put("dataNote", r.dataNote());
        }
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("quick", r.options().quick());
        setup.put("trainSize", r.sizes()[0]);
        setup.put("testSize", r.sizes()[1]);
        setup.put("validationSize", r.sizes()[2]);
        setup.put("architecture", r.architecture());
        setup.put("device", r.device());
        setup.put("originalRecipe", ResultsHarness.recipeStrings(r.options().recipe()));
        setup.put("seeds", r.options().seeds());
        setup.put("validationSeed", ResultsHarness.VALIDATION_SEED);
        setup.put("searchBudget", r.options().quick() ? 1 : SearchSpace.BUDGET);
        setup.put("selection", "per scenario, the configuration with the smallest Avg. Gap on the validation setup "
                + "(seed " + ResultsHarness.VALIDATION_SEED + ", its own original and retrain, its own forget set, "
                + "metrics on the validation test images)");
        setup.put("metrics", "UA = 100 - forget accuracy, RA, TA, MIA = MIA-efficacy (mia verifier, confidence "
                + "feature), all in percent; gap = |metric - retrain's| in the same seed; Avg. Gap = mean gap over "
                + "UA, RA, TA, MIA; seconds = unlearner run time (original: training time); speedUp = retrain "
                + "seconds / seconds, same seed and run");
        j.put("setup", setup);
        Map<String, Object> originals = new LinkedHashMap<>();
        r.originals().forEach((seed, info) -> originals.put(Long.toString(seed), info));
        j.put("originals", originals);
        j.put("phases", r.phases());
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult s : r.scenarios()) {
            Map<String, Object> sj = new LinkedHashMap<>();
            sj.put("scenario", s.scenario().id);
            sj.put("title", s.scenario().title);
            sj.put("forget", s.scenario().reportedForget());
            List<Object> rows = new ArrayList<>();
            Stats originalGap = row(s, "original").avgGap();
            for (Row row : s.rows()) {
                rows.add(rowJson(row, originalGap));
            }
            sj.put("rows", rows);
            Map<String, Object> val = new LinkedHashMap<>();
            val.put("forget", s.validationForget());
            val.put("retrain", s.validationRetrain().asMap());
            val.put("originalAvgGap", s.validationOriginalGap());
            Map<String, Object> searches = new LinkedHashMap<>();
            s.searches().forEach((m, search) -> searches.put(m, searchJson(search)));
            val.put("methods", searches);
            sj.put("validation", val);
            scenarios.add(sj);
        }
        j.put("scenarios", scenarios);
        return j;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try {
            m.put("engine", DjlDevices.ENGINE + " " + DjlDevices.engine().getVersion());
        } catch (RuntimeException e) {
            m.put("engine", DjlDevices.ENGINE);
        }
        return m;
    }

    private static Map<String, Object> rowJson(Row row, Stats originalGap) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("method", row.method());
        j.put("applicable", row.notApplicable() == null);
        if (row.notApplicable() != null) {
            j.put("notApplicable", row.notApplicable());
        }
        if (row.error() != null) {
            j.put("error", row.error());
        }
        j.put("settings", row.settings());
        if (!row.seeds().isEmpty()) {
            Map<String, Object> mean = new LinkedHashMap<>();
            Map<String, Object> std = new LinkedHashMap<>();
            for (int i = 0; i < Metrics.NAMES.length; i++) {
                int k = i;
                put(mean, std, Metrics.NAMES[i], row.stat(s -> s.metrics().get(k)));
                put(mean, std, "gap" + Metrics.NAMES[i], row.stat(s -> s.gaps().get(k)));
            }
            put(mean, std, "avgGap", row.avgGap());
            put(mean, std, "seconds", row.stat(SeedResult::seconds));
            if (!row.method().equals("original")) {
                put(mean, std, "speedUp", row.stat(s -> s.speedUp() == null ? Double.NaN : s.speedUp()));
            }
            j.put("mean", mean);
            j.put("std", std);
            if (!row.method().equals("retrain") && !row.method().equals("original") && row.complete()) {
                j.put("beatsOriginal", row.avgGap().mean() < originalGap.mean());
            }
            List<Object> seeds = new ArrayList<>();
            for (SeedResult s : row.seeds()) {
                Map<String, Object> sj = new LinkedHashMap<>();
                sj.put("seed", s.seed());
                sj.put("forgetSize", s.forgetSize());
                sj.putAll(s.metrics().asMap());
                Map<String, Double> gaps = new LinkedHashMap<>();
                s.gaps().asMap().forEach((k, v) -> gaps.put("gap" + k, v));
                sj.putAll(gaps);
                sj.put("avgGap", s.gaps().mean());
                sj.put("seconds", finite(s.seconds()));
                sj.put("speedUp", s.speedUp() == null ? null : finite(s.speedUp()));
                seeds.add(sj);
            }
            j.put("seeds", seeds);
        }
        return j;
    }

    private static void put(Map<String, Object> mean, Map<String, Object> std, String name, Stats s) {
        mean.put(name, finite(s.mean()));
        std.put(name, finite(s.std()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> searchJson(Search s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("grid", s.grid().rule());
        if (s.notApplicable() != null) {
            j.put("notApplicable", s.notApplicable());
            return j;
        }
        j.put("chosen", s.chosenOverrides());
        j.put("chosenSettings", s.chosen() < 0 ? null : s.trials().get(s.chosen()).settings());
        List<Object> trials = new ArrayList<>();
        for (Trial t : s.trials()) {
            Map<String, Object> tj = new LinkedHashMap<>();
            tj.put("config", t.overrides());
            if (t.error() != null) {
                tj.put("error", t.error());
            } else {
                tj.putAll(t.metrics().asMap());
                tj.put("avgGap", t.avgGap());
                tj.put("seconds", t.seconds());
            }
            trials.add(tj);
        }
        j.put("trials", trials);
        return j;
    }

    static Row row(ScenarioResult s, String method) {
        for (Row r : s.rows()) {
            if (r.method().equals(method)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no row " + method);
    }

    // ------------------------------------------------------------------ Markdown

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        int seeds = r.options().seeds().size();
        md.append("# unlearn4j results: ").append(r.dataset()).append(", ").append(r.architecture()).append("\n\n");
        if (r.dataNote() != null) {
            md.append("> **Note:** ").append(r.dataNote()).append(".\n\n");
        }
        Map<String, Object> machine = machine();
        md.append(String.format(Locale.ROOT, "- Command: `unlearn-bench/run-table%s` (%s), wall time %.1f min%n",
                r.command().isEmpty() ? "" : " " + r.command(), r.options().quick() ? "quick smoke run" : "full run",
                r.wallSeconds() / 60));
        md.append("- Date: ").append(r.startedAt()).append("; machine: ").append(machine.get("cores"))
                .append(" cores, ").append(machine.get("os")).append(", ").append(machine.get("java")).append(", ")
                .append(machine.get("engine")).append(", device ").append(r.device()).append('\n');
        md.append(String.format(Locale.ROOT, "- Data: %,d training images, %,d test images (reported), %,d other test "
                + "images (validation)%s%n", r.sizes()[0], r.sizes()[1], r.sizes()[2],
                r.dataset().equals("fashion-mnist") ? "; pixels standardized" : ""));
        md.append("- Original and retrain: ").append(r.architecture()).append(", SGD ")
                .append(recipeText(r)).append("; original train accuracy ");
        List<String> acc = new ArrayList<>();
        r.originals().forEach((seed, info) -> acc.add(String.format(Locale.ROOT, "%.2f%% (seed %d)",
                (double) info.get("trainAccuracy"), seed)));
        md.append(String.join(", ", acc)).append('\n');
        md.append("- Seeds ").append(r.options().seeds()).append(", mean ± std (sample) over ").append(seeds)
                .append(seeds == 1 ? " seed" : " seeds")
                .append("; hyperparameters chosen on the validation setup (seed ")
                .append(ResultsHarness.VALIDATION_SEED).append("), never on these numbers\n");
        md.append("- UA, RA, TA, MIA in %; (gap to retrain) after each; Avg. Gap = mean gap over the four, lower is "
                + "better; RTE = run time in seconds (the original's: its training time); speed-up = retrain's RTE / "
                + "RTE in the same seed and run. A method counts only if its Avg. Gap beats the original's.\n\n");
        for (ScenarioResult s : r.scenarios()) {
            md.append("## ").append(s.scenario().title).append(": ").append(forgetText(s)).append("\n\n");
            md.append(table(s)).append('\n');
        }
        md.append("## Hyperparameter search\n\n");
        md.append("Each method gets ").append(r.options().quick() ? 1 : SearchSpace.BUDGET)
                .append(" configurations; the one with the smallest validation Avg. Gap is kept, per scenario. ")
                .append("Validation: seed ").append(ResultsHarness.VALIDATION_SEED)
                .append(" (its own original and retrain), its own forget set, metrics on the validation test images.")
                .append(" Settings not named keep the method's defaults.\n\n");
        for (ScenarioResult s : r.scenarios()) {
            md.append("### ").append(s.scenario().title).append(" (validation: ").append(s.validationForget())
                    .append(String.format(Locale.ROOT, "; original's Avg. Gap %.2f)%n%n", s.validationOriginalGap()));
            md.append("| Method | Grid | Chosen | Validation Avg. Gap of each configuration |\n|---|---|---|---|\n");
            for (Map.Entry<String, Search> e : s.searches().entrySet()) {
                Search search = e.getValue();
                md.append("| ").append(e.getKey()).append(" | ").append(search.grid().rule()).append(" | ");
                if (search.notApplicable() != null) {
                    md.append("not applicable | |\n");
                    continue;
                }
                md.append(search.chosen() < 0 ? "none (all failed)" : compact(search.chosenOverrides())).append(" | ");
                List<String> gaps = new ArrayList<>();
                for (int i = 0; i < search.trials().size(); i++) {
                    Trial t = search.trials().get(i);
                    String g = t.error() != null ? "failed" : String.format(Locale.ROOT, "%.2f", t.avgGap());
                    gaps.add(i == search.chosen() ? "**" + g + "**" : g);
                }
                md.append(String.join(" / ", gaps)).append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Wall time per phase\n\n| Phase | Seconds |\n|---|---|\n");
        r.phases().forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", k, v)));
        md.append("\nCharts: ");
        List<String> charts = new ArrayList<>();
        for (ScenarioResult s : r.scenarios()) {
            charts.add("[gap bars, " + s.scenario().id + "](" + Charts.barFile(s) + ")");
        }
        charts.add("[Avg. Gap vs run time](" + Charts.SCATTER + ")");
        md.append(String.join(", ", charts)).append(".\n");
        return md.toString();
    }

    private static String recipeText(Results r) {
        var t = r.options().recipe();
        return String.format(Locale.ROOT, "learning rate %s, momentum %s, weight decay %s, batch %d, %s schedule, "
                + "%d epochs", t.learningRate(), t.momentum(), t.weightDecay(), t.batchSize(),
                ResultsHarness.SCHEDULE.name().toLowerCase(Locale.ROOT), t.epochs());
    }

    private static String forgetText(ScenarioResult s) {
        Row retrain = row(s, "retrain");
        List<String> sizes = new ArrayList<>();
        for (SeedResult sr : retrain.seeds()) {
            sizes.add(Integer.toString(sr.forgetSize()));
        }
        return s.scenario().reportedForget() + " (" + String.join(", ", sizes) + " rows)";
    }

    /**
     * The table of one scenario.
     *
     * @param s the scenario
     * @return Markdown
     */
    static String table(ScenarioResult s) {
        StringBuilder md = new StringBuilder();
        md.append("| Method | UA | RA | TA | MIA | Avg. Gap ↓ | RTE (s) | Speed-up | Beats original |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        Stats originalGap = row(s, "original").avgGap();
        int seeds = row(s, "retrain").seeds().size();
        for (Row row : s.rows()) {
            md.append("| ").append(row.method());
            if (!row.seeds().isEmpty() && row.seeds().size() < seeds) {
                md.append(" (").append(row.seeds().size()).append(" of ").append(seeds).append(" seeds)");
            }
            md.append(" | ");
            if (row.notApplicable() != null) {
                md.append("not applicable: ").append(row.notApplicable().replace("|", "/")).append(" | | | | | | | |\n");
                continue;
            }
            if (row.seeds().isEmpty()) {
                md.append("failed: ").append(String.valueOf(row.error()).replace("|", "/")).append(" | | | | | | | |\n");
                continue;
            }
            for (int i = 0; i < Metrics.NAMES.length; i++) {
                int k = i;
                md.append(row.stat(x -> x.metrics().get(k)).format(2));
                if (!row.method().equals("retrain")) {
                    md.append(String.format(Locale.ROOT, " (%.2f)", row.stat(x -> x.gaps().get(k)).mean()));
                }
                md.append(" | ");
            }
            md.append(row.method().equals("retrain") ? "0" : row.avgGap().format(2)).append(" | ");
            Stats sec = row.stat(SeedResult::seconds);
            md.append(sec.n() == 0 ? "cached" : sec.format(1)).append(" | ");
            if (row.method().equals("original")) {
                md.append("(training) | ");
            } else {
                md.append(row.method().equals("retrain") ? "1.0×"
                        : row.stat(x -> x.speedUp() == null ? Double.NaN : x.speedUp()).format(1) + "×").append(" | ");
            }
            if (row.method().equals("retrain") || row.method().equals("original")) {
                md.append("–");
            } else {
                md.append(row.avgGap().mean() < originalGap.mean() ? "yes" : "**no**");
            }
            if (row.error() != null) {
                md.append(" (failed: ").append(row.error().replace("|", "/")).append(')');
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String compact(Map<String, Object> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
