package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.registry.NamedProvider;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Setting;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code methods}: lists every registered unlearner and verifier with a one-line description. */
@Command(name = "methods", description = "List every registered unlearner and verifier (plugins included).")
final class MethodsCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--verbose", description = "Also list each method's settings with their defaults and ranges.")
    boolean verbose;

    MethodsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println("Unlearners:");
        print(UnlearnerRegistry.loadDefault().providers(), verbose, out);
        out.println();
        out.println("Verifiers:");
        print(VerifierRegistry.loadDefault().providers(), verbose, out);
        return 0;
    }

    private static void print(List<? extends NamedProvider> providers, boolean verbose, PrintStream out) {
        int width = providers.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (NamedProvider p : providers) {
            out.printf("  %-" + width + "s  %s%n", p.name(), p.description());
            if (verbose) {
                for (Setting<?> s : p.settingsSchema().settings()) {
                    out.printf("  %" + width + "s    %s=%s  %s (%s)%n", "", s.name(),
                            s.format(s.defaultValue()), s.description(), s.allowed());
                }
            }
        }
    }
}
