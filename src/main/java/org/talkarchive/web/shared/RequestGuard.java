package org.talkarchive.web.shared;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.talkarchive.search.InvalidParameterException;

/**
 * Turns away bytes no handler should see, with a 400 that names the parameter: malformed percent-encoding,
 * invalid UTF-8 (lone surrogates included), control characters (bidirectional overrides too), over-long values.
 * Without it a NUL byte reached PostgreSQL and came back as a 500, and a stray {@code %} failed inside the
 * framework's own parser.
 */
public final class RequestGuard {

    static final int MAX_QUERY_LENGTH = 4096;
    static final int MAX_VALUE_LENGTH = 500;
    static final int MAX_PARAMETERS = 64;

    private RequestGuard() {
    }

    /** Checks the raw path and query string before anything decodes them. */
    public static void check(Context ctx) {
        checkPath(ctx.req().getRequestURI());
        checkQuery(ctx.queryString());
    }

    /** Each segment must decode to clean text: the framework's own decoder fails on %u0041 and the like. */
    static void checkPath(String rawPath) {
        if (rawPath == null) {
            return;
        }
        for (String segment : rawPath.split("/")) {
            check("path", decode("path", segment.replace("+", "%2B")));
        }
    }

    static void checkQuery(String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new InvalidParameterException("query", "is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        String[] pairs = query.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            throw new InvalidParameterException("query", "has more than " + MAX_PARAMETERS + " parameters");
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode("(name)", rawName);
            check("(name)", name);
            String shownName = name.length() > 40 ? "(name)" : name;
            if (eq >= 0) {
                check(shownName, decode(shownName, pair.substring(eq + 1)));
            }
        }
    }

    static void check(String parameter, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidParameterException(parameter, "is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new InvalidParameterException(parameter, String.format(
                        "contains the control character U+%04X at position %d", (int) c, i + 1));
            }
            if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                // Embeddings, overrides and isolates reorder the text shown after them: echoed in a page, a
                // crafted link could show other words than it searches. The marks LRM and RLM stay welcome.
                throw new InvalidParameterException(parameter, String.format("contains the bidirectional control"
                        + " character U+%04X at position %d", (int) c, i + 1));
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(++i)))) {
                throw new InvalidParameterException(parameter, "contains a lone surrogate (not valid Unicode)");
            }
        }
    }

    /** Strict application/x-www-form-urlencoded decoding: what URLDecoder forgives or throws on becomes a 400. */
    static String decode(String parameter, String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new InvalidParameterException(parameter, "has a % that does not start an escape like %20");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7e) {
                // Raw non-ASCII in a query string: take it as the UTF-8 the browser meant.
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParameterException(parameter, "is not valid UTF-8");
        }
    }
}
