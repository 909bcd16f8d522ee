package org.talkarchive.talks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventSeriesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DjangoCon US 2019|DjangoCon US|djangocon-us",
            "DjangoCon US 2010|DjangoCon US|djangocon-us",
            "Pycon Odessa 2019|Pycon Odessa|pycon-odessa",
            "Plone Conference 2016 Boston|Plone Conference Boston|plone-conference-boston",
            "PyCon 2019 - Cleveland|PyCon - Cleveland|pycon-cleveland",
            "HSV.py - Huntsville's Python Meetup|HSV.py - Huntsville's Python Meetup|hsv-py-huntsville-s-python-meetup",
            "2023|2023|2023",
            "PyData NYC 20190|PyData NYC 20190|pydata-nyc-20190"})
    void aSeriesIsTheTitleWithoutItsYear(String title, String name, String slug) {
        assertThat(EventSeries.name(title)).isEqualTo(name);
        assertThat(EventSeries.slug(title)).isEqualTo(slug);
    }

    @Test
    void anEventsYearComesFromItsDateElseItsTitleElseItsSlug() {
        assertThat(EventSeries.year(LocalDate.of(2019, 9, 22), "DjangoCon US 2018", "x")).isEqualTo(2019);
        assertThat(EventSeries.year(null, "DjangoCon US 2018", "x")).isEqualTo(2018);
        assertThat(EventSeries.year(null, "DjangoCon US", "djangocon-us-2017")).isEqualTo(2017);
        assertThat(EventSeries.year(null, "Meetup Paris", "meetup-paris")).isNull();
    }
}
