package io.github.unlearn4j.core.receipt;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link ReceiptVerifier#verify}: one {@link Check} per question, in a fixed order
 * (schema, mac, before, after, forgetSet).
 *
 * @param checks every check, in order
 */
public record ReceiptVerification(List<Check> checks) {

    /** The names of the checks, in the order they are reported. */
    public static final List<String> CHECK_NAMES = List.of("schema", "mac", "before", "after", "forgetSet");

    /**
     * Copies the list.
     *
     * @param checks checks
     */
    public ReceiptVerification {
        checks = List.copyOf(checks);
    }

    /** How one check ended. */
    public enum Status {
        /** Checked, and it holds. */
        PASS,
        /** Checked, and it does not hold. */
        FAIL,
        /** Not checked: nothing to check it against was given. */
        SKIPPED
    }

    /**
     * One check.
     *
     * @param name what was checked: {@code schema}, {@code mac}, {@code before}, {@code after} or
     *     {@code forgetSet}
     * @param status how it ended
     * @param detail what was compared, and on failure why it failed
     */
    public record Check(String name, Status status, String detail) {
        /**
         * Validates.
         *
         * @param name name
         * @param status status
         * @param detail detail
         */
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }

        /** @return {@code [STATUS] name: detail} */
        public String text() {
            return "[" + status + "] " + name + ": " + detail;
        }
    }

    /** @return true when no check failed (skipped checks do not fail; the MAC is always checked) */
    public boolean passed() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    /** @return the checks that failed */
    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
    }

    /**
     * A check by name.
     *
     * @param name one of {@link #CHECK_NAMES}
     * @return the check
     * @throws IllegalArgumentException for an unknown name
     */
    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check '" + name + "'; checks: " + CHECK_NAMES));
    }

    /** @return one line per check */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(c.text());
        }
        return sb.toString();
    }
}
