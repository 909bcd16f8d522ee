package org.talkarchive.cli;

import java.io.PrintStream;
import org.talkarchive.importer.ImportProgress;

/** Progress of a long import on one terminal line, redrawn at most ten times a second; silent when piped. */
final class ConsoleProgress implements ImportProgress {

    private final PrintStream out;
    private final boolean terminal;
    private long lastDraw;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void filesRead(int talks) {
        draw(String.format("Reading talk files: %,d", talks), false);
    }

    @Override
    public synchronized void eventsWritten(int done, int total) {
        draw(String.format("Writing to PostgreSQL: %d/%d events", done, total), done == total);
    }

    private void draw(String line, boolean last) {
        long now = System.nanoTime();
        if (!terminal || (!last && now - lastDraw < 100_000_000L)) {
            return;
        }
        lastDraw = now;
        out.print("\r\033[K" + line + (last ? "\n" : ""));
        out.flush();
    }
}
