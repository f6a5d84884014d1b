package io.github.unlearn4j.bench.harness;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.bench.harness.ResultsHarness.Options;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The command line of {@link ResultsHarness}, parsed by picocli into {@link Options}. Options left
 * out take the full run's defaults, or {@code --quick}'s.
 */
@Command(name = "ResultsHarness", sortOptions = false,
        description = "Reproduces the results table on Fashion-MNIST: every registered method, retrain and the"
                + " original, class-wise and random forgetting, several seeds, a search per method on a validation"
                + " setup. Writes results.json, results.md and PNG charts.",
        footer = {"", "Exit status: 0 when the outputs were written, 2 on bad input (before any compute), 1 when the"
                + " harness failed.", "Run it with: unlearn-bench/run-table [--quick] [OPTIONS]"})
final class ResultsHarnessCommand implements Callable<Integer> {
    private final PrintStream err;
    private final String command;
    /** The model picocli parses into: the annotated options, then one option per {@link Size}. */
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--quick", description = "CI smoke run: seed 1, 1,500 train / 500 test / 500 validation images,"
            + " original 5 epochs, 1 search configuration per method with 1 epoch.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("unlearn-bench/target/results");

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default:"
            + " /usr/share/datasets/fashion-mnist; only that default falls back to synthetic data when missing).")
    Path data;

    @Option(names = "--synthetic", description = "Use SyntheticImages even if Fashion-MNIST is there (not with"
            + " --data).")
    boolean synthetic;

    @Option(names = "--seeds", paramLabel = "S", split = "\\s*,\\s*", splitSynopsisLabel = ",",
            description = "Reported seeds, comma-separated (default: 1,2,3,4,5; --quick: 1); the validation setups"
                    + " always use seeds 1000 and 1001; repeatable.")
    List<Long> seeds;

    @Option(names = "--ulira-seeds", paramLabel = "S", split = "\\s*,\\s*", splitSynopsisLabel = ",",
            description = "Reported seeds on which random forgetting runs the U-LiRA attack on the original, the second"
                    + " retrain and every method (default: the first 2 reported seeds; --quick: the first);"
                    + " each must be a reported seed.")
    List<Long> uliraSeeds;

    @Option(names = "--ulira-shadows", paramLabel = "K", description = "U-LiRA's shadow runs per forget set (default:"
            + " 16; --quick: 4; 0: no U-LiRA).")
    Integer uliraShadows;

    @Option(names = "--methods", paramLabel = "M", split = "\\s*,\\s*", splitSynopsisLabel = ",",
            description = "Only these methods, comma-separated (default: every registered method; retrain always"
                    + " runs).")
    List<String> methods;

    /**
     * The options that take a positive number of images or epochs, each with the default of a full
     * run and of a {@code --quick} run, stated once here for the help and for {@link #options()}.
     */
    enum Size {
        /** Training images. */
        TRAIN_LIMIT("--train-limit", "Training images", 10_000, 1_500),
        /** Reported test images. */
        TEST_SIZE("--test-size", "Reported test images", 5_000, 500),
        /** Validation test images. */
        VALIDATION_SIZE("--validation-size", "Validation test images, taken after the test images", 5_000, 500),
        /** Epochs of the original and of retrain. */
        ORIGINAL_EPOCHS("--original-epochs", "Epochs of the original and of retrain", Options.FULL_ORIGINAL_EPOCHS,
                5);

        final String option;
        final String description;
        final int full;
        final int quick;

        Size(String option, String description, int full, int quick) {
            this.option = option;
            this.description = description;
            this.full = full;
            this.quick = quick;
        }

        OptionSpec optionSpec() {
            return OptionSpec.builder(option).paramLabel("N").type(Integer.class)
                    .description(description + " (default: " + full + "; --quick: " + quick + ").").build();
        }
    }

    /**
     * A command that runs the harness.
     *
     * @param err where progress and warnings go
     * @param command the arguments as typed, for the reports
     */
    ResultsHarnessCommand(PrintStream err, String command) {
        this.err = err;
        this.command = command;
    }

    /**
     * Parses arguments into options, without running anything (for tests).
     *
     * @param args the arguments
     * @return the options
     * @throws CommandLine.ParameterException on an unknown option, a stray argument, a bad number or
     *     an option given twice
     * @throws InvalidRequestException on a bad value
     */
    static Options parse(String... args) {
        ResultsHarnessCommand c = new ResultsHarnessCommand(System.err, String.join(" ", args));
        new CommandLine(c.commandSpec()).parseArgs(args);
        return c.options();
    }

    /**
     * The picocli model of this command: its annotated options, then the {@link Size} options.
     *
     * @return the model, to parse once
     */
    CommandSpec commandSpec() {
        spec = CommandSpec.forAnnotatedObject(this);
        for (Size s : Size.values()) {
            spec.addOption(s.optionSpec());
        }
        return spec;
    }

    @Override
    public Integer call() {
        ResultsHarness.run(options(), err, command);
        return 0;
    }

    /** The options, with the defaults of a full or a {@code --quick} run; checks every value. */
    Options options() {
        List<Long> seedList = seeds != null ? List.copyOf(seeds) : quick ? List.of(1L) : List.of(1L, 2L, 3L, 4L, 5L);
        if (seedList.isEmpty() || seedList.stream().anyMatch(ResultsHarness.VALIDATION_SEEDS::contains)) {
            throw InvalidRequestException.of("--seeds", String.join(",", seedList.stream().map(String::valueOf)
                    .toList()), "must name at least one seed, and no validation seed "
                    + ResultsHarness.VALIDATION_SEEDS);
        }
        List<String> only = new ArrayList<>();
        for (String m : methods != null ? methods : List.<String>of()) {
            if (!m.isBlank() && !m.trim().equals("retrain")) {
                only.add(m.trim());
            }
        }
        List<Long> attackSeeds = uliraSeeds != null ? List.copyOf(uliraSeeds)
                : seedList.subList(0, Math.min(quick ? 1 : 2, seedList.size()));
        if (!seedList.containsAll(attackSeeds)) {
            throw InvalidRequestException.of("--ulira-seeds", attackSeeds, "must be reported seeds " + seedList);
        }
        int shadows = uliraShadows != null ? uliraShadows : quick ? 4 : 16;
        if (shadows < 0 || shadows == 1) {
            throw InvalidRequestException.of("--ulira-shadows", shadows, "must be 0 (no U-LiRA) or at least 2");
        }
        return new Options(quick, out, data, synthetic, seedList, List.copyOf(only), size(Size.TRAIN_LIMIT),
                size(Size.TEST_SIZE), size(Size.VALIDATION_SIZE), size(Size.ORIGINAL_EPOCHS), attackSeeds, shadows);
    }

    /** A size option's value, or its default; a positive integer. */
    private int size(Size size) {
        Integer value = spec.findOption(size.option).getValue();
        if (value == null) {
            return quick ? size.quick : size.full;
        }
        if (value < 1) {
            throw InvalidRequestException.of(size.option, value, "must be a positive integer");
        }
        return value;
    }
}
