package org.talkarchive.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The exit codes of every command, in one place; the help footers list them from here. Usage errors, failures and
 * bad settings get codes of their own (sysexits.h's EX_USAGE, EX_SOFTWARE and EX_CONFIG) so a script can tell them
 * from a command's own answers (drift, rejections, a reindex already running).
 */
final class ExitCodes {

    static final int OK = 0;
    static final int DRIFT = 1;
    static final int REJECTED = 2;
    static final int REINDEX_RUNNING = 3;
    static final int DATA_DIR_IN_USE = 4;
    static final int USAGE = 64;
    static final int FAILURE = 70;
    static final int BAD_SETTING = 78;

    // picocli's exitCodeList entries ("code:meaning"); annotations need constants. A command's annotation lists only
    // its own codes; describeIn adds those every command shares.
    static final String LIST_OK = "0:done";
    static final String LIST_DRIFT = "1:PostgreSQL and the index differ, or a killed reindex left something behind";
    static final String LIST_REJECTED = "2:imported, but some records were rejected (listed on stderr)";
    static final String LIST_REINDEX_RUNNING = "3:another reindex is running; nothing was done";
    static final String LIST_DATA_DIR_IN_USE = "4:another process runs the engines of TALKS_DATA_DIR; not started";
    static final String LIST_USAGE = "64:invalid usage (unknown option, missing or bad argument)";
    static final String LIST_FAILURE = "70:failed (an engine could not be reached, an I/O error, ...); see stderr";
    static final String LIST_BAD_SETTING = "78:a setting in the environment is invalid (stderr names it)";

    private ExitCodes() {
    }

    /** One help section for a command's exit codes: done first, then its own, then usage errors and failures. */
    static void describeIn(UsageMessageSpec usage) {
        Map<String, String> codes = new LinkedHashMap<>();
        put(codes, LIST_OK);
        codes.putAll(usage.exitCodeList());
        put(codes, LIST_USAGE);
        put(codes, LIST_FAILURE);
        put(codes, LIST_BAD_SETTING);
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    }

    private static void put(Map<String, String> codes, String entry) {
        int colon = entry.indexOf(':');
        codes.put(entry.substring(0, colon), entry.substring(colon + 1));
    }
}
