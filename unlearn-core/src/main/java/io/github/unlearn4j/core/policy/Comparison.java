package io.github.unlearn4j.core.policy;

/** How a threshold compares the measured value v with its limit. */
public enum Comparison {
    /** v ≤ limit: the bound, or the target plus the tolerance. */
    AT_MOST("<="),
    /** v ≥ limit: the bound, or the target minus the tolerance. */
    AT_LEAST(">="),
    /** |v − target| ≤ tolerance; only for relative bounds. */
    WITHIN("within");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** @return how threshold texts write it: {@code <=}, {@code >=} or {@code within} */
    public String symbol() {
        return symbol;
    }
}
