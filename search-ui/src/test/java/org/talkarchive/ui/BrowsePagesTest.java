package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.talkarchive.talks.Catalog;

class BrowsePagesTest {

    private static Catalog.SpeakerIndex speakers(String filter, String letter, int page, int pages) {
        return new Catalog.SpeakerIndex(filter, letter, List.of("a", "b"), List.of(), page < pages, page, pages, 0);
    }

    @Test
    void aPagerLinksTheNeighbouringPagesOnly() {
        Pager middle = Pager.of(2, 1234, page -> "/x?page=" + page);
        assertThat(middle).isEqualTo(new Pager(2, 1234, "/x?page=1", "/x?page=3"));
        assertThat(middle.text()).isEqualTo("Page 2 of 1,234");
        assertThat(Pager.of(1, 1, page -> "/x")).isEqualTo(new Pager(1, 1, null, null));
        assertThat(Pager.of(3, 3, page -> "/x?page=" + page).nextHref()).isNull();
    }

    @Test
    void theSpeakersPagesKeepTheFilterOrTheLetterAndTheFirstPageHasNoNumber() {
        assertThat(BrowsePages.SpeakersIndex.href("/speakers", speakers("", "b", 1, 3), 1))
                .isEqualTo("/speakers?letter=b");
        assertThat(BrowsePages.SpeakersIndex.href("/api/speakers", speakers("", "é", 1, 3), 2))
                .isEqualTo("/api/speakers?letter=%C3%A9&page=2");
        Pager pager = new BrowsePages.SpeakersIndex(speakers("ana & bob", null, 2, 3), null, null).pager();
        assertThat(pager.previousHref()).isEqualTo("/speakers?q=ana%20%26%20bob");
        assertThat(pager.nextHref()).isEqualTo("/speakers?q=ana%20%26%20bob&page=3");
        assertThat(BrowsePages.EventsIndex.href(1)).isEqualTo("/events");
        assertThat(new BrowsePages.EventsIndex(new Catalog.EventsIndex(List.of(), 2, 2, 60, 90), null, null).pager())
                .isEqualTo(new Pager(2, 2, "/events", null));
    }
}
