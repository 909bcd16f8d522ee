package org.talkarchive.testing;

import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What JavalinTest's client does not offer by itself (since Javalin 7 it wraps Java's HttpClient, not OkHttp). */
public final class Responses {

    private Responses() {
    }

    /** The first value of a response header, or null when the response has none. */
    public static String header(Response response, String name) {
        List<String> values = response.headers().get(name);
        return values == null ? null : values.get(0);
    }

    /** A body of known length: sent with Content-Length. */
    public static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    /** A body of known length: sent with Content-Length. */
    public static HttpRequest.BodyPublisher body(byte[] bytes) {
        return HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    /** A body of unknown length, which Java's HttpClient sends in chunks. */
    public static HttpRequest.BodyPublisher chunked(byte[] bytes) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /** The request with any method; {@code body} may be null (none). */
    public static Request.Builder method(Request.Builder request, String method, HttpRequest.BodyPublisher body) {
        HttpRequest.BodyPublisher sent = body == null ? HttpRequest.BodyPublishers.noBody() : body;
        return switch (method) {
            case "GET" -> request.get();
            case "POST" -> request.post(sent);
            case "PUT" -> request.put(sent);
            case "PATCH" -> request.patch(sent);
            case "DELETE" -> request.delete(sent);
            default -> throw new IllegalArgumentException(method);
        };
    }
}
