package io.github.unlearn4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the JSON files that {@code run-jmh} writes into Markdown tables: each masked step as a
 * fraction of its streaming baseline's time, the baselines' GB/s, the MLP step's GFLOP/s and, where
 * {@code -prof gc} ran, the bytes allocated per operation.
 *
 * <p>Usage: {@code JmhSummary [RESULTS_DIR [OUTPUT_FILE]]}; defaults
 * {@code unlearn-bench/target/results} and {@code RESULTS_DIR/summary.md}. Reads every
 * {@code *.json} in the folder, in name order. Where a benchmark was measured both with and
 * without {@code -prof gc}, the time comes from the run without the profiler and the bytes per op
 * from the profiled one; otherwise the last file read wins.
 */
public final class JmhSummary {
    private static final String PKG = "io.github.unlearn4j.bench.";
    private static final String ALLOC = "gc.alloc.rate.norm";

    /** One benchmark result: score, error, unit, and the allocation per op if measured. */
    private record Score(double score, double error, String unit, Double allocPerOp) {
        String format() {
            return Double.isNaN(error)
                    ? fmt(score)
                    : fmt(score) + " ± " + fmt(error);
        }
    }

    /** method → (parameter value → score), per benchmark class. */
    private final Map<String, Map<String, Map<String, Score>>> results = new TreeMap<>();

    private JmhSummary() {}

    /**
     * Prints the summary and writes it to a file.
     *
     * @param args optional results folder and output file
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "unlearn-bench/target/results");
        Path out = args.length > 1 ? Path.of(args[1]) : dir.resolve("summary.md");
        JmhSummary summary = new JmhSummary();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            summary.read(f);
        }
        String text = summary.render(files);
        System.out.print(text);
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.err.println("JmhSummary: written to " + out);
    }

    private void read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + file + ": " + e.getMessage(), e);
        }
        for (JsonNode run : root) {
            String name = run.path("benchmark").asText();
            if (!name.startsWith(PKG)) {
                continue;
            }
            String[] parts = name.substring(PKG.length()).split("\\.");
            String cls = parts[0];
            String method = parts[parts.length - 1];
            JsonNode params = run.path("params");
            String key = params.isMissingNode() || params.isEmpty()
                    ? ""
                    : params.iterator().next().asText();
            JsonNode primary = run.path("primaryMetric");
            JsonNode alloc = run.path("secondaryMetrics").path(ALLOC);
            Score s = new Score(primary.path("score").asDouble(Double.NaN),
                    primary.path("scoreError").asDouble(Double.NaN),
                    primary.path("scoreUnit").asText(),
                    alloc.isMissingNode() ? null : alloc.path("score").asDouble());
            Map<String, Score> byParam =
                    results.computeIfAbsent(cls, c -> new TreeMap<>()).computeIfAbsent(method, m -> new TreeMap<>(
                            JmhSummary::compareParams));
            Score previous = byParam.get(key);
            if (previous != null && s.allocPerOp() == null && previous.allocPerOp() != null) {
                // a plain run after a -prof gc run: its timing, the gc run's allocation
                s = new Score(s.score(), s.error(), s.unit(), previous.allocPerOp());
            } else if (previous != null && s.allocPerOp() != null && previous.allocPerOp() == null) {
                // a -prof gc run after a plain run: keep the unprofiled timing
                s = new Score(previous.score(), previous.error(), previous.unit(), s.allocPerOp());
            }
            byParam.put(key, s);
        }
    }

    private static int compareParams(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private String render(List<Path> files) {
        StringBuilder b = new StringBuilder();
        b.append("# JMH summary\n\nFrom: ");
        for (int i = 0; i < files.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('`').append(files.get(i).getFileName()).append('`');
        }
        b.append("\n\nfraction = baseline time / step time (1 = the step moves its data as fast as a pure ")
                .append("stream of 24 B/element); baseline GB/s = 24 · size / baseline time.\n");
        maskedTable(b, "MaskedSgdBenchmark", "Pure-Java masked SGD step (reference backend, `MaskedSgd`)",
                new String[] {"measureMaskedStep", "measureMaskedStepWithL1", "measureStep"},
                new String[] {"maskedStep", "maskedStep+ℓ1", "step (no mask)"});
        maskedTable(b, "DjlMaskedStepBenchmark", "DJL masked SGD step (PyTorch engine, CPU, 1 thread)",
                new String[] {"measureMaskedStep", "measureMaskedStepWithL1", "measureUnmaskedStep"},
                new String[] {"masked", "masked+ℓ1", "full mask"});
        mlpTable(b);
        return b.toString();
    }

    private void maskedTable(StringBuilder b, String cls, String title, String[] methods, String[] labels) {
        Map<String, Map<String, Score>> byMethod = results.get(cls);
        if (byMethod == null) {
            return;
        }
        Map<String, Score> baseline = byMethod.getOrDefault("measureStreamingBaseline", Map.of());
        b.append("\n## ").append(title).append("\n\n| size |");
        for (String l : labels) {
            b.append(' ').append(l).append(" µs/op |");
        }
        b.append(" baseline µs/op |");
        for (String l : labels) {
            b.append(" fraction ").append(l).append(" |");
        }
        b.append(" baseline GB/s | alloc B/op (").append(labels[0]).append(") |\n|---:|");
        b.append("---:|".repeat(2 * labels.length + 3)).append('\n');
        TreeMap<String, Boolean> sizes = new TreeMap<>(JmhSummary::compareParams);
        byMethod.values().forEach(m -> m.keySet().forEach(k -> sizes.put(k, true)));
        for (String size : sizes.keySet()) {
            Optional<Score> base = Optional.ofNullable(baseline.get(size));
            b.append("| ").append(size).append(" |");
            for (String m : methods) {
                b.append(' ').append(score(byMethod, m, size).map(Score::format).orElse("–")).append(" |");
            }
            b.append(' ').append(base.map(Score::format).orElse("–")).append(" |");
            for (String m : methods) {
                Optional<Score> s = score(byMethod, m, size);
                b.append(' ').append(base.isPresent() && s.isPresent()
                        ? String.format(Locale.ROOT, "%.3f", base.get().score() / s.get().score())
                        : "–").append(" |");
            }
            double bytes = 24.0 * Long.parseLong(size);
            b.append(' ').append(base.map(s -> String.format(Locale.ROOT, "%.1f",
                    bytes / (s.score() * microsPer(s.unit())) / 1e3)).orElse("–")).append(" |");
            b.append(' ').append(score(byMethod, methods[0], size).map(Score::allocPerOp)
                    .map(JmhSummary::fmt).orElse("–")).append(" |\n");
        }
    }

    private void mlpTable(StringBuilder b) {
        Map<String, Map<String, Score>> byMethod = results.get("MlpTrainingStepBenchmark");
        if (byMethod == null) {
            return;
        }
        b.append("\n## DJL MLP training step (784-256-256-10, batch 256, CPU)\n\n")
                .append(String.format(Locale.ROOT, "GFLOP/s = %,d FLOPs (3 · 2 · 256 · (784·256 + 256·256 + 256·10))"
                        + " / time per step.%n%n", MlpTrainingStepBenchmark.FLOPS_PER_STEP))
                .append("| threads | ms/step | GFLOP/s | alloc B/op |\n|---:|---:|---:|---:|\n");
        byMethod.getOrDefault("measureTrainingStep", Map.of()).forEach((threads, s) -> {
            double seconds = s.score() * microsPer(s.unit()) / 1e6;
            b.append("| ").append(threads).append(" | ")
                    .append(s.format()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", MlpTrainingStepBenchmark.FLOPS_PER_STEP / seconds / 1e9))
                    .append(" | ").append(s.allocPerOp() == null ? "–" : fmt(s.allocPerOp())).append(" |\n");
        });
    }

    private Optional<Score> score(Map<String, Map<String, Score>> byMethod, String method, String size) {
        return Optional.ofNullable(byMethod.getOrDefault(method, Map.of()).get(size));
    }

    /** Microseconds in one unit of a JMH time-per-op score. */
    private static double microsPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit + "; use AverageTime");
        };
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
