package org.talkarchive.ui;

/** What error.jte shows: the status and a sentence for people (never a stack trace). */
public record ErrorPageView(int status, String message) {
}
