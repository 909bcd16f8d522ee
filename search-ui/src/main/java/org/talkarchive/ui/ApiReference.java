package org.talkarchive.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * apidocs.jte: the API reference page, read from the OpenAPI description ({@code /api/openapi.json}) so that the
 * page and the description cannot say different things. Every operation with its parameters (and the rules they
 * must follow), responses and their headers; then every schema with its fields. Types are written out in words
 * ("array of TalkSummary", "string or null") with named schemas as links to their section.
 */
public record ApiReference(String title, String version, String description, List<Operation> operations,
                           List<Schema> schemas, String jsonHref, PageMeta meta) {

    private static final String SCHEMA_REF = "#/components/schemas/";

    public record Operation(String method, String path, String summary, String description, boolean needsToken,
                            List<Parameter> parameters, List<Response> responses) {

        /** The id of its section: {@code get-api-talks-id}. */
        public String anchor() {
            return (method + path).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
        }
    }

    /** @param rules what the value must be, in words ("at most 500 characters; repeatable") */
    public record Parameter(String name, String in, boolean required, Type type, String rules, String description) {
    }

    public record Response(String status, String description, List<String> headers, String contentType, Type type) {
    }

    public record Schema(String name, String description, List<Field> fields, Type valuesType) {

        public String anchor() {
            return "schema-" + name;
        }
    }

    public record Field(String name, Type type, boolean required, String rules, String description) {
    }

    /**
     * A type in words: {@code text} is shown as it is, followed by a link to {@code schema} when it names one
     * ("array of " + TalkSummary).
     */
    public record Type(String text, String schema, String suffix) {

        public String anchor() {
            return "schema-" + schema;
        }
    }

    /** @param spec an OpenAPI 3.1 document */
    public static ApiReference from(JsonNode spec, String jsonHref, PageMeta meta) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : fields(spec.path("paths"))) {
            for (Map.Entry<String, JsonNode> method : fields(path.getValue())) {
                JsonNode op = method.getValue();
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    JsonNode param = resolve(spec, p);
                    parameters.add(new Parameter(param.path("name").asText(), param.path("in").asText(),
                            param.path("required").asBoolean(false), type(param.path("schema")),
                            rules(param.path("schema")), text(param, "description")));
                }
                List<Response> responses = new ArrayList<>();
                for (Map.Entry<String, JsonNode> r : fields(op.path("responses"))) {
                    JsonNode response = resolve(spec, r.getValue());
                    List<String> headers = new ArrayList<>();
                    fields(response.path("headers")).forEach(h -> headers.add(h.getKey()));
                    Map.Entry<String, JsonNode> content = fields(response.path("content")).stream().findFirst()
                            .orElse(null);
                    responses.add(new Response(r.getKey(), text(response, "description"), headers,
                            content == null ? null : content.getKey(),
                            content == null ? null : type(content.getValue().path("schema"))));
                }
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        text(op, "summary"), text(op, "description"), op.path("security").size() > 0,
                        parameters, responses));
            }
        }
        List<Schema> schemas = new ArrayList<>();
        for (Map.Entry<String, JsonNode> s : fields(spec.path("components").path("schemas"))) {
            JsonNode schema = s.getValue();
            List<Field> fields = new ArrayList<>();
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Map.Entry<String, JsonNode> f : fields(schema.path("properties"))) {
                fields.add(new Field(f.getKey(), type(f.getValue()), required.contains(f.getKey()),
                        rules(f.getValue()), text(f.getValue(), "description")));
            }
            JsonNode values = schema.path("additionalProperties");
            schemas.add(new Schema(s.getKey(), text(schema, "description"), fields,
                    values.isObject() ? type(values) : null));
        }
        JsonNode info = spec.path("info");
        return new ApiReference(text(info, "title"), text(info, "version"), text(info, "description"), operations,
                schemas, jsonHref, meta);
    }

    /** A schema's type in words. */
    static Type type(JsonNode schema) {
        if (schema.isMissingNode() || schema.isNull()) {
            return new Type("", null, "");
        }
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith(SCHEMA_REF)) {
            return new Type("", ref.substring(SCHEMA_REF.length()), "");
        }
        JsonNode oneOf = schema.path("oneOf");
        if (oneOf.isArray() && !oneOf.isEmpty()) {
            // a named schema or null: "ZeroResults or null"
            Type first = type(oneOf.get(0));
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < oneOf.size(); i++) {
                Type other = type(oneOf.get(i));
                rest.add(other.schema() != null ? other.schema() : other.text());
            }
            return new Type(first.text(), first.schema(), first.suffix()
                    + (rest.isEmpty() ? "" : " or " + String.join(" or ", rest)));
        }
        List<String> types = new ArrayList<>();
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            t.forEach(x -> types.add(x.asText()));
        } else if (t.isTextual()) {
            types.add(t.asText());
        }
        if (types.equals(List.of("null"))) {
            return new Type("null", null, "");
        }
        String nullable = types.remove("null") ? " or null" : "";
        String main = types.isEmpty() ? "any" : String.join(" or ", types);
        if (main.equals("array")) {
            Type items = type(schema.path("items"));
            return new Type("array of " + items.text(), items.schema(), items.suffix() + nullable);
        }
        String format = schema.path("format").asText("");
        return new Type(main + (format.isEmpty() ? "" : " (" + format + ")") + nullable, null, "");
    }

    /** The validation rules of a schema, in words; empty when there are none. */
    static String rules(JsonNode schema) {
        List<String> rules = new ArrayList<>();
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(v -> values.add(v.asText()));
            rules.add("one of " + String.join(", ", values));
        }
        if (schema.has("minimum") && schema.has("maximum")) {
            rules.add("from " + schema.path("minimum").asText() + " to " + schema.path("maximum").asText());
        } else if (schema.has("minimum")) {
            rules.add("at least " + schema.path("minimum").asText());
        } else if (schema.has("maximum")) {
            rules.add("at most " + schema.path("maximum").asText());
        }
        if (schema.has("maxLength")) {
            rules.add("at most " + schema.path("maxLength").asText() + " characters");
        }
        if (schema.has("pattern")) {
            rules.add("matches " + schema.path("pattern").asText());
        }
        if (schema.has("minItems")) {
            rules.add("at least " + schema.path("minItems").asText() + " items");
        }
        if (schema.has("maxItems")) {
            rules.add("at most " + schema.path("maxItems").asText() + " items");
        }
        JsonNode items = schema.path("items");
        if (items.isObject()) {
            String itemRules = rules(items);
            if (!itemRules.isEmpty()) {
                rules.add("each " + itemRules);
            }
        }
        if (schema.has("default")) {
            rules.add("default " + schema.path("default").asText());
        }
        return String.join("; ", rules);
    }

    /** A parameter or response given by {@code $ref} into the components, or the node itself. */
    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = spec.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("The OpenAPI description refers to " + ref + ", which it lacks");
        }
        return target;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return List.copyOf(node.properties());
    }

    /** A text split at its backticks: the parts between them are code. */
    public static List<Segment> segments(String text) {
        List<Segment> segments = new ArrayList<>();
        String[] parts = text.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                segments.add(new Segment(parts[i], i % 2 == 1 && i < parts.length - 1));
            }
        }
        return segments;
    }

    /** A piece of a description: plain text, or code (written between backticks in the description). */
    public record Segment(String text, boolean code) {
    }
}
