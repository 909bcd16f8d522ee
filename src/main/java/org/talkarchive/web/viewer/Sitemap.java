package org.talkarchive.web.viewer;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.talkarchive.talks.Catalog;

/**
 * The sitemap (sitemaps.org): the home page, the indexes, every series, talk, speaker and event page, streamed
 * from PostgreSQL. A sitemap may list at most 50,000 addresses, so a larger archive gets a sitemap index whose
 * parts ({@code /sitemaps/N.xml}) list 50,000 each, in a fixed order.
 */
final class Sitemap {

    static final int MAX_URLS = 50_000;
    private static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private final Catalog catalog;
    private final String publicBase;
    private final int perFile;

    /** @param perFile addresses per sitemap ({@link #MAX_URLS}; fewer in tests, to see an index on a small archive) */
    Sitemap(Catalog catalog, String publicBase, int perFile) {
        this.catalog = catalog;
        this.publicBase = publicBase;
        this.perFile = perFile;
    }

    /** How many sitemap files the archive needs; more than one means {@code /sitemap.xml} is an index. */
    int parts() {
        long urls = fixedPaths().size() + catalog.pageCount();
        return (int) Math.max(1, (urls + perFile - 1) / perFile);
    }

    /** {@code /sitemap.xml}: every address, or the index of the parts when they are more than one file holds. */
    void writeMain(Writer out) throws XMLStreamException {
        int parts = parts();
        if (parts == 1) {
            writePart(out, 1);
            return;
        }
        XMLStreamWriter xml = start(out, "sitemapindex");
        for (int part = 1; part <= parts; part++) {
            xml.writeStartElement("sitemap");
            element(xml, "loc", publicBase + "/sitemaps/" + part + ".xml");
            xml.writeEndElement();
        }
        end(xml);
    }

    /** One part (from 1): the fixed pages first, then talks, speakers and events. */
    void writePart(Writer out, int part) throws XMLStreamException {
        XMLStreamWriter xml = start(out, "urlset");
        long from = (long) (part - 1) * perFile;
        List<String> fixed = fixedPaths();
        long written = 0;
        for (long i = from; i < fixed.size() && written < perFile; i++, written++) {
            url(xml, fixed.get((int) i));
        }
        long remaining = perFile - written;
        if (remaining > 0) {
            catalog.pagePaths(Math.max(0, from - fixed.size()), remaining, path -> {
                try {
                    url(xml, path);
                } catch (XMLStreamException e) {
                    throw new IllegalStateException(e); // the download is then aborted (see Streaming)
                }
            });
        }
        end(xml);
    }

    private List<String> fixedPaths() {
        List<String> paths = new ArrayList<>(List.of("/", "/events", "/speakers"));
        catalog.series().forEach(s -> paths.add(s.path()));
        return paths;
    }

    private void url(XMLStreamWriter xml, String path) throws XMLStreamException {
        xml.writeStartElement("url");
        element(xml, "loc", publicBase + path);
        xml.writeEndElement();
    }

    private static XMLStreamWriter start(Writer out, String root) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement(root);
        xml.writeDefaultNamespace(NS);
        return xml;
    }

    private static void end(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.flush();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
