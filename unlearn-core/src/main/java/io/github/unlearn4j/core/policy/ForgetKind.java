package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What kind of forget set a model is judged on. The kind decides what "forgotten" looks like, and
 * so which thresholds of a policy apply ({@link Threshold#kinds()}):
 *
 * <ul>
 *   <li>{@link #CLASSES}: every training row of some classes is forgotten. A retrained model never
 *       saw those classes and never predicts them, on the forget rows and on the test rows of those
 *       classes alike. "The forget set looks like unseen rows of its classes" is no test here: a
 *       model that generalizes to the class looks the same on its training and its test rows.
 *   <li>{@link #ROWS}: some rows (a user's, a random sample); their classes remain in the retain
 *       set. A retrained model treats the forget rows like unseen rows of the same classes.
 *   <li>{@link #MISLABELED}: rows whose labels are wrong. A retrained model predicts their true
 *       classes, so its accuracy on the given (wrong) labels is low, and far below its accuracy on
 *       unseen rows. This cannot be detected from the data: the caller says so.
 * </ul>
 *
 * Regression forget sets are always {@link #ROWS}. {@link #resolve} detects {@link #CLASSES} versus
 * {@link #ROWS} from the split, or checks a kind the caller gives.
 */
public enum ForgetKind {
    /** Whole classes: every training row of the forgotten classes, none of them left in the retain set. */
    CLASSES("classes"),
    /** Rows (random or a user's); their classes remain in the retain set. */
    ROWS("rows"),
    /** Rows with wrong labels; the caller says so, since it cannot be detected. */
    MISLABELED("mislabeled");

    private final String word;

    ForgetKind(String word) {
        this.word = word;
    }

    /** @return the word texts use: {@code classes}, {@code rows} or {@code mislabeled} */
    public String word() {
        return word;
    }

    /**
     * Reads a kind from its word.
     *
     * @param text {@code classes}, {@code rows} or {@code mislabeled}, any case
     * @return the kind
     * @throws InvalidRequestException naming the text and listing the words
     */
    public static ForgetKind parse(String text) {
        Objects.requireNonNull(text, "text");
        String w = text.trim().toLowerCase(Locale.ROOT);
        for (ForgetKind k : values()) {
            if (k.word.equals(w)) {
                return k;
            }
        }
        throw InvalidRequestException.of("forgetKind", "'" + text + "'", "unknown kind; kinds: " + words());
    }

    /** @return the words of every kind, in declaration order */
    public static java.util.List<String> words() {
        return Arrays.stream(values()).map(ForgetKind::word).toList();
    }

    /**
     * Detects the kind from the data: {@link #CLASSES} for a classification split whose forget set
     * holds every training row of each class it touches (so no row of those classes is left in the
     * retain set), else {@link #ROWS}. Mislabeled rows cannot be detected.
     *
     * @param split the data
     * @return {@link #CLASSES} or {@link #ROWS}
     */
    public static ForgetKind detect(DataSplit split) {
        Objects.requireNonNull(split, "split");
        return split.train().task() == TaskType.CLASSIFICATION && classesLeftInRetain(split).isEmpty()
                ? CLASSES : ROWS;
    }

    /**
     * The kind to judge with: the caller's, checked against the data, or the detected one.
     *
     * @param given the caller's kind, or null to detect it
     * @param task the model's task
     * @param split the data
     * @return the kind
     * @throws InvalidRequestException naming {@code forgetKind}: a kind other than {@code rows} for
     *     a regression model, or {@code classes} when the retain set still holds rows of a
     *     forgotten class
     */
    public static ForgetKind resolve(ForgetKind given, TaskType task, DataSplit split) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(split, "split");
        if (given == null) {
            return task == TaskType.REGRESSION ? ROWS : detect(split);
        }
        if (task == TaskType.REGRESSION && given != ROWS) {
            throw InvalidRequestException.of("forgetKind", given.word,
                    "a regression forget set is always rows; classes and mislabeled apply to classification");
        }
        if (given == CLASSES) {
            TreeSet<Integer> left = classesLeftInRetain(split);
            if (!left.isEmpty()) {
                throw InvalidRequestException.of("forgetKind", given.word, "the retain set still holds rows of"
                        + " forgotten class(es) " + left + "; forget every row of a class, or say rows");
            }
        }
        return given;
    }

    /** The forget set's classes that still have rows in the retain set. */
    private static TreeSet<Integer> classesLeftInRetain(DataSplit split) {
        boolean[] forgotten = new boolean[split.train().classCount()];
        DataView f = split.forget();
        for (int i = 0; i < f.size(); i++) {
            forgotten[f.source().label(f.row(i))] = true;
        }
        TreeSet<Integer> left = new TreeSet<>();
        DataView r = split.retain();
        for (int i = 0; i < r.size(); i++) {
            int label = r.source().label(r.row(i));
            if (forgotten[label]) {
                left.add(label);
            }
        }
        return left;
    }
}
