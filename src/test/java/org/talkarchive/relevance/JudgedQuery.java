package org.talkarchive.relevance;

import java.util.List;
import java.util.Set;

/**
 * One query of the judged set: its kind, the text a viewer types, the talks that are relevant to it (binary
 * relevance), and what it was made from (a talk, a speaker or an event), for whoever inspects the set.
 *
 * @param relevant      the relevant talks' database ids
 * @param relevantPaths the same talks as {@code event-slug/talk-slug}, stable across imports
 */
public record JudgedQuery(QueryKind kind, String text, String madeFrom, Set<Long> relevant,
                          List<String> relevantPaths) {
}
