package org.talkarchive.talks;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.talkarchive.text.Names;

/**
 * The series an event belongs to, derived from its title: the title without its year ("DjangoCon US 2019" and
 * "DjangoCon US 2010" are "DjangoCon US", whatever their slugs say). The corpus has no series of its own, and titles
 * name them more consistently than slugs do ("djangocon-2010" is DjangoCon US too). An event whose title names no
 * year (a meetup) is a series of one.
 */
public final class EventSeries {

    private static final Pattern YEAR = Pattern.compile("(?<![\\p{Alnum}])(19|20)\\d{2}(?![\\p{Alnum}])");
    private static final Pattern EDGES = Pattern.compile("^[\\s\\-–—:,.|/]+|[\\s\\-–—:,.|/]+$");

    private EventSeries() {
    }

    /** "DjangoCon US 2019" gives "DjangoCon US"; "PyCon 2016 Boston" gives "PyCon Boston". */
    public static String name(String eventTitle) {
        String title = eventTitle == null ? "" : eventTitle.strip();
        String name = YEAR.matcher(title).replaceAll(" ").replaceAll("\\s+", " ");
        name = EDGES.matcher(name).replaceAll("").strip();
        return name.isEmpty() ? title : name;
    }

    /** The series' slug, for {@code /series/{slug}}: its name folded ("djangocon-us"). */
    public static String slug(String eventTitle) {
        String slug = Names.slug(name(eventTitle));
        return slug.isEmpty() ? "event" : slug;
    }

    /** The year an event took place: its start date's, else a year its title or slug names; null if none. */
    public static Integer year(LocalDate startDate, String title, String slug) {
        if (startDate != null) {
            return startDate.getYear();
        }
        for (String text : new String[] {title, slug}) {
            Matcher m = YEAR.matcher(text == null ? "" : text.replace('-', ' ').replace('_', ' '));
            if (m.find()) {
                return Integer.parseInt(m.group());
            }
        }
        return null;
    }
}
