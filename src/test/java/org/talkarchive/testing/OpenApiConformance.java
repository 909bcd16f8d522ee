package org.talkarchive.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.OpenApi31;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.talkarchive.web.viewer.ApiDocsController;

/**
 * The archive's OpenAPI description ({@code src/main/resources/openapi/openapi.json}) as tests check it: whether it
 * is a valid OpenAPI 3.1 document (against the OpenAPI Initiative's published JSON Schema of 3.1 documents,
 * {@code src/test/resources/openapi/oas-3.1-schema-2022-10-07.json}, Apache License 2.0), and whether an answer
 * (status, headers, body) is what it describes for an operation. Bodies are checked by networknt's JSON Schema
 * validator with the OpenAPI 3.1 dialect, formats (dates) asserted.
 */
public final class OpenApiConformance {

    private static final String DESCRIPTION = "classpath:" + ApiDocsController.RESOURCE.substring(1);
    private static final String OAS_SCHEMA_ID = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";
    private static final String OAS_SCHEMA = "classpath:openapi/oas-3.1-schema-2022-10-07.json";
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    private final SchemaRegistry documents = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(config)
                    .schemaIdResolvers(ids -> ids.mapPrefix(OAS_SCHEMA_ID, OAS_SCHEMA)));
    // The OpenAPI 3.1 dialect; the document's own top-level fields, met on the way to a schema in it, are no keywords.
    private static final Dialect DIALECT = Dialect.builder(OpenApi31.getInstance())
            .keywords(List.of("openapi", "info", "servers", "tags", "paths", "components").stream()
                    .map(NonValidationKeyword::new).toList())
            .build();
    private final SchemaRegistry answers = SchemaRegistry.withDefaultDialect(DIALECT,
            builder -> builder.schemaRegistryConfig(config));
    private final Map<String, Schema> named = new ConcurrentHashMap<>();

    private OpenApiConformance(JsonNode document) {
        this.document = document;
    }

    public static OpenApiConformance load() {
        try (InputStream in = OpenApiConformance.class.getResourceAsStream(ApiDocsController.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ApiDocsController.RESOURCE + " is missing");
            }
            return new OpenApiConformance(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another document, to check the checks. */
    public static OpenApiConformance of(JsonNode document) {
        return new OpenApiConformance(document);
    }

    public JsonNode document() {
        return document;
    }

    /** Every described operation: "GET /api/talks". */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The described path a request's path falls under ("/api/talks/42" → "/api/talks/{id}"). */
    public Optional<String> template(String path) {
        for (Map.Entry<String, JsonNode> described : document.path("paths").properties()) {
            if (pattern(described.getKey()).matcher(path).matches()) {
                return Optional.of(described.getKey());
            }
        }
        return Optional.empty();
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = Pattern.compile("\\{[^}/]+}").matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start()))).append("[^/]+");
            last = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(last))).toString());
    }

    /**
     * What makes the document not a valid OpenAPI 3.1 description: what the published schema of 3.1 documents
     * finds, references to components it lacks, path parameters not declared, and schemas the validator cannot
     * compile. Empty when valid.
     */
    public List<String> documentProblems() {
        List<String> problems = new ArrayList<>();
        Schema oas = documents.getSchema(SchemaLocation.of(OAS_SCHEMA_ID));
        validate(oas, document).forEach(m -> problems.add("OpenAPI 3.1: " + m));
        references(document, problems);
        document.path("paths").properties().forEach(path -> {
            Matcher names = Pattern.compile("\\{([^}/]+)}").matcher(path.getKey());
            while (names.find()) {
                String name = names.group(1);
                path.getValue().properties().forEach(operation -> {
                    boolean declared = false;
                    for (JsonNode parameter : operation.getValue().path("parameters")) {
                        JsonNode p = resolve(parameter);
                        declared |= p.path("in").asText().equals("path") && p.path("name").asText().equals(name);
                    }
                    if (!declared) {
                        problems.add(operation.getKey() + " " + path.getKey() + " does not declare {" + name + "}");
                    }
                });
            }
        });
        document.path("components").path("schemas").properties().forEach(schema -> {
            try {
                validate(schema(schema.getKey()), JsonNodeFactory.instance.objectNode());
            } catch (RuntimeException e) {
                problems.add("schema " + schema.getKey() + " does not compile: " + e.getMessage());
            }
        });
        return problems;
    }

    private void references(JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || document.at(ref.asText().substring(1)).isMissingNode())) {
                problems.add("unresolved reference " + ref.asText());
            }
            node.properties().forEach(field -> references(field.getValue(), problems));
        } else if (node.isArray()) {
            node.forEach(item -> references(item, problems));
        }
    }

    /**
     * What differs between an answer and the description of the operation: an undescribed status, a required
     * header missing or a header's value not of its schema, another content type, a body not of its schema.
     *
     * @param headers the answer's headers (names in any letter case)
     * @param body    the answer's body: JSON as parsed, anything else as a text node
     */
    public List<String> problems(String method, String template, int status, Map<String, String> headers,
                                 JsonNode body) {
        List<String> problems = new ArrayList<>();
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(method + " " + template + " is not described");
        }
        JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
            return List.of("status " + status + " is not described");
        }
        Map<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        received.putAll(headers);
        response.path("headers").properties().forEach(h -> {
            JsonNode header = resolve(h.getValue());
            String value = received.get(h.getKey());
            if (value == null) {
                if (header.path("required").asBoolean(false)) {
                    problems.add("header " + h.getKey() + " is missing");
                }
                return;
            }
            JsonNode schema = header.path("schema");
            JsonNode typed = JsonNodeFactory.instance.textNode(value);
            if (schema.path("type").asText().equals("integer") && value.matches("-?[0-9]{1,18}")) {
                typed = JsonNodeFactory.instance.numberNode(Long.parseLong(value));
            }
            validate(inline(schema), typed)
                    .forEach(m -> problems.add("header " + h.getKey() + " '" + value + "': " + m));
        });
        Optional<Map.Entry<String, JsonNode>> content = response.path("content").properties().stream().findFirst();
        if (content.isEmpty()) {
            return problems;
        }
        String type = received.getOrDefault("Content-Type", "");
        if (!type.startsWith(content.get().getKey())) {
            problems.add("Content-Type is '" + type + "', described as " + content.get().getKey());
            return problems;
        }
        JsonNode schema = content.get().getValue().path("schema");
        String ref = schema.path("$ref").asText("");
        Schema validator = ref.startsWith(SCHEMA_REF) ? schema(ref.substring(SCHEMA_REF.length())) : inline(schema);
        for (String message : validate(validator, body)) {
            problems.add("body: " + message);
        }
        return problems;
    }

    /**
     * What differs between an HTTP answer and the description of the operation its path falls under (see
     * {@link #problems(String, String, int, Map, JsonNode)}).
     *
     * @param url  the request's path and query
     * @param body the answer's body, read
     */
    public List<String> problems(String method, String url, io.javalin.testtools.Response response, String body) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            return List.of("no path of the description matches " + path);
        }
        // the client's answer does not list its headers' names: those the description names are the ones it checks
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        describedHeaders().forEach(name -> {
            String value = Responses.header(response, name);
            if (value != null) {
                headers.put(name, value);
            }
        });
        JsonNode parsed;
        if (headers.getOrDefault("Content-Type", "").startsWith("application/json")) {
            try {
                parsed = MAPPER.readTree(body);
            } catch (IOException e) {
                return List.of("the body is not JSON: " + e.getMessage());
            }
        } else {
            parsed = JsonNodeFactory.instance.textNode(body);
        }
        return problems(method, template.get(), response.code(), headers, parsed);
    }

    /** Content-Type and every header that some answer of the description names. */
    private java.util.Set<String> describedHeaders() {
        java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add("Content-Type");
        document.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses")
                .forEach(answer -> resolve(answer).path("headers").fieldNames().forEachRemaining(names::add))));
        return names;
    }

    /**
     * The validator (3.x) reads Jackson 3 trees, and the archive's JSON is Jackson 2: the instance goes over as
     * text. Each problem as "where: what".
     */
    private static List<String> validate(Schema schema, JsonNode instance) {
        try {
            return schema.validate(MAPPER.writeValueAsString(instance), InputFormat.JSON).stream()
                    .map(OpenApiConformance::message).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }

    /** A schema written inline in an operation (as text: see validate). */
    private Schema inline(JsonNode schema) {
        try {
            return answers.getSchema(MAPPER.writeValueAsString(schema), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schema schema(String name) {
        return named.computeIfAbsent(name, n -> answers.getSchema(
                SchemaLocation.of(DESCRIPTION + SCHEMA_REF + n)));
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : node;
    }
}
