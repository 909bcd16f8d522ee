package org.talkarchive.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.talkarchive.importer.ImportProgress;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.Reindexer;

/**
 * Progress of the long stages (reading, writing, publishing, indexing) on stderr, one bar per stage with its total,
 * rate and ETA. On a terminal the bar is redrawn in place; otherwise (a log file, a pipe) the same text is printed as
 * a plain line every few seconds and once when the stage ends.
 */
final class ConsoleProgress implements ImportProgress, Reindexer.Progress, IndexSync.PublicationProgress,
        AutoCloseable {

    private static final int TERMINAL_REDRAW_MILLIS = 200;
    private static final int LOG_LINE_MILLIS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private final int lineMillis;
    private ProgressBar bar;
    private String stage;
    private long done;
    private long publishedShown;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this(out, terminal, LOG_LINE_MILLIS);
    }

    /** @param lineMillis how often a plain line is printed when not on a terminal */
    ConsoleProgress(PrintStream out, boolean terminal, int lineMillis) {
        this.out = out;
        this.terminal = terminal;
        this.lineMillis = lineMillis;
    }

    /** Bars on a terminal, lines otherwise: {@code System.console()} is null when stdin or stdout is redirected. */
    static ConsoleProgress onStderr() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    /** Writing a synthetic corpus of this many talks. */
    public void generating(int talks) {
        start("Generating", talks, " talks");
    }

    public void generated(int talks) {
        advance(talks);
    }

    @Override
    public void reading(int talkFiles) {
        start("Reading talk files", talkFiles, " files");
    }

    @Override
    public void filesRead(int talks) {
        advance(talks);
    }

    @Override
    public void writing(int talks) {
        start("Writing to PostgreSQL", talks, " talks");
    }

    @Override
    public void talksWritten(int talks) {
        advance(talks);
    }

    @Override
    public void loading(long talks) {
        start("Indexing", talks, " talks");
    }

    @Override
    public void loaded(long talks) {
        advance(talks);
    }

    @Override
    public synchronized void published(long published, long changes) {
        if (!"Publishing".equals(stage)) {
            if (published <= publishedShown) {
                return; // the stage ended at this count already
            }
            start("Publishing", changes, " changes");
        }
        publishedShown = Math.max(publishedShown, published);
        advance(published);
    }

    private synchronized void start(String name, long total, String unit) {
        close();
        stage = name;
        done = 0;
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setUnit(unit, 1)
                .showSpeed().continuousUpdate();
        if (terminal) {
            builder.setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(TERMINAL_REDRAW_MILLIS);
        } else {
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(lineMillis)
                    .setConsumer(new DelegatingProgressBarConsumer(out::println, 100));
        }
        bar = builder.build();
    }

    @Override
    public synchronized void phase(Reindexer.Phase phase) {
        if (phase != Reindexer.Phase.COPYING) {
            close();
            out.println(switch (phase) {
                case REPLAYING -> "Replaying the changes made while copying";
                case SWITCHING -> "Switching the alias to the new index";
                case RETIRING -> "Deleting the old index";
                case COPYING -> throw new AssertionError(phase);
            });
        }
    }

    /**
     * Counts arrive from several threads, not always in order: the bar only moves forward. A stage whose total is
     * reached ends there, so a log does not repeat the same full bar while the last batch is being acknowledged.
     */
    private synchronized void advance(long count) {
        if (bar != null && count > done) {
            done = count;
            bar.stepTo(count);
            if (count >= bar.getMax()) {
                close();
            }
        }
    }

    /** Ends the current stage, printing its final state. */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            stage = null;
        }
    }
}
