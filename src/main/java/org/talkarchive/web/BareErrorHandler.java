package org.talkarchive.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers for requests that Jetty refuses before any route sees them (a path with a stray %, an encoded slash, a
 * header too large): the status in plain UTF-8 text with the security headers, instead of Jetty's own HTML page in
 * ISO-8859-1 that repeats the request's URI. Set on the server (refusals while parsing) and on the servlet context
 * (refusals of the servlet layer, which has an error handler of its own in Jetty 12).
 */
final class BareErrorHandler extends ErrorHandler {

    private final Map<String, String> headers;

    BareErrorHandler(SecurityHeaders headers) {
        this.headers = headers.all();
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        HttpFields.Mutable fields = response.getHeaders();
        headers.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, ByteBuffer.wrap(text(code)), callback);
    }

    private static byte[] text(int status) {
        return (status + " " + HttpStatus.getMessage(status) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
