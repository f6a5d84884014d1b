package io.github.unlearn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of core's packages, read from the sources: no package cycle, and the exported
 * packages are the intended ones.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/io/github/unlearn4j/core");
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.github\\.unlearn4j\\.core\\.([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("io\\.github\\.unlearn4j\\.core\\.([a-z][\\w]*(?:\\.[a-z][\\w]*)*)\\.[A-Z]");

    /** Package → the core packages its code (not its comments) refers to. */
    static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String from = pm.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                for (String line : text.split("\n")) {
                    String t = line.strip();
                    if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || t.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = REFERENCE.matcher(t);
                    while (m.find()) {
                        if (!m.group(1).equals(from)) {
                            to.add(m.group(1));
                        }
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void corePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).containsKeys("method", "recipe", "train", "plan", "verify");
        assertThat(cycles(graph)).as("package cycles in core (each a strongly connected set)").isEmpty();
    }

    @Test
    void methodsSitAboveRecipesAboveTheTrainingLoop() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph.get("train")).as("train depends on").doesNotContain("recipe", "method");
        assertThat(graph.get("recipe")).as("recipe depends on").doesNotContain("method");
        assertThat(graph.get("method")).contains("recipe");
    }

    @Test
    void builtInProvidersDoNotBorrowFromEachOther() throws IOException {
        Pattern borrow = Pattern.compile("\\b(\\w+Provider)\\.(\\w+)\\(");
        try (Stream<Path> files = Files.list(SOURCES.resolve("method"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("Provider.java")).toList()) {
                String self = f.getFileName().toString().replace(".java", "");
                Matcher m = borrow.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(m.group(1)).as(self + " calls " + m.group(0)).isEqualTo(self);
                }
            }
        }
    }

    @Test
    void cycleFinderFindsACycle() {
        Map<String, Set<String>> graph = new HashMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly(new TreeSet<>(List.of("a", "b", "c")));
    }

    @Test
    void exportsWhatUsersAndPluginsNeedAndKeepsNumericInternal() throws IOException {
        String module = Files.readString(Path.of("src/main/java/module-info.java"));
        Set<String> open = new TreeSet<>();
        Set<String> qualified = new TreeSet<>();
        Matcher m = Pattern.compile("exports io\\.github\\.unlearn4j\\.core\\.([\\w.]+)\\s*(to [^;]+)?;").matcher(module);
        while (m.find()) {
            (m.group(2) == null ? open : qualified).add(m.group(1));
        }
        assertThat(open).doesNotContain("numeric");
        assertThat(qualified).contains("numeric");
        assertThat(open).contains("method", "recipe", "train", "plan", "policy", "receipt", "serve", "verify");
    }

    /** Strongly connected sets of more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
