package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.progress.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar on standard error. On a terminal it redraws one line at most ten times a
 * second; otherwise it prints a line at every tenth of the run.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private final boolean enabled;
    private long lastDraw;
    private int lastDecile = -1;
    private String lastStage = "";

    ProgressBar(PrintStream err, boolean enabled) {
        this.err = err;
        this.terminal = System.console() != null;
        this.enabled = enabled;
    }

    @Override
    public void onProgress(Progress p) {
        if (!enabled) {
            return;
        }
        if (!p.stage().equals(lastStage)) {
            lastStage = p.stage();
            lastDecile = -1;
        }
        boolean done = p.completed() >= p.total();
        if (terminal) {
            long now = System.nanoTime();
            if (!done && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int filled = (int) Math.round(p.fraction() * WIDTH);
            err.print(String.format(Locale.ROOT, "\r%-12s [%s%s] %3.0f%% %d/%d loss %.4f", p.stage(),
                    "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * p.fraction(), p.completed(), p.total(),
                    p.loss()));
            if (done) {
                err.println();
            }
        } else {
            int decile = (int) Math.floor(p.fraction() * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                err.println(String.format(Locale.ROOT, "%-12s %3d%% %d/%d loss %.4f", p.stage(), decile * 10,
                        p.completed(), p.total(), p.loss()));
            }
        }
    }
}
