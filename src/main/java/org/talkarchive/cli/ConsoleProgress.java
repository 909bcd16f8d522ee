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
    private ProgressBar bar;
    private String stage;
    private long done;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
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
            start("Publishing", changes, " changes");
        }
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
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(LOG_LINE_MILLIS)
                    .setConsumer(new DelegatingProgressBarConsumer(out::println, 100));
        }
        bar = builder.build();
    }

    /** Counts arrive from several threads, not always in order: the bar only moves forward. */
    private synchronized void advance(long count) {
        if (bar != null && count > done) {
            done = count;
            bar.stepTo(count);
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
