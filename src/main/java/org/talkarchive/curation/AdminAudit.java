package org.talkarchive.curation;

/**
 * Where every admin action is written down: who, what, to which subject, and the subject's state before and after
 * (any object the JSON mapper can write; null for none). Implementations write within the caller's transaction
 * when there is one, so an action and its record are committed together or not at all.
 */
public interface AdminAudit {

    void record(String actor, String action, String subject, Object before, Object after);
}
