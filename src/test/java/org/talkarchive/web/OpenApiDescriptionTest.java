package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.talkarchive.testing.OpenApiConformance;

/** The OpenAPI description is a valid OpenAPI 3.1 document, and the check would say so if it were not. */
class OpenApiDescriptionTest {

    private final OpenApiConformance spec = OpenApiConformance.load();

    @Test
    void theDescriptionIsAValidOpenApi31Document() {
        assertThat(spec.document().path("openapi").asText()).startsWith("3.1.");
        assertThat(spec.documentProblems()).isEmpty();
    }

    @Test
    void invalidDocumentsAreCaught() {
        ObjectNode noInfo = spec.document().deepCopy();
        noInfo.remove("info");
        assertThat(OpenApiConformance.of(noInfo).documentProblems()).as("without info").isNotEmpty();

        ObjectNode dangling = spec.document().deepCopy();
        ((ObjectNode) dangling.at("/paths/~1api~1talks~1{id}/get/responses/200/content/application~1json/schema"))
                .put("$ref", "#/components/schemas/NoSuchThing");
        assertThat(OpenApiConformance.of(dangling).documentProblems()).as("a dangling reference")
                .anyMatch(p -> p.contains("NoSuchThing"));

        ObjectNode undeclared = spec.document().deepCopy();
        ((ObjectNode) undeclared.at("/paths/~1api~1talks~1{id}/get")).remove("parameters");
        assertThat(OpenApiConformance.of(undeclared).documentProblems()).as("an undeclared path parameter")
                .anyMatch(p -> p.contains("{id}"));

        ObjectNode badMethod = spec.document().deepCopy();
        ((ArrayNode) badMethod.at("/paths/~1api~1talks/get/tags")).add(42);
        assertThat(OpenApiConformance.of(badMethod).documentProblems()).as("a tag that is not a string")
                .isNotEmpty();
    }

    @Test
    void answersUnlikeTheDescriptionAreCaught() {
        java.util.Map<String, String> json = java.util.Map.of("Content-Type", "application/json");
        com.fasterxml.jackson.databind.node.JsonNodeFactory nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        assertThat(spec.problems("GET", "/api/talks/{id}", 200, json, nodes.objectNode().put("id", "not a number")))
                .as("a body not of its schema").anyMatch(p -> p.startsWith("body: "));
        assertThat(spec.problems("GET", "/api/talks/{id}", 200, java.util.Map.of("Content-Type", "text/html"),
                nodes.textNode("<p>"))).as("another content type").anyMatch(p -> p.startsWith("Content-Type"));
    }

    @Test
    void adminOperationsNeedTheBearerToken() {
        assertThat(spec.document().at("/components/securitySchemes/adminToken/scheme").asText()).isEqualTo("bearer");
        spec.operations().stream().filter(op -> op.contains("/api/admin/")).forEach(op -> {
            String[] parts = op.split(" ");
            String pointer = "/paths/" + parts[1].replace("~", "~0").replace("/", "~1") + "/"
                    + parts[0].toLowerCase(java.util.Locale.ROOT) + "/security/0/adminToken";
            assertThat(spec.document().at(pointer).isArray()).as(op).isTrue();
        });
    }
}
