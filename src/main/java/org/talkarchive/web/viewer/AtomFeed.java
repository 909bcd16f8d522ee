package org.talkarchive.web.viewer;

import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TalkSummary;

/** An Atom (RFC 4287) feed of talks, newest first; the XML writer escapes every value. */
public final class AtomFeed {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private final Clock clock;

    public AtomFeed(Clock clock) {
        this.clock = clock;
    }

    void write(Writer out, String title, String selfUrl, String pageUrl, String baseUrl, List<TalkSummary> talks) {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            element(xml, "title", title);
            element(xml, "id", selfUrl);
            link(xml, "self", "application/atom+xml", selfUrl);
            link(xml, "alternate", "text/html", pageUrl);
            String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            String newest = talks.stream().map(TalkSummary::recorded).filter(Objects::nonNull)
                    .max(LocalDate::compareTo).map(AtomFeed::timestamp).orElse(now);
            element(xml, "updated", newest);
            xml.writeStartElement("author");
            element(xml, "name", "Talk Archive");
            xml.writeEndElement();
            for (TalkSummary talk : talks) {
                xml.writeStartElement("entry");
                element(xml, "title", talk.title());
                element(xml, "id", baseUrl + "/api/talks/" + talk.id());
                link(xml, "alternate", "text/html", baseUrl + talk.path());
                element(xml, "updated", talk.recorded() == null ? newest : timestamp(talk.recorded()));
                for (SpeakerRef speaker : talk.speakers()) {
                    xml.writeStartElement("author");
                    element(xml, "name", speaker.name());
                    element(xml, "uri", baseUrl + PagePaths.speaker(speaker.slug()));
                    xml.writeEndElement();
                }
                String speakers = String.join(", ", talk.speakers().stream().map(SpeakerRef::name).toList());
                element(xml, "summary", talk.event().title() + (speakers.isEmpty() ? "" : " · " + speakers));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The text less what XML 1.0 cannot hold at all: control characters other than tab and line breaks, lone
     * surrogates, U+FFFE and U+FFFF. The XML writer escapes markup but passes these through, and one of them in a
     * description made the whole feed unreadable to feed readers.
     */
    static String xmlText(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            if (allowed) {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static String timestamp(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(xmlText(text));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", xmlText(href));
    }
}
