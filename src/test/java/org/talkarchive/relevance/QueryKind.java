package org.talkarchive.relevance;

/** The kinds of judged queries, in the order the report prints them. */
public enum QueryKind {
    TITLE_KEYWORDS("title keywords"),
    OTHER_INFLECTIONS("other inflections"),
    SPEAKER_TYPO("speaker with a typo"),
    EVENT_YEAR("event + year"),
    NATURAL_SENTENCE("natural sentence");

    private final String label;

    QueryKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
