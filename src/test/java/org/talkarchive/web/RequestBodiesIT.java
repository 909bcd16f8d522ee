package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.ServedSite;
import org.talkarchive.testing.TestArchive;
import org.talkarchive.web.admin.AdminGuard;
import org.talkarchive.web.shared.RequestBodies;

/**
 * Hostile request bodies on the real Jetty: multipart with a missing or bad boundary, fields over Jetty's 200,000
 * bytes, a 50 MB file part sent in chunks, and JSON without a declared length. Each is answered 400 or 413 before
 * more than the route's limit is read, and the server stops reading a refused body instead of draining it.
 */
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodiesIT {

    private static final String TOKEN = "request-bodies-admin-token-0123456789abcdef";
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private TestArchive t;
    @AutoClose
    private ServedSite site;
    private String report;
    private long talkId;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.corpus());
        talkId = t.count("SELECT min(id) FROM talk");
        report = t.strings("SELECT '/talks/' || e.slug || '/' || t.slug || '/report' FROM talk t"
                + " JOIN event e ON e.id = t.event_id WHERE t.id = ?", talkId).get(0);
        site = ServedSite.start(t, Optional.of(TOKEN));
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.url(path)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Sec-Fetch-Site", "same-origin");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] multipart(String boundary, String name, int size) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void multipartAndOversizedFormsAreRefusedWith400Or413NeverA500() throws Exception {
        byte[] small = multipart("b0undary", "kind", 5);
        byte[] bigField = multipart("b0undary", "note", 200_001);
        byte[] bigUrlencoded = ("kind=other&note=" + "n".repeat(200_001)).getBytes(StandardCharsets.US_ASCII);
        for (String path : new String[] {report, AdminGuard.SIGN_IN_PATH}) {
            Object[][] cases = {
                    {"multipart/form-data", small, 400},                        // no boundary
                    {"multipart/form-data; boundary=", small, 400},             // an empty one
                    {"multipart/form-data; boundary=other", small, 400},        // not the body's
                    {"multipart/form-data; boundary=b0undary", bigField, 400},  // a field over 200,000 bytes
                    {"text/plain", "kind=other".getBytes(StandardCharsets.US_ASCII), 400},
                    {"application/x-www-form-urlencoded", bigUrlencoded, 413},
                    {"application/x-www-form-urlencoded", "kind=other&note=50%".getBytes(StandardCharsets.US_ASCII),
                            400},
                    {"application/x-www-form-urlencoded", "note=%C3%28".getBytes(StandardCharsets.US_ASCII), 400},
            };
            for (Object[] c : cases) {
                HttpResponse<String> response = post(path, (String) c[0], (byte[]) c[1]);
                assertThat(response.statusCode()).as(path + " " + c[0] + " " + ((byte[]) c[1]).length + " bytes: "
                        + response.body()).isEqualTo(c[2]);
            }
        }
        HttpResponse<String> multipart = post(report, "multipart/form-data; boundary=b0undary", small);
        assertThat(multipart.body()).contains("application/x-www-form-urlencoded only, not multipart/form-data");
        assertThat(t.count("SELECT count(*) FROM problem_report")).isZero();

        // what browsers send still works
        HttpResponse<String> sent = post(report, "application/x-www-form-urlencoded",
                "kind=other&note=caf%C3%A9+%2B+50%25".getBytes(StandardCharsets.US_ASCII));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(t.strings("SELECT note FROM problem_report")).containsExactly("café + 50%");
    }

    @Test
    void aFiftyMegabyteChunkedFilePartIsNotReadBeforeTheAnswer() throws Exception {
        String head = "POST " + report + " HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: same-origin\r\n"
                + "Content-Type: multipart/form-data; boundary=b0undary\r\nTransfer-Encoding: chunked\r\n\r\n";
        String part = "--b0undary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        Upload upload = chunkedUpload(head, part, FIFTY_MB);
        System.out.printf("50 MB chunked multipart to the report form: answered %s after %.1f s, with %,d bytes"
                        + " sent before the answer and %,d in all%n", upload.status(), upload.millis() / 1000.0,
                upload.sentBeforeAnswer(), upload.sent());
        assertThat(upload.status()).startsWith("HTTP/1.1 400");
        // The socket buffers on both sides hold a few MB at most; the server itself read nothing of the file.
        assertThat(upload.sentBeforeAnswer()).isLessThan(16L * 1024 * 1024);
        assertThat(upload.sent()).as("the server closed the connection instead of draining the body")
                .isLessThan(FIFTY_MB);

        // Without a declared length, an urlencoded body is read only up to the form's limit
        String form = head.replace("multipart/form-data; boundary=b0undary", "application/x-www-form-urlencoded");
        Upload urlencoded = chunkedUpload(form, "kind=other&note=", FIFTY_MB);
        System.out.printf("50 MB chunked urlencoded to the report form: answered %s after %.1f s, with %,d bytes"
                        + " sent before the answer and %,d in all%n", urlencoded.status(),
                urlencoded.millis() / 1000.0, urlencoded.sentBeforeAnswer(), urlencoded.sent());
        assertThat(urlencoded.status()).startsWith("HTTP/1.1 413");
        assertThat(urlencoded.sent()).isLessThan(FIFTY_MB);
        assertThat(t.count("SELECT count(*) FROM problem_report WHERE kind = 'other' AND note IS NULL")).isZero();
    }

    @Test
    void jsonBodiesOfTheAdminApiStopAtTheirLimitWithOrWithoutADeclaredLength() throws Exception {
        String padded = "{\"title\":\"Padded\"" + " ".repeat(1_100_000) + "}";
        HttpRequest.Builder declared = HttpRequest.newBuilder(URI.create(site.url("/api/admin/talks/") + talkId))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(padded))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN);
        assertThat(http.send(declared.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);

        String head = "PATCH /api/admin/talks/" + talkId + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        Upload chunked = chunkedUpload(head, "{\"title\":\"Padded\"", FIFTY_MB);
        System.out.printf("50 MB chunked JSON to the admin API: answered %s after %.1f s, with %,d bytes sent before"
                + " the answer%n", chunked.status(), chunked.millis() / 1000.0, chunked.sentBeforeAnswer());
        assertThat(chunked.status()).startsWith("HTTP/1.1 413");
        assertThat(chunked.sent()).isLessThan(FIFTY_MB);
        assertThat(t.strings("SELECT title FROM talk WHERE id = ?", talkId)).doesNotContain("Padded");
    }

    @Test
    void aClientThatSendsItsWholeBodyBeforeReadingGetsTheAnswerAndKeepsItsConnection() throws Exception {
        // past the route's limit by less than what is swallowed: read to its end, so no reset can eat the answer
        int size = RequestBodies.JSON + RequestBodies.SWALLOWED;
        String head = "PATCH /api/admin/talks/" + talkId + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + size + "\r\n\r\n";
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        try (Socket socket = new Socket("127.0.0.1", site.port())) {
            socket.setSoTimeout(30_000);
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    for (int at = 0; at < size; at += 64 * 1024) {
                        out.write(body, at, Math.min(64 * 1024, size - at));
                        sent.addAndGet(Math.min(64 * 1024, size - at));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // seen as less than the whole body sent
                }
            }, "whole-body");
            writer.start();
            writer.join(30_000);
            assertThat(sent.get()).as("the whole body was sent before anything was read").isEqualTo(size);

            InputStream in = socket.getInputStream();
            assertThat(line(in)).startsWith("HTTP/1.1 413");
            skipRest(in);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(line(in)).as("the same connection answers the next request").isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void bodiesSentSlowlyAreCutOffAndHoldNoViewersTurn() throws Exception {
        // more slow senders than the archive works on at once: each sends a byte a second to the public report form
        int senders = SiteConfig.DEFAULT_CONCURRENT_REQUESTS + 4;
        String head = "POST " + report + " HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: same-origin\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nkind=other";
        List<Socket> sockets = new ArrayList<>();
        List<Thread> trickles = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < senders; i++) {
                Socket socket = new Socket("127.0.0.1", site.port());
                socket.setSoTimeout(30_000);
                sockets.add(socket);
                Thread trickle = new Thread(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                        for (int second = 0; second < 25; second++) {
                            Thread.sleep(1_000);
                            out.write('x');
                            out.flush();
                        }
                    } catch (IOException | InterruptedException cutOff) {
                        // the server answered and closed
                    }
                }, "trickle-" + i);
                trickle.setDaemon(true);
                trickle.start();
                trickles.add(trickle);
            }
            Thread.sleep(1_500);
            long asked = System.nanoTime();
            HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(site.url("/api/talks?q=django")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long searchMillis = (System.nanoTime() - asked) / 1_000_000;
            assertThat(search.statusCode()).as("a viewer's search beside %d slow bodies", senders).isEqualTo(200);
            assertThat(searchMillis).as("the search waited for no turn").isLessThan(1_500);

            List<String> answers = new ArrayList<>();
            for (Socket socket : sockets) {
                answers.add(line(socket.getInputStream()));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("%d bodies sent at a byte a second: answered %s within %.1f s%n", senders,
                    new java.util.TreeSet<>(answers), millis / 1000.0);
            assertThat(answers).as("every slow body is cut off").allMatch(a -> a.startsWith("HTTP/1.1 408"));
            assertThat(millis).as("cut off well before the idle timeout").isLessThan(15_000);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(t.count("SELECT count(*) FROM problem_report WHERE kind = 'other' AND note IS NULL")).isZero();
    }

    /** The rest of an answer after its status line: the headers and a body of the declared length. */
    private static void skipRest(InputStream in) throws IOException {
        long length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes((int) length);
    }

    /** What a chunked upload came to: the status line, bytes sent before it arrived and in all, and when. */
    record Upload(String status, long sentBeforeAnswer, long sent, long millis) {
    }

    /**
     * Sends {@code head}, then {@code first} and filler up to {@code total} bytes as 64 KB chunks from one thread
     * while another reads the answer: how much the client got to send tells how much the server read (plus what
     * the loopback socket buffers hold).
     */
    private Upload chunkedUpload(String head, String first, long total) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", site.port())) {
            socket.setSoTimeout(60_000);
            AtomicLong sent = new AtomicLong();
            long started = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    byte[] firstBytes = first.getBytes(StandardCharsets.US_ASCII);
                    chunk(out, firstBytes, firstBytes.length);
                    sent.addAndGet(firstBytes.length);
                    byte[] filler = new byte[64 * 1024];
                    Arrays.fill(filler, (byte) 'x');
                    while (sent.get() < total) {
                        chunk(out, filler, filler.length);
                        sent.addAndGet(filler.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // expected once the server has answered and closed
                }
            }, "chunked-upload");
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            String status = line(in);
            long before = sent.get();
            long millis = (System.nanoTime() - started) / 1_000_000;
            try {
                in.readAllBytes(); // the rest of the answer, until the server closes
            } catch (IOException reset) {
                // a reset after the answer is a close too
            }
            writer.join(60_000);
            return new Upload(status, before, sent.get(), millis);
        }
    }

    private static void chunk(OutputStream out, byte[] bytes, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
