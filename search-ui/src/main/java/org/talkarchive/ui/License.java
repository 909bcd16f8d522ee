package org.talkarchive.ui;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A talk's licence as the page shows it: named ("CC BY 3.0") and linked when the record gives a Creative Commons
 * address, linked by its site's name for another address, or the record's own words when it is not an address.
 */
public record License(String name, String url) {

    private static final Pattern CREATIVE_COMMONS = Pattern.compile(
            "(?i)^https?://(?:www\\.)?creativecommons\\.org/(licenses|publicdomain)/([a-z-]+)(?:/([0-9.]+))?.*$");

    /** The licence of a talk's copyright text, or null for none. */
    public static License of(String copyright) {
        if (copyright == null || copyright.isBlank()) {
            return null;
        }
        String text = copyright.strip();
        Matcher cc = CREATIVE_COMMONS.matcher(text);
        if (cc.matches()) {
            String kind = cc.group(2).toLowerCase(Locale.ROOT);
            String version = cc.group(3) == null ? "" : " " + cc.group(3);
            String name = switch (kind) {
                case "zero" -> "CC0" + version;
                case "mark" -> "Public Domain Mark" + version;
                default -> "CC " + kind.toUpperCase(Locale.ROOT) + version;
            };
            return new License(name, text);
        }
        if (text.matches("(?i)^https?://\\S+$")) {
            try {
                String host = URI.create(text).getHost();
                return new License(host == null ? text : "Licence at " + host.replaceFirst("^www\\.", ""), text);
            } catch (IllegalArgumentException e) {
                return new License(text, null);
            }
        }
        return new License(text, null);
    }
}
