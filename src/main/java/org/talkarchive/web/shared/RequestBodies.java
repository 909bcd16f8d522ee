package org.talkarchive.web.shared;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.talkarchive.search.InvalidParameterException;

/**
 * The one way a handler reads a request body: never more than a limit, counted while reading (chunked bodies
 * declare no length), and forms only as {@code application/x-www-form-urlencoded}. Javalin's own readers checked
 * only a declared Content-Length, and its multipart reader spooled a 50 MB file part to disk before a handler could
 * refuse it, and answered a missing boundary or a 200,000-byte field with a 500. The forms of this site never
 * upload files, so multipart is refused (400) before a byte of the body is read. {@code ArchitectureTest} keeps
 * every other class off Javalin's body readers.
 */
public final class RequestBodies {

    /** The report form and the sign-in form: a note of 1,000 characters is at most 12 KB percent-encoded. */
    public static final int SMALL_FORM = 16 * 1024;
    /** The console's forms: a talk's description of 20,000 characters, percent-encoded, fits. */
    public static final int CONSOLE_FORM = 256 * 1024;
    /** JSON bodies of the admin API (Javalin's own default, now also counted while reading). */
    public static final int JSON = 1_000_000;

    /** How far past a route's limit a refused body is still read, so that the client gets its answer ({@link #refuse}). */
    public static final int SWALLOWED = 2 * 1024 * 1024;

    /** How long a read of a body waits for more bytes. */
    public static final Duration STALL = Duration.ofSeconds(5);
    /** How long a body may take before {@link #MIN_RATE} applies. */
    public static final Duration GRACE = Duration.ofSeconds(5);
    /** The slowest a body may come on average, after {@link #GRACE}: an 8 MB caption file within about 9 minutes. */
    public static final long MIN_RATE = 16 * 1024;

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final String FORM = "talkarchive.form";

    private RequestBodies() {
    }

    /** A form's fields by name (the first value of each). */
    public record Form(Map<String, String> fields) {
        /** The field's value, or null when the form has no such field (as Javalin's formParam). */
        public String value(String name) {
            return fields.get(name);
        }
    }

    /**
     * The request's form, read once (later calls return the same form, whatever their limit).
     *
     * @throws HttpResponseException 400 for anything but a urlencoded form, 413 above {@code limit} bytes
     * @throws InvalidParameterException bad percent-encoding or UTF-8, too many fields: 400 naming the field
     */
    public static Form form(Context ctx, int limit) {
        Form cached = ctx.attribute(FORM);
        if (cached != null) {
            return cached;
        }
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        boolean empty = ctx.req().getContentLengthLong() == 0;
        if (!type.startsWith(FORM_TYPE) && !(type.isEmpty() && empty)) {
            refuse(ctx, limit, 0);
            throw new BadRequestResponse("This form takes " + FORM_TYPE + " only, not "
                    + (type.isEmpty() ? "a body without a type" : type.replaceAll(";.*", "")));
        }
        Form form = new Form(parse(text(bytes(ctx, limit))));
        ctx.attribute(FORM, form);
        return form;
    }

    /**
     * The body's bytes, at most {@code limit}: a declared length above it is refused before reading, and a body
     * without one (chunked) is read up to one byte past the limit, never further.
     *
     * @throws HttpResponseException 413 above the limit, 400 when the body cannot be read (a broken chunk, a client
     *                               gone)
     */
    public static byte[] bytes(Context ctx, int limit) {
        return bytes(ctx, limit, size -> "The request body is " + size + "; this route takes at most " + limit
                + " bytes. Nothing was changed.");
    }

    /** As {@link #bytes(Context, int)}, with the 413's message made from the size ("N bytes", "more than N bytes"). */
    public static byte[] bytes(Context ctx, int limit, UnaryOperator<String> tooLarge) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            refuse(ctx, limit, 0);
            throw new ContentTooLargeResponse(tooLarge.apply(declared + " bytes"));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(
                (int) Math.min(Math.max(declared, 0) + 1, limit + 1L));
        try {
            read(ctx, limit + 1L, body);
        } catch (TooSlow e) {
            stopReading(ctx);
            throw new HttpResponseException(HttpStatus.REQUEST_TIMEOUT.getCode(), e.getMessage()
                    + " Nothing was changed.");
        } catch (IOException e) {
            refuse(ctx, limit, 0);
            throw new BadRequestResponse("The request body could not be read: " + e.getMessage());
        }
        if (body.size() > limit) {
            refuse(ctx, limit, body.size());
            throw new ContentTooLargeResponse(tooLarge.apply("more than " + limit + " bytes"));
        }
        return body.toByteArray();
    }

    /** A body that stalled, or came slower than {@link #MIN_RATE}: the client is answered 408. */
    private static final class TooSlow extends IOException {
        TooSlow(String message) {
            super(message);
        }
    }

    /**
     * Reads the body into {@code sink} (null: thrown away) until it ends or {@code max} bytes are read; true when it
     * ended. A reader is a thread of the server, and for a viewer's request a turn of {@code Admission}'s, so a body
     * must keep coming: a read waits at most {@link #STALL} for more bytes, and after {@link #GRACE} the body must
     * have come at {@link #MIN_RATE} on average. Without that, 20 clients sending a form a byte a second held every
     * turn, and viewers' searches were answered 503 for as long as they kept sending.
     */
    private static boolean read(Context ctx, long max, OutputStream sink) throws IOException {
        EndPoint endPoint = endPoint(ctx);
        long idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(STALL.toMillis());
        long started = System.nanoTime();
        long read = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (read < max) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, max - read));
                } catch (IOException e) {
                    if (stalled(e)) {
                        throw new TooSlow("The request body stopped coming for " + STALL.toSeconds() + " s after "
                                + read + " bytes.");
                    }
                    throw e;
                }
                if (n < 0) {
                    return true;
                }
                read += n;
                if (sink != null) {
                    sink.write(buffer, 0, n);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                if (seconds > GRACE.toSeconds() && read < MIN_RATE * seconds) {
                    throw new TooSlow(String.format(Locale.ROOT, "The request body came too slowly: %d bytes in"
                            + " %.0f s.", read, seconds));
                }
            }
            return false;
        } finally {
            endPoint.setIdleTimeout(idleTimeout);
        }
    }

    private static boolean stalled(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static EndPoint endPoint(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().getEndPoint();
    }

    /**
     * What is left of a refused body: a body that ends within {@link #SWALLOWED} bytes past the route's limit is read
     * to its end and thrown away, so that a client that sends its whole body before it reads (as Java's HttpClient
     * does) gets the answer on a connection that stays open. Closing a socket with unread bytes in it resets the
     * connection, and the reset can destroy the answer before the client reads it (seen with a caption file one byte
     * over its 8 MB). Beyond that the server stops reading: left to itself, Jetty would read and throw away the rest
     * after the answer, as fast as it comes (a refused 50 MB upload was read to its end); shutting the socket's input
     * ends that, the answer still goes out, and the connection closes. Tomcat's maxSwallowSize (also 2 MB) does the
     * same.
     */
    private static void refuse(Context ctx, int limit, long alreadyRead) {
        long allowance = (long) limit + SWALLOWED;
        if (ctx.req().getContentLengthLong() <= allowance && swallow(ctx, allowance - alreadyRead)) {
            return; // the whole body is read: the connection can serve the client's next request
        }
        stopReading(ctx);
    }

    /** The rest of the body is not read: the answer still goes out, then the connection closes. */
    private static void stopReading(Context ctx) {
        ctx.header("Connection", "close");
        if (endPoint(ctx) instanceof SocketChannelEndPoint socket) {
            try {
                socket.getChannel().shutdownInput();
            } catch (IOException alreadyClosed) {
                // nothing left to stop reading
            }
        }
    }

    /** True when the body ended within {@code left} more bytes (read within the same time limits). */
    private static boolean swallow(Context ctx, long left) {
        try {
            return read(ctx, left + 1, null);
        } catch (IOException brokenOrSlow) {
            return false;
        }
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParameterException("body", "is not valid UTF-8");
        }
    }

    /** Strict urlencoded parsing, by the same decoder as query strings: a stray % is a 400, not a 500. */
    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        List<String> pairs = List.of(body.split("&", -1));
        if (pairs.size() > RequestGuard.MAX_PARAMETERS) {
            throw new InvalidParameterException("body", "has more than " + RequestGuard.MAX_PARAMETERS + " fields");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = RequestGuard.decode("(name)", eq < 0 ? pair : pair.substring(0, eq));
            String shown = name.length() > 40 ? "(name)" : name;
            String value = eq < 0 ? "" : RequestGuard.decode(shown, pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }
}
