package org.talkarchive.cli;

import static net.logstash.logback.argument.StructuredArguments.v;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The two log formats as shipped (logback.xml, logback-json.xml), each loaded into a logger context of its own. */
@Isolated("It swaps System.err and a system property while logback writes: another class's output would land in"
        + " what it parses")
class LogFormatTest {

    private static String log(String configuration) throws Exception {
        return log(configuration, context -> {
            Logger access = context.getLogger("access");
            try (MDC.MDCCloseable ignored = MDC.putCloseable("request_id", "req-1")) {
                access.info("{} {} {} {} ms {}", v("method", "GET"), v("path", "/api/talks"), v("status", 200),
                        v("duration_ms", 12), "req-1");
            }
            context.getLogger("com.zaxxer.hikari.pool").info("pool chatter");
        });
    }

    private static String log(String configuration, java.util.function.Consumer<LoggerContext> logging)
            throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the one MDC.putCloseable below writes to
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource(configuration));
            logging.accept(context);
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesByDefault() throws Exception {
        String out = log("logback.xml");

        assertThat(out.strip()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO access - GET /api/talks 200 12 ms req-1");
    }

    @Test
    void plainLinesNameTheRequestTheyWereLoggedIn() throws Exception {
        String out = log("logback.xml", context -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("request_id", "req-2")) {
                context.getLogger("org.talkarchive.search.TalkSearchService").warn("engine slow");
            }
            context.getLogger("org.talkarchive.search.TalkSearchService").warn("outside a request");
        });

        assertThat(out.strip().lines()).satisfiesExactly(
                line -> assertThat(line).matches("\\S+ WARN TalkSearchService \\[req-2\\] - engine slow"),
                line -> assertThat(line).matches("\\S+ WARN TalkSearchService - outside a request"));
    }

    @Test
    void jsonLinesWithTheAccessFieldsAndTheRequestId() throws Exception {
        String out = log("logback-json.xml");

        assertThat(out.strip().lines()).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(out);
        assertThat(line.path("message").asText()).isEqualTo("GET /api/talks 200 12 ms req-1");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger_name").asText()).isEqualTo("access");
        assertThat(line.path("request_id").asText()).isEqualTo("req-1");
        assertThat(line.path("method").asText()).isEqualTo("GET");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("duration_ms").asInt()).isEqualTo(12);
        assertThat(line.has("@timestamp")).isTrue();
    }

    @Test
    void jsonIsChosenByTheEnvironmentOnly() {
        String before = System.getProperty("logback.configurationFile");
        try {
            System.clearProperty("logback.configurationFile");
            Main.selectLogFormat("plain");
            assertThat(System.getProperty("logback.configurationFile")).isNull();
            Main.selectLogFormat("JSON");
            assertThat(System.getProperty("logback.configurationFile")).isEqualTo("logback-json.xml");
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
