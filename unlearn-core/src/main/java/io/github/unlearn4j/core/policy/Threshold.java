package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One requirement of a policy: a metric, a comparison and a bound. Its text form, which
 * {@link #parse} reads and {@link #text()} writes, is one of
 *
 * <pre>
 * miaAuc &lt;= 0.6                         absolute bound
 * RA &gt;= 90
 * RA &gt;= reference - 2                   relative, tolerance in the metric's units
 * forgetConfidence &lt;= unseen + 5
 * forgetLoss &gt;= reference - 10%         relative, tolerance as a fraction of the target
 * UA within 2 of reference               |UA − UA_ref| ≤ 2
 * weightDistance &lt;= 0.05 [regression]   restricted to one task
 * UA &gt;= 95 [classification, classes]     restricted to one task and one kind of forget set
 * uliraAuc &lt;= 0.6 [classification] if measured   judged only when its verifier ran
 * </pre>
 *
 * where the target is {@code reference}, {@code unseen} or {@code original} ({@link BoundKind}).
 * The optional scope in brackets names tasks ({@code classification}, {@code regression}) and
 * kinds of forget set ({@code classes}, {@code rows}, {@code mislabeled}, see {@link ForgetKind});
 * a threshold applies to every task and kind it does not restrict, and is not applicable to the
 * others.
 * A threshold that ends in {@code if measured} is judged only when its metric was measured: its
 * verifier is not added to a check for it, and where the metric is missing (the verifier is not in
 * the suite, or skipped) the line is not applicable instead of inconclusive. It is for costly
 * evidence, such as an attack with shadow runs, that a caller opts into.
 * Tolerances are never negative: {@code >=} goes with {@code -}, {@code <=} with {@code +}. Range
 * checks against the metric happen when a {@link ForgettingPolicy} is built.
 *
 * @param metric the metric's name
 * @param comparison how the value is compared
 * @param kind what the bound is relative to
 * @param bound the absolute bound, or the tolerance (≥ 0) of a relative one
 * @param unit the tolerance's unit; {@link ToleranceUnit#METRIC_UNITS} for absolute bounds
 * @param tasks the tasks the threshold applies to; on other models it is not applicable
 * @param kinds the kinds of forget set the threshold applies to; on others it is not applicable
 * @param ifMeasured whether the threshold is judged only when its metric was measured
 */
public record Threshold(String metric, Comparison comparison, BoundKind kind, double bound, ToleranceUnit unit,
        Set<TaskType> tasks, Set<ForgetKind> kinds, boolean ifMeasured) {
    private static final Pattern IF_MEASURED = Pattern.compile("(.*?)\\s+if\\s+measured\\s*", Pattern.CASE_INSENSITIVE);

    private static final String NUM = "([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static final String TASK = "(?:\\s*\\[([^\\]]*)\\])?";
    private static final Pattern WITHIN = Pattern.compile(
            "([A-Za-z][A-Za-z0-9_]*)\\s+within\\s+" + NUM + "\\s*(%)?\\s+of\\s+(reference|unseen|original)" + TASK,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE = Pattern.compile(
            "([A-Za-z][A-Za-z0-9_]*)\\s*(<=|>=|≤|≥)\\s*(reference|unseen|original)\\s*([-+])\\s*" + NUM + "\\s*(%)?" + TASK,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ABSOLUTE = Pattern.compile(
            "([A-Za-z][A-Za-z0-9_]*)\\s*(<=|>=|≤|≥)\\s*(-?" + NUM.substring(1) + TASK, Pattern.CASE_INSENSITIVE);

    /**
     * Validates the structure and copies the task set.
     *
     * @param metric metric
     * @param comparison comparison
     * @param kind kind
     * @param bound bound or tolerance
     * @param unit tolerance unit
     * @param tasks tasks, at least one
     * @param kinds kinds of forget set, at least one
     * @param ifMeasured judged only when measured
     */
    public Threshold {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        if (tasks == null || tasks.isEmpty()) {
            throw InvalidRequestException.of("threshold.tasks", tasks, "name at least one task");
        }
        tasks = Set.copyOf(tasks);
        if (kinds == null || kinds.isEmpty()) {
            throw InvalidRequestException.of("threshold.kinds", kinds, "name at least one kind of forget set");
        }
        kinds = Set.copyOf(kinds);
        if (bound == 0) {
            bound = 0.0; // -0.0 writes as "0", which reads back as +0.0
        }
    }

    /**
     * {@code metric <= bound}.
     *
     * @param metric the metric
     * @param bound the bound
     * @return the threshold, for every task
     */
    public static Threshold atMost(String metric, double bound) {
        return new Threshold(metric, Comparison.AT_MOST, BoundKind.ABSOLUTE, bound, ToleranceUnit.METRIC_UNITS,
                allTasks(), allKinds(), false);
    }

    /**
     * {@code metric >= bound}.
     *
     * @param metric the metric
     * @param bound the bound
     * @return the threshold, for every task
     */
    public static Threshold atLeast(String metric, double bound) {
        return new Threshold(metric, Comparison.AT_LEAST, BoundKind.ABSOLUTE, bound, ToleranceUnit.METRIC_UNITS,
                allTasks(), allKinds(), false);
    }

    /**
     * A bound relative to a target, with a tolerance in the metric's units.
     *
     * @param metric the metric
     * @param comparison the comparison
     * @param kind the target
     * @param tolerance the tolerance, ≥ 0
     * @return the threshold, for every task
     */
    public static Threshold relative(String metric, Comparison comparison, BoundKind kind, double tolerance) {
        return new Threshold(metric, comparison, kind, tolerance, ToleranceUnit.METRIC_UNITS, allTasks(),
                allKinds(), false);
    }

    /**
     * A bound relative to a target, with a tolerance as a fraction of the target's magnitude.
     *
     * @param metric the metric
     * @param comparison the comparison
     * @param kind the target
     * @param fraction the tolerance, e.g. 0.1 for 10%
     * @return the threshold, for every task
     */
    public static Threshold relativeFraction(String metric, Comparison comparison, BoundKind kind, double fraction) {
        return new Threshold(metric, comparison, kind, fraction, ToleranceUnit.FRACTION_OF_TARGET, allTasks(),
                allKinds(), false);
    }

    /**
     * Restricts the threshold to some tasks.
     *
     * @param first a task
     * @param more more tasks
     * @return the restricted copy
     */
    public Threshold onlyFor(TaskType first, TaskType... more) {
        return new Threshold(metric, comparison, kind, bound, unit, EnumSet.of(first, more), kinds, ifMeasured);
    }

    /**
     * Restricts the threshold to some kinds of forget set.
     *
     * @param first a kind
     * @param more more kinds
     * @return the restricted copy
     */
    public Threshold onlyFor(ForgetKind first, ForgetKind... more) {
        return new Threshold(metric, comparison, kind, bound, unit, tasks, EnumSet.of(first, more), ifMeasured);
    }

    /**
     * Judged only when its metric was measured (see the class comment).
     *
     * @return the copy
     */
    public Threshold whenMeasured() {
        return new Threshold(metric, comparison, kind, bound, unit, tasks, kinds, true);
    }

    /**
     * Whether the threshold applies to a model's task.
     *
     * @param task the task
     * @return true if it does
     */
    public boolean appliesTo(TaskType task) {
        return tasks.contains(task);
    }

    /**
     * Whether the threshold applies to a kind of forget set.
     *
     * @param forgetKind the kind
     * @return true if it does
     */
    public boolean appliesTo(ForgetKind forgetKind) {
        return kinds.contains(forgetKind);
    }

    private static Set<TaskType> allTasks() {
        return EnumSet.allOf(TaskType.class);
    }

    private static Set<ForgetKind> allKinds() {
        return EnumSet.allOf(ForgetKind.class);
    }

    /** @return the scope words of the text form, e.g. {@code [classification, classes]}; empty when unrestricted */
    String scope() {
        List<String> words = new ArrayList<>();
        if (tasks.size() < TaskType.values().length) {
            tasks.stream().sorted().forEach(t -> words.add(t.name().toLowerCase(Locale.ROOT)));
        }
        if (kinds.size() < ForgetKind.values().length) {
            kinds.stream().sorted().forEach(k -> words.add(k.word()));
        }
        return words.isEmpty() ? "" : "[" + String.join(", ", words) + "]";
    }

    /** @return the canonical text, which {@link #parse} reads back to an equal threshold */
    public String text() {
        String b = unit == ToleranceUnit.FRACTION_OF_TARGET ? percent(bound) : number(bound);
        String core;
        if (kind == BoundKind.ABSOLUTE) {
            core = metric + " " + comparison.symbol() + " " + b;
        } else if (comparison == Comparison.WITHIN) {
            core = metric + " within " + b + " of " + kind.word();
        } else {
            core = metric + " " + comparison.symbol() + " " + kind.word()
                    + (comparison == Comparison.AT_MOST ? " + " : " - ") + b;
        }
        String scope = scope();
        String text = scope.isEmpty() ? core : core + " " + scope;
        return ifMeasured ? text + " if measured" : text;
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * Formats a number without trailing zeros or exponent noise.
     *
     * @param v a finite value
     * @return e.g. {@code 2}, {@code 0.05}, {@code 1.0E-12}
     */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e12 || v == 0 ? d.toPlainString() : Double.toString(v);
    }

    /**
     * Formats a fraction as a percentage.
     *
     * @param fraction e.g. 0.1
     * @return e.g. {@code 10%}
     */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return fraction + "%";
        }
        return new BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * Reads a threshold from its text form (see the class comment).
     *
     * @param text the text
     * @return the threshold
     * @throws InvalidRequestException naming the text and what was expected
     */
    public static Threshold parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        Matcher optional = IF_MEASURED.matcher(t);
        if (optional.matches()) {
            return parse(optional.group(1)).whenMeasured();
        }
        Matcher m = WITHIN.matcher(t);
        if (m.matches()) {
            return build(t, m.group(1), Comparison.WITHIN, kindOf(m.group(4)), m.group(2), m.group(3) != null, m.group(5));
        }
        m = RELATIVE.matcher(t);
        if (m.matches()) {
            Comparison c = comparisonOf(m.group(2));
            boolean plus = m.group(4).equals("+");
            if (plus != (c == Comparison.AT_MOST)) {
                throw InvalidRequestException.of("threshold", "'" + text + "'",
                        "write '>= " + m.group(3) + " - tolerance' or '<= " + m.group(3)
                                + " + tolerance'; tolerances are not negative");
            }
            return build(t, m.group(1), c, kindOf(m.group(3)), m.group(5), m.group(6) != null, m.group(7));
        }
        m = ABSOLUTE.matcher(t);
        if (m.matches()) {
            return build(t, m.group(1), comparisonOf(m.group(2)), BoundKind.ABSOLUTE, m.group(3), false, m.group(4));
        }
        throw InvalidRequestException.of("threshold", "'" + text + "'",
                "cannot parse; expected e.g. 'miaAuc <= 0.6', 'RA >= reference - 2', 'forgetLoss >= reference - 10%',"
                        + " 'UA within 2 of reference' or 'UA >= unseen - 5' (targets: reference, unseen, original;"
                        + " optional scope such as [classification] or [classification, classes])");
    }

    private static Threshold build(String text, String metric, Comparison c, BoundKind kind, String number,
            boolean percent, String scope) {
        // a percentage is divided by 100 in decimal, before rounding to a double: "0.7%" is 0.007,
        // where 0.7 / 100 would be 0.006999999999999999
        double value = percent ? percentOf(number) : Double.parseDouble(number);
        Set<TaskType> tasks = EnumSet.noneOf(TaskType.class);
        Set<ForgetKind> kinds = EnumSet.noneOf(ForgetKind.class);
        if (scope != null) {
            for (String part : scope.split(",", -1)) {
                String w = part.trim().toLowerCase(Locale.ROOT);
                if (w.equals("classification") || w.equals("regression")) {
                    tasks.add(TaskType.valueOf(w.toUpperCase(Locale.ROOT)));
                } else if (ForgetKind.words().contains(w)) {
                    kinds.add(ForgetKind.parse(w));
                } else {
                    throw InvalidRequestException.of("threshold", "'" + text + "'", "unknown scope word '"
                            + part.trim() + "'; scope words: classification, regression, "
                            + String.join(", ", ForgetKind.words()));
                }
            }
        }
        return new Threshold(metric, c, kind, value,
                percent ? ToleranceUnit.FRACTION_OF_TARGET : ToleranceUnit.METRIC_UNITS,
                tasks.isEmpty() ? allTasks() : tasks, kinds.isEmpty() ? allKinds() : kinds, false);
    }

    private static double percentOf(String number) {
        try {
            return new BigDecimal(number).movePointLeft(2).doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent beyond BigDecimal's range: the double is 0 or infinite either way
            return Double.parseDouble(number) / 100;
        }
    }

    private static Comparison comparisonOf(String symbol) {
        return symbol.equals("<=") || symbol.equals("≤") ? Comparison.AT_MOST : Comparison.AT_LEAST;
    }

    private static BoundKind kindOf(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (BoundKind k : BoundKind.values()) {
            if (k.word().equals(w)) {
                return k;
            }
        }
        throw new AssertionError(word);
    }
}
