package org.talkarchive.web.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.talkarchive.ui.ApiReference;
import org.talkarchive.web.shared.Views;

/**
 * The OpenAPI description of the JSON endpoints ({@code /api/openapi.json}, the resource as written) and the
 * reference page rendered from it ({@code /api/docs}). Both are read and rendered once: they change only with a
 * new build.
 */
public final class ApiDocsController {

    /** The description on the classpath. */
    public static final String RESOURCE = "/openapi/openapi.json";
    public static final String JSON_PATH = "/api/openapi.json";
    public static final String PAGE_PATH = "/api/docs";

    private final byte[] description;
    private final String page;

    public ApiDocsController(ObjectMapper json, Views views) {
        this.description = read();
        JsonNode spec;
        try {
            spec = json.readTree(description);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " is not JSON", e);
        }
        this.page = views.apiReference(ApiReference.from(spec, JSON_PATH, views.meta(PAGE_PATH,
                "The JSON API of the archive: every endpoint, its parameters and answers.", null, null)));
    }

    public void description(Context ctx) {
        ctx.contentType("application/json").result(description);
    }

    public void page(Context ctx) {
        ctx.html(page);
    }

    private static byte[] read() {
        try (InputStream in = ApiDocsController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
