package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code --name value} and {@code --flag} options; rejects unknown options by name. */
final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    Args(String[] args, int from, Set<String> valued, Set<String> flags) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name) && value == null) {
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw InvalidRequestException.of("--" + name, "(missing)", "needs a value");
                        }
                        value = args[++i];
                    }
                    String previous = options.get(name);
                    options.put(name, previous != null && name.equals("set") ? previous + "," + value : value);
                } else {
                    List<String> known = new ArrayList<>();
                    valued.forEach(k -> known.add("--" + k));
                    flags.forEach(k -> known.add("--" + k));
                    throw InvalidRequestException.of("option", a, "unknown; known options: " + known);
                }
            } else {
                positional.add(a);
            }
        }
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    long getLong(String name, long fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("--" + name, v, "must be an integer");
        }
    }

    double getDouble(String name, double fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("--" + name, v, "must be a number");
        }
    }

    int getInt(String name, int fallback) {
        long v = getLong(name, fallback);
        if (v != (int) v) {
            throw InvalidRequestException.of("--" + name, v, "is out of the int range");
        }
        return (int) v;
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }
}
