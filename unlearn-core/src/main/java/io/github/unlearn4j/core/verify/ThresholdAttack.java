package io.github.unlearn4j.core.verify;

import java.util.Arrays;

/**
 * The membership classifier of the {@code mia} verifier: a threshold on one scalar feature.
 *
 * <p><b>Training.</b> Given the feature values of shadow members (label 1) and shadow non-members
 * (label 0), {@link #fit} considers every rule "member iff value &gt; t" and "member iff value &lt; t",
 * with t at −∞, +∞ and every midpoint between two adjacent distinct training values, and keeps the
 * rule of highest <em>balanced</em> training accuracy ½(TPR + TNR). Ties keep the first rule found
 * in this order: direction "above" before "below", thresholds ascending; so when no rule beats
 * chance the attack calls every sample a member (t = −∞, "above"), which makes MIA-efficacy 0: a
 * useless attack never vouches for forgetting. Deterministic, O(n log n).
 *
 * <p><b>How it differs from the reference.</b> The public reference code trains
 * {@code sklearn.svm.SVC(C=3, gamma="auto", kernel="rbf")} on the same shadow data. On a
 * one-dimensional feature:
 *
 * <ul>
 *   <li>the RBF SVM can carve several intervals; this attack draws a single cut, so its decision is
 *       monotone in the feature (higher confidence, or lower entropy, never flips back to
 *       non-member);
 *   <li>the SVM minimizes a C-regularized hinge loss and its kernel width γ = 1/n_features = 1 acts
 *       on the raw feature scale (entropies up to log C, confidences in [0, 1]); this attack
 *       maximizes balanced training accuracy exactly and is invariant to any monotone rescaling of
 *       the feature;
 *   <li>the SVM optimizes plain accuracy, so unequal shadow sizes (a retain set smaller than the
 *       test set) shift it toward the larger class; balanced accuracy does not;
 *   <li>this attack is exact and deterministic; the SVM's result depends on the solver's tolerance.
 * </ul>
 *
 * On the binary {@code correctness} feature both reduce to the same rule. Figures from this attack
 * and from the reference are therefore close in spirit but not bit-comparable.
 *
 * @param threshold the cut t
 * @param membersAbove true for "member iff value &gt; t", false for "member iff value &lt; t"
 * @param balancedAccuracy the rule's balanced accuracy on its training data, in [0.5, 1]
 */
record ThresholdAttack(double threshold, boolean membersAbove, double balancedAccuracy) {

    /**
     * Trains the attack.
     *
     * @param members feature values of shadow members, at least one
     * @param nonMembers feature values of shadow non-members, at least one
     * @return the attack
     * @throws IllegalArgumentException if a group is empty or a value is NaN
     */
    public static ThresholdAttack fit(double[] members, double[] nonMembers) {
        if (members.length == 0 || nonMembers.length == 0) {
            throw new IllegalArgumentException("the attack needs both members (" + members.length
                    + ") and non-members (" + nonMembers.length + ")");
        }
        int m = members.length;
        int n = nonMembers.length;
        double[] values = new double[m + n];
        boolean[] isMember = new boolean[m + n];
        Integer[] order = new Integer[m + n];
        for (int i = 0; i < m + n; i++) {
            values[i] = i < m ? members[i] : nonMembers[i - m];
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("feature value " + i + " is NaN");
            }
            isMember[i] = i < m;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        // cut positions: after k distinct values (k = 0 .. K); at each, count members/non-members at or below
        double bestBa = 0.5;
        double bestT = Double.NEGATIVE_INFINITY;
        boolean bestAbove = true;
        for (int pass = 0; pass < 2; pass++) {
            boolean above = pass == 0;
            int memBelow = 0;
            int nonBelow = 0;
            int i = 0;
            // the cut at -infinity
            double ba = balanced(above, memBelow, nonBelow, m, n);
            if (ba > bestBa) {
                bestBa = ba;
                bestT = Double.NEGATIVE_INFINITY;
                bestAbove = above;
            }
            while (i < order.length) {
                double v = values[order[i]];
                while (i < order.length && values[order[i]] == v) {
                    if (isMember[order[i]]) {
                        memBelow++;
                    } else {
                        nonBelow++;
                    }
                    i++;
                }
                double t = i < order.length ? v + (values[order[i]] - v) / 2 : Double.POSITIVE_INFINITY;
                ba = balanced(above, memBelow, nonBelow, m, n);
                if (ba > bestBa) {
                    bestBa = ba;
                    bestT = t;
                    bestAbove = above;
                }
            }
        }
        return new ThresholdAttack(bestT, bestAbove, bestBa);
    }

    private static double balanced(boolean above, int memBelow, int nonBelow, int m, int n) {
        double tpr = above ? (double) (m - memBelow) / m : (double) memBelow / m;
        double tnr = above ? (double) nonBelow / n : (double) (n - nonBelow) / n;
        return (tpr + tnr) / 2;
    }

    /**
     * Classifies one sample.
     *
     * @param value its feature value
     * @return true if the attack calls it a member
     */
    public boolean isMember(double value) {
        return membersAbove ? value > threshold : value < threshold;
    }

    /**
     * The membership score: the feature, oriented so that larger means "more member-like".
     *
     * @param value a feature value
     * @return {@code value} if members lie above the cut, else {@code −value}
     */
    public double score(double value) {
        return membersAbove ? value : -value;
    }

    /**
     * The area under the ROC curve of scores that should rank positives first: the probability
     * that a random positive scores above a random negative, ties counting one half
     * (Mann–Whitney). 0.5 means the groups cannot be told apart.
     *
     * @param positives scores of the positive group, at least one
     * @param negatives scores of the negative group, at least one
     * @return the AUC in [0, 1]
     */
    public static double auc(double[] positives, double[] negatives) {
        int p = positives.length;
        int n = negatives.length;
        if (p == 0 || n == 0) {
            throw new IllegalArgumentException("AUC needs both groups: " + p + " positives, " + n + " negatives");
        }
        double[] values = new double[p + n];
        Integer[] order = new Integer[p + n];
        for (int i = 0; i < p + n; i++) {
            values[i] = i < p ? positives[i] : negatives[i - p];
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double rankSumPositives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && values[order[j]] == values[order[i]]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0; // ranks i+1 .. j
            for (int k = i; k < j; k++) {
                if (order[k] < p) {
                    rankSumPositives += averageRank;
                }
            }
            i = j;
        }
        return (rankSumPositives - p * (p + 1) / 2.0) / ((double) p * n);
    }
}
