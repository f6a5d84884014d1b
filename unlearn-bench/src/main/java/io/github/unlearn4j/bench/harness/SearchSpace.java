package io.github.unlearn4j.bench.harness;

import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hyperparameter search of the results table ({@link #RULE}). Every fine-tuning-based method
 * ({@link #FT_BASED}) gets the same log-spaced learning-rate grid ({@link #LEARNING_RATES}, 0.1
 * included) and the same epochs grid ({@link #EPOCHS}), its other settings at their defaults; a
 * grid whose best value lies on an edge of an axis is extended once in that direction
 * ({@link #extendAtEdge}). With the same learning rates and epochs, the methods' optimizer-step
 * budgets match up to their own passes over the forget set; the report lists each search's total.
 * RBM's structural choices run first as a full factorial ({@link #rbmStructures}) at its default
 * learning rate and epochs; the best structure then gets the same grid as FT. Methods that ascend a
 * loss (ga, neggrad+) and scrub keep their own grids (ascent diverges at FT's larger rates: a first
 * run of this harness with ga at 1e-2 and neggrad+ at 0.01-0.03 gave NaN).
 *
 * <p>{@code newton} refuses non-linear models before any compute; it is listed as not applicable.
 */
final class SearchSpace {
    /** The selection rule, in words, for the reports. */
    static final String RULE = "hyperparameters chosen per scenario by the smallest mean Avg. Gap over the validation"
            + " setups (seeds " + ResultsHarness.VALIDATION_SEEDS + ", each with its own original and retrain; class-wise:"
            + " classes " + ResultsHarness.VALIDATION_CLASSES + ", random: one 10% draw per seed; metrics on the"
            + " validation test images), never on the reported numbers; fine-tuning-based methods share the"
            + " learning-rate grid " + List.of(0.003, 0.01, 0.03, 0.1, 0.3) + " and epochs " + List.of(5, 10)
            + ", extended once at an edge; RBM's structure is a full factorial first.";
    /** The methods that fine-tune on the retain set, and so share one learning-rate × epochs grid. */
    static final Set<String> FT_BASED = Set.of("ft", "rl", "l1-sparse", "ce-ft", "ice-ft", "kl-ft", "salun", "rbm");
    /** The shared learning rates: a half decade apart, 0.1 included. */
    static final List<Double> LEARNING_RATES = List.of(0.003, 0.01, 0.03, 0.1, 0.3);
    /** The shared epochs. */
    static final List<Integer> EPOCHS = List.of(5, 10);
    /**
     * RBM's keep fractions: 0.3 and 0.4 added after the diagnosis (unlearn-bench/RESULTS-rbm-diagnosis.md)
     * showed that on a class the others are often confused with, the reset removes the class only
     * when fewer weights are kept.
     */
    static final List<Double> KEEP_FRACTIONS = List.of(0.3, 0.5, 0.8);
    /** RBM's structural setting names. */
    static final List<String> STRUCTURE = List.of("saliency", "keepFraction", "ranking", "variant", "unkept");

    private static final String LR = TrainingSettings.LEARNING_RATE;
    private static final String EPOCHS_SETTING = TrainingSettings.EPOCHS;

    /**
     * One method's grid.
     *
     * @param method the method
     * @param rule the grid in words, for the report
     * @param configs the configurations, each a map of setting overrides
     */
    record Grid(String method, String rule, List<Map<String, Object>> configs) {}

    /**
     * One axis of a grid.
     *
     * @param setting the setting's name
     * @param values its values
     */
    record Axis(String setting, List<?> values) {}

    private SearchSpace() {}

    /** @return whether a method shares the fine-tuning grid */
    static boolean isFtBased(String method) {
        return FT_BASED.contains(method);
    }

    /**
     * The grid of a method.
     *
     * @param provider the method's provider
     * @return its grid
     */
    static Grid grid(UnlearnerProvider provider) {
        String name = provider.name();
        if (isFtBased(name)) {
            return cross(name, new Axis(LR, LEARNING_RATES), new Axis(EPOCHS_SETTING, EPOCHS));
        }
        Axis epochs = new Axis(EPOCHS_SETTING, List.of(5, 10));
        return switch (name) {
            case "ga" -> cross(name, new Axis(LR, List.of(1e-4, 3e-4, 1e-3, 3e-3)), epochs);
            case "neggrad+" -> cross(name, new Axis(LR, List.of(0.001, 0.003)), new Axis("beta", List.of(0.9, 0.95)),
                    epochs);
            case "scrub" -> cross(name, new Axis(LR, List.of(5e-4, 5e-3)), new Axis("maxSteps", List.of(1, 2)),
                    new Axis(EPOCHS_SETTING, List.of(3, 6)));
            case "newton" -> new Grid(name, "none: newton applies to linear and softmax-regression models of the "
                    + "reference backend only; it is tried once with its defaults and listed as not applicable",
                    List.of(Map.of()));
            default -> generic(provider);
        };
    }

    /**
     * RBM's structural choices as a full factorial: saliency (gradient, fisher, and the activation
     * sources when RBM offers them) × keepFraction {@link #KEEP_FRACTIONS} × ranking {global, per-tensor} ×
     * (reset-ft with unkept reset-zero or reinitialize, or masked-rl, which ignores unkept).
     * Per-example Fisher is left out: one backward pass per retain row makes each run many times
     * slower than the others, which the 60-minute budget of a full run does not allow.
     *
     * @param provider RBM's provider
     * @return the factorial
     */
    static Grid rbmStructures(UnlearnerProvider provider) {
        List<String> saliencies = new ArrayList<>(List.of("gradient", "fisher"));
        for (Setting<?> s : provider.settingsSchema().settings()) {
            if (s.name().equals("saliency")) {
                for (Object c : s.choices()) {
                    String v = c.toString().toLowerCase(Locale.ROOT).replace('_', '-');
                    if (v.startsWith("activation")) {
                        saliencies.add(v);
                    }
                }
            }
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        for (String saliency : saliencies) {
            for (double keep : KEEP_FRACTIONS) {
                for (String ranking : List.of("global", "per-tensor")) {
                    for (String unkept : List.of("reset-zero", "reinitialize")) {
                        configs.add(structure(saliency, keep, ranking, "reset-ft", unkept));
                    }
                    configs.add(structure(saliency, keep, ranking, "masked-rl", null));
                }
            }
        }
        return new Grid("rbm", "full factorial: saliency " + saliencies + " x keepFraction " + KEEP_FRACTIONS + " x ranking "
                + "[global, per-tensor] x (reset-ft with unkept [reset-zero, reinitialize], or masked-rl); learning rate "
                + "and epochs at their defaults", configs);
    }

    private static Map<String, Object> structure(String saliency, double keep, String ranking, String variant,
            String unkept) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("saliency", saliency);
        m.put("keepFraction", keep);
        m.put("ranking", ranking);
        m.put("variant", variant);
        if (unkept != null) {
            m.put("unkept", unkept);
        }
        return m;
    }

    /**
     * A grid whose every configuration starts from {@code base} (RBM's chosen structure).
     *
     * @param grid the grid
     * @param base settings every configuration keeps
     * @return the grid
     */
    static Grid withBase(Grid grid, Map<String, Object> base) {
        if (base.isEmpty()) {
            return grid;
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Map<String, Object> c : grid.configs()) {
            Map<String, Object> m = new LinkedHashMap<>(base);
            m.putAll(c);
            configs.add(m);
        }
        return new Grid(grid.method(), grid.rule() + ", with the chosen structure " + base, configs);
    }

    /** @return the structural settings among overrides */
    static Map<String, Object> structureOf(Map<String, Object> overrides) {
        Map<String, Object> m = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            if (STRUCTURE.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** @return the learning rate and epochs among overrides */
    static Map<String, Object> trainingOf(Map<String, Object> overrides) {
        Map<String, Object> m = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            if (k.equals(LR) || k.equals(EPOCHS_SETTING)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /**
     * Extends a learning-rate × epochs grid once where the best configuration sits on an edge: a
     * learning rate a half decade beyond the edge (÷3 below, ×10/3 above) with every epoch count,
     * and an epoch count beyond the edge (half below, double above) with every learning rate.
     *
     * @param grid the grid as tried
     * @param best the best configuration's overrides
     * @return the added configurations (the grid's others are already tried), or empty when the best
     *     is inside both axes
     */
    static Optional<Grid> extendAtEdge(Grid grid, Map<String, Object> best) {
        List<Double> rates = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        for (Map<String, Object> c : grid.configs()) {
            if (c.get(LR) instanceof Number n && !rates.contains(n.doubleValue())) {
                rates.add(n.doubleValue());
            }
            if (c.get(EPOCHS_SETTING) instanceof Number n && !epochs.contains(n.intValue())) {
                epochs.add(n.intValue());
            }
        }
        if (rates.size() < 2 || epochs.isEmpty() || !(best.get(LR) instanceof Number bl)
                || !(best.get(EPOCHS_SETTING) instanceof Number be)) {
            return Optional.empty();
        }
        rates.sort(null);
        epochs.sort(null);
        Map<String, Object> base = new LinkedHashMap<>(best);
        base.remove(LR);
        base.remove(EPOCHS_SETTING);
        List<Double> newRates = new ArrayList<>();
        List<Integer> newEpochs = new ArrayList<>();
        if (bl.doubleValue() == rates.get(0)) {
            newRates.add(round(rates.get(0) / 3));
        } else if (bl.doubleValue() == rates.get(rates.size() - 1)) {
            newRates.add(round(rates.get(rates.size() - 1) * 10 / 3));
        }
        if (epochs.size() >= 2 && be.intValue() == epochs.get(0) && epochs.get(0) > 1) {
            newEpochs.add(Math.max(1, epochs.get(0) / 2));
        } else if (epochs.size() >= 2 && be.intValue() == epochs.get(epochs.size() - 1)) {
            newEpochs.add(epochs.get(epochs.size() - 1) * 2);
        }
        if (newRates.isEmpty() && newEpochs.isEmpty()) {
            return Optional.empty();
        }
        List<Double> allRates = new ArrayList<>(rates);
        allRates.addAll(newRates);
        List<Integer> allEpochs = new ArrayList<>(epochs);
        allEpochs.addAll(newEpochs);
        List<Map<String, Object>> configs = new ArrayList<>();
        for (double lr : allRates) {
            for (int e : allEpochs) {
                if (newRates.contains(lr) || newEpochs.contains(e)) {
                    Map<String, Object> m = new LinkedHashMap<>(base);
                    m.put(LR, lr);
                    m.put(EPOCHS_SETTING, e);
                    configs.add(m);
                }
            }
        }
        return Optional.of(new Grid(grid.method(), grid.rule() + "; extended once at the edge: "
                + (newRates.isEmpty() ? "" : "learningRate " + newRates + " ")
                + (newEpochs.isEmpty() ? "" : "epochs " + newEpochs), configs));
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3g", v));
    }

    private static Grid cross(String method, Axis... axes) {
        List<Map<String, Object>> configs = new ArrayList<>();
        configs.add(new LinkedHashMap<>());
        List<String> rule = new ArrayList<>();
        for (Axis a : axes) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : configs) {
                for (Object v : a.values()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(a.setting(), v);
                    next.add(m);
                }
            }
            configs = next;
            rule.add(a.setting() + " " + a.values());
        }
        return new Grid(method, String.join(" x ", rule), configs);
    }

    private static Grid generic(UnlearnerProvider provider) {
        Object lr = defaultOf(provider, LR);
        Object ep = defaultOf(provider, EPOCHS_SETTING);
        if (lr instanceof Double d && ep instanceof Integer e) {
            return cross(provider.name(), new Axis(LR, List.of(d / 3, d, 3 * d, 10 * d)),
                    new Axis(EPOCHS_SETTING, List.of(Math.max(1, (e + 1) / 2), e)));
        }
        return new Grid(provider.name(), "defaults only: the method declares no learningRate/epochs settings "
                + "(budget not met)", List.of(Map.of()));
    }

    /**
     * A setting's default.
     *
     * @param provider the provider
     * @param name the setting's name
     * @return its default, or null when the provider does not declare it
     */
    static Object defaultOf(UnlearnerProvider provider, String name) {
        for (Setting<?> s : provider.settingsSchema().settings()) {
            if (s.name().equals(name)) {
                return s.defaultValue();
            }
        }
        return null;
    }
}
