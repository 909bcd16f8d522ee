package org.talkarchive.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Headers that every response carries. The pages run only our own script and stylesheet (no inline code, so a
 * title that smuggled markup past escaping still could not run), may not be framed, and frame only the video
 * players that {@link org.talkarchive.talks.VideoEmbeds} allows.
 */
public final class SecurityHeaders {

    /** A year, subdomains included: what browsers' preload lists ask for. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    private final String contentSecurityPolicy;
    private final String permissionsPolicy;
    private final boolean httpsSite;

    /** @param httpsSite the public URL is https: browsers are told to use nothing else */
    public SecurityHeaders(List<String> frameOrigins, boolean httpsSite) {
        this.httpsSite = httpsSite;
        String frames = String.join(" ", frameOrigins);
        this.contentSecurityPolicy = String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' https:",      // thumbnails come from video hosts
                "media-src https:",           // plain video files, https only
                "frame-src " + frames,
                "connect-src 'self'",
                "form-action 'self'",
                "base-uri 'none'",
                "frame-ancestors 'none'");
        // Players may go fullscreen and picture-in-picture; nothing here needs cameras, places or payments.
        String players = "(self " + String.join(" ", frameOrigins.stream().map(o -> '"' + o + '"').toList()) + ")";
        this.permissionsPolicy = String.join(", ",
                "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()",
                "fullscreen=" + players, "picture-in-picture=" + players, "encrypted-media=" + players);
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** Every header with its value, in a fixed order. */
    Map<String, String> all() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", contentSecurityPolicy);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin"); // players refuse to play without an origin
        headers.put("Permissions-Policy", permissionsPolicy);
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        return headers;
    }

    /**
     * Before every handler, so that streamed downloads and error pages carry them too. HSTS only where the site is
     * https (its public URL, or a trusted proxy's X-Forwarded-Proto, see {@link ForwardedHeaders}): sent over plain
     * http to a site without TLS it would lock browsers out of it for a year.
     */
    void apply(Context ctx) {
        all().forEach(ctx::header);
        if (httpsSite || "https".equals(ctx.scheme())) {
            ctx.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }

    /** Pages are UTF-8; without the charset a browser may guess another encoding and read markup differently. */
    static void htmlCharset(Context ctx) {
        String type = ctx.res().getContentType();
        if (type != null && type.startsWith("text/html") && !type.contains("charset")) {
            ctx.contentType("text/html; charset=utf-8");
        }
    }
}
