package org.talkarchive.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nodes {@code ELASTICSEARCH_URL} names: one URL, or several separated by commas
 * ({@code http://es1:9200,http://es2:9200}). The client spreads requests over all of them and tries another when
 * one fails, so a cluster keeps answering while one node is down.
 */
public final class ElasticsearchHosts {

    private ElasticsearchHosts() {
    }

    /**
     * Parses the list, in its order, without duplicates.
     *
     * @throws IllegalArgumentException naming the entry that is not an http(s) URL with a host and port (an
     *                                  empty entry, a path, a query and user info are refused too: each would
     *                                  silently be lost or leak into logs)
     */
    public static List<URI> parse(String list) {
        List<URI> hosts = new ArrayList<>();
        String[] entries = list.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            URI uri = parseEntry(entry, i + 1);
            if (!hosts.contains(uri)) {
                hosts.add(uri);
            }
        }
        return List.copyOf(hosts);
    }

    private static URI parseEntry(String entry, int position) {
        if (entry.isEmpty()) {
            throw invalid(entry, position, "it is empty (a stray comma?)");
        }
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw invalid(entry, position, e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(entry, position, "it must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw invalid(entry, position, "it has no host (or the host is not valid)");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(entry, position, "credentials go in ELASTICSEARCH_API_KEY, not in the URL");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(entry, position, "only scheme, host and port are allowed");
        }
        // without a port, the scheme's own (80 or 443), as a single URL always meant
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static IllegalArgumentException invalid(String entry, int position, String why) {
        return new IllegalArgumentException("ELASTICSEARCH_URL entry " + position + " '" + entry
                + "' is not a node URL: " + why + " (expected e.g. http://127.0.0.1:9200,http://127.0.0.2:9200)");
    }
}
