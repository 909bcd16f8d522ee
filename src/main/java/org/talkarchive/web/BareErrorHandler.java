package org.talkarchive.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers for requests that Jetty refuses before any route sees them (a path with a stray %, an encoded slash, a
 * header too large): the status in plain UTF-8 text with the security headers, instead of Jetty's own HTML page in
 * ISO-8859-1 that repeats the request's URI.
 */
final class BareErrorHandler extends ErrorHandler {

    private final Map<String, String> headers;

    BareErrorHandler(SecurityHeaders headers) {
        this.headers = headers.all();
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        headers.forEach(response::setHeader);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write(text(code));
        baseRequest.setHandled(true);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        headers.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        return ByteBuffer.wrap(text(status));
    }

    private static byte[] text(int status) {
        return (status + " " + HttpStatus.getMessage(status) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
