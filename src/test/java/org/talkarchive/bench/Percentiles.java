package org.talkarchive.bench;

/** A quantile of measured values, defined once for every benchmark: the value at rank floor(q × n) of the sorted n. */
final class Percentiles {

    private Percentiles() {
    }

    /** The value at {@code quantile} (0.5 the median, 0.99 the p99) of sorted values; 0 for none. */
    static long at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
    }

    /** The same for sorted nanoseconds, in milliseconds. */
    static double millis(long[] sortedNanos, double quantile) {
        return at(sortedNanos, quantile) / 1e6;
    }
}
