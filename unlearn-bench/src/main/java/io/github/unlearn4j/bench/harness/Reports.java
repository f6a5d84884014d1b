package io.github.unlearn4j.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.bench.harness.ResultsHarness.Comparison;
import io.github.unlearn4j.bench.harness.ResultsHarness.OverlapPoint;
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
    /** How the columns are measured, for both reports. */
    static final String CONVENTIONS = "UA = 100 - accuracy on the forget set; RA = accuracy on the retain set; "
            + "TA = test accuracy; MIA = MIA-efficacy (core's mia verifier, confidence feature: the share of forget "
            + "rows a threshold attack, fitted on retain rows as members and test rows as non-members, calls "
            + "non-members); all in percent. Class-wise forgetting follows the reference code: TA is measured on the "
            + "test rows of the remaining classes and the MIA's non-members exclude the forgotten class; the "
            + "forgotten class's own test accuracy is its own column (not in the Avg. Gap). Random and mislabeled: "
            + "TA on every test row. gap = |metric - retrain's| in the same seed. Avg. Gap (headline) = the gap of "
            + "the means: per metric |mean over seeds - retrain's mean over seeds|, averaged over UA, RA, TA, MIA "
            + "(the SalUn tables' convention); beside it the mean of the per-seed Avg. Gaps with its 95% interval "
            + "(Student's t over seeds). Noise floor: a second retrain per seed from an independent initialization "
            + "and batch order, judged against the first; a method whose mean per-seed Avg. Gap lies within the "
            + "floor's 95% interval is marked indistinguishable from retraining and not ranked. Comparisons are "
            + "paired over seeds (the same seed's original, forget set and retrain): mean difference of per-seed "
            + "Avg. Gaps with its 95% interval; only an interval that excludes 0 is a difference.";

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
        setup.put("validationSeeds", ResultsHarness.VALIDATION_SEEDS);
        setup.put("validationClasses", ResultsHarness.VALIDATION_CLASSES);
        setup.put("selection", SearchSpace.RULE);
        setup.put("metrics", CONVENTIONS);
        j.put("setup", setup);
        j.put("originals", r.originals());
        j.put("phases", r.phases());
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult s : r.scenarios()) {
            Map<String, Object> sj = new LinkedHashMap<>();
            sj.put("scenario", s.scenario().id);
            sj.put("title", s.scenario().title);
            sj.put("forget", s.scenario().reportedForget());
            if (s.note() != null) {
                sj.put("note", s.note());
            }
            Row retrain = s.row("retrain");
            List<Object> rows = new ArrayList<>();
            Stats originalGap = s.row("original").avgGap();
            for (Row row : s.rows()) {
                rows.add(rowJson(s, row, retrain, originalGap));
            }
            sj.put("rows", rows);
            sj.put("noiseFloor", rowJson(s, s.floor(), retrain, originalGap));
            List<Object> ablations = new ArrayList<>();
            for (Row row : s.ablations()) {
                ablations.add(rowJson(s, row, retrain, originalGap));
            }
            sj.put("ablations", ablations);
            List<Object> comparisons = new ArrayList<>();
            for (Comparison c : s.comparisons()) {
                Map<String, Object> cj = new LinkedHashMap<>();
                cj.put("comparison", c.label());
                cj.put("of", c.what());
                cj.put("meanDifference", finite(c.interval().mean()));
                cj.put("low95", finite(c.interval().low()));
                cj.put("high95", finite(c.interval().high()));
                cj.put("seeds", c.interval().n());
                cj.put("excludesZero", c.interval().excludesZero());
                comparisons.add(cj);
            }
            sj.put("comparisons", comparisons);
            Map<String, Object> val = new LinkedHashMap<>();
            val.put("setups", s.validationForget());
            val.put("originalAvgGap", finite(s.validationOriginalGap()));
            if (s.rbmStructure() != null) {
                val.put("rbmStructure", searchJson(s.rbmStructure()));
            }
            Map<String, Object> searches = new LinkedHashMap<>();
            s.searches().forEach((m, search) -> searches.put(m, searchJson(search)));
            val.put("methods", searches);
            sj.put("validation", val);
            scenarios.add(sj);
        }
        j.put("scenarios", scenarios);
        List<Object> overlap = new ArrayList<>();
        for (OverlapPoint p : r.overlap()) {
            Map<String, Object> pj = new LinkedHashMap<>();
            pj.put("class", p.cls());
            pj.put("name", ResultsHarness.CLASS_NAMES[p.cls()]);
            pj.put("overlap", finite(p.overlap()));
            Map<String, Object> gaps = new LinkedHashMap<>();
            p.gaps().forEach((m, g) -> gaps.put(m, g.stream().map(Reports::finite).toList()));
            pj.put("avgGapPerSeed", gaps);
            overlap.add(pj);
        }
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("seeds", r.overlapSeeds());
        study.put("overlap", "the original's confusion mass on the class's test rows: 100 x (1 - mean probability of "
                + "the true class), mean over the seeds");
        study.put("classes", overlap);
        j.put("overlapStudy", study);
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

    private static Map<String, Object> rowJson(ScenarioResult sc, Row row, Row retrain, Stats originalGap) {
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
            put(mean, std, "forgetClassTA", row.stat(s -> s.metrics().forgetClassTa()));
            put(mean, std, "avgGap", row.avgGap());
            put(mean, std, "seconds", row.stat(SeedResult::seconds));
            if (!row.method().equals("original")) {
                put(mean, std, "speedUp", row.stat(s -> s.speedUp() == null ? Double.NaN : s.speedUp()));
            }
            j.put("mean", mean);
            j.put("std", std);
            j.put("gapOfMeans", finite(row.gapOfMeans(retrain)));
            Stats.Interval ci = Stats.interval(row.perSeedGaps());
            j.put("avgGapLow95", finite(ci.low()));
            j.put("avgGapHigh95", finite(ci.high()));
            if (!row.method().equals("retrain") && !row.method().equals("original") && row.complete()) {
                j.put("beatsOriginal", row.avgGap().mean() < originalGap.mean());
                j.put("indistinguishableFromRetraining", sc.indistinguishableFromRetraining(row));
            }
            List<Object> seeds = new ArrayList<>();
            for (SeedResult s : row.seeds()) {
                Map<String, Object> sj = new LinkedHashMap<>();
                sj.put("seed", s.seed());
                sj.put("forgetSize", s.forgetSize());
                s.metrics().asMap().forEach((k, v) -> sj.put(k, finite(v)));
                sj.put("forgetClassTA", finite(s.metrics().forgetClassTa()));
                s.gaps().asMap().forEach((k, v) -> sj.put("gap" + k, finite(v)));
                sj.put("avgGap", finite(s.gaps().mean()));
                sj.put("seconds", finite(s.seconds()));
                sj.put("speedUp", s.speedUp() == null ? null : finite(s.speedUp()));
                if (!s.attacks().isEmpty()) {
                    Map<String, Object> attacks = new LinkedHashMap<>();
                    s.attacks().forEach((k, v) -> attacks.put(k, finite(v)));
                    sj.put("attacks", attacks);
                }
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
        j.put("optimizerSteps", s.steps());
        List<Object> trials = new ArrayList<>();
        for (Trial t : s.trials()) {
            Map<String, Object> tj = new LinkedHashMap<>();
            tj.put("config", t.overrides());
            if (t.error() != null) {
                tj.put("error", t.error());
            } else {
                tj.put("avgGapPerSetup", t.gaps());
                tj.put("avgGap", t.avgGap());
                tj.put("seconds", t.seconds());
                tj.put("optimizerSteps", t.steps());
            }
            trials.add(tj);
        }
        j.put("trials", trials);
        return j;
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
        r.originals().forEach((what, info) -> acc.add(String.format(Locale.ROOT, "%.2f%% (%s)",
                (double) info.get("trainAccuracy"), what)));
        md.append(String.join(", ", acc)).append('\n');
        md.append("- Reported seeds ").append(r.options().seeds()).append(" (").append(seeds)
                .append(seeds == 1 ? " seed" : " seeds").append("); ").append(SearchSpace.RULE).append('\n');
        md.append("- ").append(CONVENTIONS).append("\n\n");
        for (ScenarioResult s : r.scenarios()) {
            md.append("## ").append(s.scenario().title).append(": ").append(forgetText(s)).append("\n\n");
            if (s.note() != null) {
                md.append(s.note()).append(".\n\n");
            }
            md.append(table(s)).append('\n');
            md.append(comparisons(s)).append('\n');
            md.append(attacks(s));
        }
        md.append(overlap(r));
        md.append("## Hyperparameter search\n\n").append(SearchSpace.RULE).append(" Settings not named keep the "
                + "method's defaults.\n\n");
        for (ScenarioResult s : r.scenarios()) {
            if (s.scenario() == ResultsHarness.Scenario.MISLABELED) {
                continue;
            }
            md.append("### ").append(s.scenario().title).append(" (validation: ").append(s.validationForget())
                    .append(String.format(Locale.ROOT, "; original's mean Avg. Gap %.2f)%n%n",
                            s.validationOriginalGap()));
            if (s.rbmStructure() != null) {
                md.append("RBM's structure, a full factorial at its default learning rate and epochs (best 8 of ")
                        .append(s.rbmStructure().trials().size()).append("):\n\n");
                md.append(topTrials(s.rbmStructure(), 8)).append('\n');
            }
            md.append("| Method | Grid | Chosen | Mean validation Avg. Gap (chosen) | Configurations | Optimizer steps |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Search> e : s.searches().entrySet()) {
                Search search = e.getValue();
                md.append("| ").append(e.getKey()).append(" | ").append(search.grid().rule()).append(" | ");
                if (search.notApplicable() != null) {
                    md.append("not applicable | | | |\n");
                    continue;
                }
                md.append(search.chosen() < 0 ? "none (all failed)" : compact(search.chosenOverrides())).append(" | ");
                md.append(search.chosen() < 0 ? "" : String.format(Locale.ROOT, "%.2f",
                        search.trials().get(search.chosen()).avgGap())).append(" | ");
                md.append(search.trials().size()).append(" | ").append(String.format(Locale.ROOT, "%,d", search.steps()))
                        .append(" |\n");
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
        charts.add("[Avg. Gap vs class overlap](" + Charts.OVERLAP + ")");
        md.append(String.join(", ", charts)).append(".\n");
        return md.toString();
    }

    private static String topTrials(Search s, int k) {
        List<Trial> sorted = new ArrayList<>(s.trials());
        sorted.sort(java.util.Comparator.comparingDouble(Trial::avgGap));
        StringBuilder md = new StringBuilder("| Structure | Mean validation Avg. Gap | Per setup |\n|---|---|---|\n");
        for (Trial t : sorted.subList(0, Math.min(k, sorted.size()))) {
            md.append("| ").append(compact(t.overrides())).append(" | ")
                    .append(t.error() != null ? "failed" : String.format(Locale.ROOT, "%.2f", t.avgGap())).append(" | ");
            List<String> g = new ArrayList<>();
            for (double v : t.gaps()) {
                g.add(String.format(Locale.ROOT, "%.2f", v));
            }
            md.append(String.join(" / ", g)).append(" |\n");
        }
        return md.toString();
    }

    private static String overlap(Results r) {
        if (r.overlap().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Class overlap and the gap to retraining\n\n");
        md.append("Class-wise forgetting of each class with ").append(String.join(", ", ResultsHarness.OVERLAP_METHODS))
                .append(" (their class-wise settings) on seeds ").append(r.overlapSeeds())
                .append("; overlap = the original's confusion mass on the class's test rows, 100 × (1 − mean probability "
                        + "of the true class). Avg. Gap as above (TA on the other classes), mean over the seeds.\n\n");
        md.append("| Class | Overlap % |");
        for (String m : ResultsHarness.OVERLAP_METHODS) {
            md.append(' ').append(m).append(" |");
        }
        md.append("\n|---|---|");
        for (int i = 0; i < ResultsHarness.OVERLAP_METHODS.size(); i++) {
            md.append("---|");
        }
        md.append('\n');
        for (OverlapPoint p : r.overlap()) {
            md.append(String.format(Locale.ROOT, "| %d %s | %.2f |", p.cls(), ResultsHarness.CLASS_NAMES[p.cls()],
                    p.overlap()));
            for (String m : ResultsHarness.OVERLAP_METHODS) {
                List<Double> g = p.gaps().getOrDefault(m, List.of());
                md.append(' ').append(g.isEmpty() ? "–" : Stats.of(g).format(2)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n').append(overlapTrend(r)).append("\n\n");
        return md.toString();
    }

    /** Per method, the Pearson correlation of Avg. Gap with overlap across classes, and rbm − ft's. */
    static String overlapTrend(Results r) {
        List<String> parts = new ArrayList<>();
        for (String m : ResultsHarness.OVERLAP_METHODS) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (OverlapPoint p : r.overlap()) {
                List<Double> g = p.gaps().getOrDefault(m, List.of());
                if (!g.isEmpty()) {
                    x.add(p.overlap());
                    y.add(Stats.of(g).mean());
                }
            }
            parts.add(String.format(Locale.ROOT, "%s: r = %.2f", m, Stats.correlation(x, y)));
        }
        List<Double> x = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (OverlapPoint p : r.overlap()) {
            List<Double> a = p.gaps().getOrDefault("rbm", List.of());
            List<Double> b = p.gaps().getOrDefault("ft", List.of());
            if (!a.isEmpty() && a.size() == b.size()) {
                x.add(p.overlap());
                d.add(Stats.of(a).mean() - Stats.of(b).mean());
            }
        }
        parts.add(String.format(Locale.ROOT, "rbm − ft against overlap: r = %.2f (a negative r means RBM's advantage "
                + "grows with overlap, as the theory predicts)", Stats.correlation(x, d)));
        return "Correlation of Avg. Gap with overlap across classes: " + String.join("; ", parts) + ".";
    }

    private static String comparisons(ScenarioResult s) {
        if (s.comparisons().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("Paired differences over seeds (per-seed Avg. Gap; negative = the first is "
                + "closer to retraining):\n\n| Comparison | Mean [95% interval] | Verdict |\n|---|---|---|\n");
        for (Comparison c : s.comparisons()) {
            String verdict = c.interval().n() < 2 ? "one seed: no interval"
                    : !c.interval().excludesZero() ? "tie (interval contains 0)"
                    : c.interval().mean() < 0 ? "first closer to retraining" : "second closer to retraining";
            md.append("| ").append(c.label()).append(" | ").append(c.interval().format(2)).append(" | ")
                    .append(verdict).append(" |\n");
        }
        return md.toString();
    }

    /**
     * The attacks of a scenario: class-mia in class-wise forgetting, U-LiRA in random forgetting,
     * beside the MIA-efficacy gap; empty where none ran.
     *
     * @param s the scenario
     * @return Markdown
     */
    static String attacks(ScenarioResult s) {
        boolean classWise = s.scenario() == ResultsHarness.Scenario.CLASS_WISE;
        String key = classWise ? "classMiaAuc" : "uliraAuc";
        List<Row> rows = new ArrayList<>();
        for (Row r : s.rows()) {
            if (r.seeds().stream().anyMatch(x -> x.attacks().containsKey(key))) {
                rows.add(r);
            }
        }
        if (s.floor().seeds().stream().anyMatch(x -> x.attacks().containsKey(key))) {
            rows.add(1, s.floor());
        }
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        if (classWise) {
            md.append("Class-wise attack (`class-mia`: can a nearest-centroid attack tell the model's probabilities over"
                    + " the remaining classes, on the forgotten class's training rows, from the retrained reference's?"
                    + " 0.5 = cannot; the second retrain is its noise floor), every reported seed:\n\n")
                    .append("| Method | class-mia AUC, mean [95%] | class-mia KL (nats), mean | MIA-efficacy gap, mean |\n")
                    .append("|---|---|---|---|\n");
            for (Row r : rows) {
                List<Double> auc = attackValues(r, "classMiaAuc");
                md.append("| ").append(r.method()).append(" | ").append(plain(Stats.interval(auc), 3)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.3f", Stats.of(attackValues(r, "classMiaKl")).mean()))
                        .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.stat(x -> x.gaps().mia()).mean()))
                        .append(" |\n");
            }
            return md.append('\n').toString();
        }
        md.append("Per-example likelihood-ratio attack (`ulira`, U-LiRA): for each of up to 500 forget rows, Gaussians"
                + " fitted to the logit-scaled confidence of shadow models that trained on the row and unlearned it with"
                + " the same method and settings, and of shadow models retrained without it; AUC of the model's"
                + " likelihood ratios against the retrained reference's on the same rows (0.5 = cannot tell; ± is the"
                + " Hanley–McNeil standard error). The original and the second retrain are attacked with plain LiRA"
                + " (shadows that do not unlearn). MIA-efficacy gap on the same seeds. TPR at 0.1% FPR is the TPR at"
                + " zero false positives below 1,000 targets.\n\n")
                .append("| Method | Seeds | MIA-efficacy gap | U-LiRA AUC per seed | U-LiRA AUC, mean | TPR@1%FPR (%) |"
                        + " TPR@0.1%FPR (%) | Shadow runs | Shadow training (s, recorded) |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        Map<String, double[]> ranks = new LinkedHashMap<>();
        for (Row r : rows) {
            List<SeedResult> attacked = r.seeds().stream().filter(x -> x.attacks().containsKey(key)).toList();
            List<String> per = new ArrayList<>();
            for (SeedResult x : attacked) {
                per.add(String.format(Locale.ROOT, "%.3f ± %.3f", x.attacks().get("uliraAuc"),
                        x.attacks().get("uliraAucStdErr")));
            }
            double gap = attacked.stream().mapToDouble(x -> x.gaps().mia()).average().orElse(Double.NaN);
            double auc = attacked.stream().mapToDouble(x -> x.attacks().get("uliraAuc")).average().orElse(Double.NaN);
            md.append("| ").append(r.method()).append(" | ")
                    .append(attacked.stream().map(x -> Long.toString(x.seed())).toList().toString().replaceAll("[\\[\\]]", ""))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", gap)).append(" | ")
                    .append(String.join("; ", per)).append(" | ").append(String.format(Locale.ROOT, "%.3f", auc))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", mean(attacked, "uliraTprAt1PctFpr")))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", mean(attacked, "uliraTprAt0p1PctFpr")))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", mean(attacked, "uliraShadows")))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", mean(attacked, "uliraSeconds")))
                    .append(" |\n");
            if (!ResultsHarness.ULIRA_CONTROLS.contains(r.method())) {
                ranks.put(r.method(), new double[] {gap, Math.abs(auc - 0.5)});
            }
        }
        if (ranks.size() > 1) {
            List<String> byGap = new ArrayList<>(ranks.keySet());
            byGap.sort((a, b) -> Double.compare(ranks.get(a)[0], ranks.get(b)[0]));
            List<String> byAuc = new ArrayList<>(ranks.keySet());
            byAuc.sort((a, b) -> Double.compare(ranks.get(a)[1], ranks.get(b)[1]));
            md.append("\nRanking, closest to retraining first: by MIA-efficacy gap ").append(String.join(" < ", byGap))
                    .append("; by |U-LiRA AUC − 0.5| ").append(String.join(" < ", byAuc)).append(byGap.equals(byAuc)
                            ? " (the same order)" : " (the order changes)")
                    .append(". Differences in AUC smaller than about two standard errors are ties.\n");
        }
        return md.append('\n').toString();
    }

    private static List<Double> attackValues(Row r, String metric) {
        List<Double> out = new ArrayList<>();
        for (SeedResult x : r.seeds()) {
            Double v = x.attacks().get(metric);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static double mean(List<SeedResult> seeds, String metric) {
        return seeds.stream().mapToDouble(x -> x.attacks().get(metric)).average().orElse(Double.NaN);
    }

    private static String plain(Stats.Interval i, int decimals) {
        if (i.n() == 0) {
            return "–";
        }
        String f = "%." + decimals + "f";
        return i.n() < 2 ? String.format(Locale.ROOT, f + " (one seed)", i.mean())
                : String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", i.mean(), i.low(), i.high());
    }

    private static String recipeText(Results r) {
        var t = r.options().recipe();
        return String.format(Locale.ROOT, "learning rate %s, momentum %s, weight decay %s, batch %d, %s schedule, "
                + "%d epochs", t.learningRate(), t.momentum(), t.weightDecay(), t.batchSize(),
                ResultsHarness.SCHEDULE.name().toLowerCase(Locale.ROOT), t.epochs());
    }

    private static String forgetText(ScenarioResult s) {
        Row retrain = s.row("retrain");
        List<String> sizes = new ArrayList<>();
        for (SeedResult sr : retrain.seeds()) {
            sizes.add(Integer.toString(sr.forgetSize()));
        }
        return s.scenario().reportedForget() + " (" + String.join(", ", sizes) + " rows)";
    }

    /**
     * The table of one scenario: retrain, the noise floor, the original, every method, the
     * ablations.
     *
     * @param s the scenario
     * @return Markdown
     */
    static String table(ScenarioResult s) {
        boolean classWise = s.scenario() == ResultsHarness.Scenario.CLASS_WISE;
        StringBuilder md = new StringBuilder();
        md.append("| Method | UA | RA | TA | MIA |").append(classWise ? " Forgotten class TA |" : "")
                .append(" Avg. Gap ↓ (of means) | Mean per-seed gap [95%] | RTE (s) | Speed-up | Versus retraining |\n");
        md.append("|---|---|---|---|---|").append(classWise ? "---|" : "").append("---|---|---|---|---|\n");
        Row retrain = s.row("retrain");
        Stats originalGap = s.row("original").avgGap();
        List<Row> all = new ArrayList<>();
        all.add(retrain);
        all.add(s.floor());
        for (Row r : s.rows()) {
            if (!r.method().equals("retrain")) {
                all.add(r);
            }
        }
        all.addAll(s.ablations());
        int empty = classWise ? 10 : 9;
        for (Row row : all) {
            md.append("| ").append(row.method());
            if (!row.seeds().isEmpty() && row.seeds().size() < retrain.seeds().size()) {
                md.append(" (").append(row.seeds().size()).append(" of ").append(retrain.seeds().size()).append(" seeds)");
            }
            md.append(" | ");
            if (row.notApplicable() != null) {
                md.append("not applicable: ").append(row.notApplicable().replace("|", "/")).append(" |".repeat(empty))
                        .append('\n');
                continue;
            }
            if (row.seeds().isEmpty()) {
                md.append("failed: ").append(String.valueOf(row.error()).replace("|", "/")).append(" |".repeat(empty))
                        .append('\n');
                continue;
            }
            boolean isRetrain = row == retrain;
            for (int i = 0; i < Metrics.NAMES.length; i++) {
                int k = i;
                md.append(row.stat(x -> x.metrics().get(k)).format(2));
                if (!isRetrain) {
                    md.append(String.format(Locale.ROOT, " (%.2f)", row.stat(x -> x.gaps().get(k)).mean()));
                }
                md.append(" | ");
            }
            if (classWise) {
                md.append(row.stat(x -> x.metrics().forgetClassTa()).format(2)).append(" | ");
            }
            if (isRetrain) {
                md.append("0 | 0 | ");
            } else {
                md.append(String.format(Locale.ROOT, "%.2f", row.gapOfMeans(retrain))).append(" | ");
                Stats.Interval ci = Stats.interval(row.perSeedGaps());
                md.append(ci.n() < 2 ? String.format(Locale.ROOT, "%.2f", ci.mean())
                        : String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", ci.mean(), ci.low(), ci.high())).append(" | ");
            }
            Stats sec = row.stat(SeedResult::seconds);
            md.append(sec.n() == 0 ? "cached" : sec.format(1)).append(" | ");
            if (row.method().equals("original")) {
                md.append("(training) | ");
            } else {
                md.append(isRetrain ? "1.0×"
                        : row.stat(x -> x.speedUp() == null ? Double.NaN : x.speedUp()).format(1) + "×").append(" | ");
            }
            if (isRetrain) {
                md.append("the reference");
            } else if (row == s.floor()) {
                md.append("**the noise floor**");
            } else if (row.method().equals("original")) {
                md.append("the untouched model");
            } else if (Stats.interval(s.floor().perSeedGaps()).n() < 2) {
                md.append("one seed: no floor interval");
            } else if (s.indistinguishableFromRetraining(row)) {
                md.append("indistinguishable from retraining");
            } else {
                md.append(row.avgGap().mean() < originalGap.mean() ? "above the floor" : "**no better than the original**");
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
