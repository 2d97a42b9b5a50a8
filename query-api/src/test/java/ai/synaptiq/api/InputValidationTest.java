package ai.synaptiq.api;

import ai.synaptiq.api.testing.Requests;
import static ai.synaptiq.api.testing.Requests.shortText;
import static ai.synaptiq.api.testing.Requests.text;
import static ai.synaptiq.api.testing.Requests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.http.ParameterRules;
import ai.synaptiq.api.exports.ExportsServerTest;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's mistake is a 400 (issue 10, item 7), on the real server and ClickHouse: one date rule, one
 * zone whitelist and one number rule for analytics and export routes alike, no filter dropped when
 * its value is empty or unreadable, quotes of the input cut short, and bodies capped however they
 * are sent. Each case here was a 500, a 503, a silently widened export or an accepted oversize body.
 */
class InputValidationTest {
    static final String ACCOUNT = "input_" + System.nanoTime();
    static ClickHouseClient clickHouse;
    static ApiServer server;
    static String admin;
    static String exporter;

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.shared().client();
        server = ExportsServerTest.startServer("--rate-limit", "off");
        admin = ExportsServerTest.newKey(ACCOUNT, Role.ADMIN);
        exporter = ExportsServerTest.newKey(ACCOUNT, Role.EXPORT);
        String a = Sql.quote(ACCOUNT);
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, created_at, email, name, status, score, version)"
                + " VALUES (" + a + ", 'lead_new', 1, 1772532161000, toDateTime(1772532161), 'n@x.io', 'Nell', 'new', 12.5, 1),"
                + " (" + a + ", 'lead_won', 1, 1772618561000, toDateTime(1772618561), 'w@x.io', 'Wes', 'converted', 90, 1)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- Input that got 500 or 503 ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/analytics/annotations?startDate=", "/v1/analytics/annotations?endDate=",
        "/v1/exports/audit-log?startDate=", "/v1/exports/leads?startDate=", "/v1/exports/analytics?endDate="})
    void shouldRefuseAnEmptyDateNamingIt(String pathAndQuery) {
        assertRefused(get(pathAndQuery, admin), pathAndQuery.substring(pathAndQuery.indexOf('?') + 1, pathAndQuery.length() - 1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "/v1/analytics/annotations, +999999999-01-01", "/v1/analytics/annotations, 10000-01-01", "/v1/analytics/annotations, 1999-12-31",
        "/v1/exports/leads, +999999999-01-01", "/v1/exports/leads, 10000-01-01", "/v1/exports/leads, 2101-01-01",
        "/v1/exports/conversations, +999999999-01-01", "/v1/exports/conversations, -000001-01-01",
        "/v1/exports/analytics, +999999999-01-01", "/v1/exports/analytics, 10000-01-01", "/v1/exports/analytics, 1970-01-01",
        "/v1/exports/audit-log, +999999999-01-01", "/v1/exports/audit-log, 0001-01-01",
        "/v1/analytics/overview, +999999999-01-01", "/v1/analytics/funnel, 2101-01-01", "/v1/analytics/activity, 10000-01-01",
        "/v1/analytics/activity, +999999999-01-01T00:00:00Z", "/v1/analytics/activity, 1969-12-31T23:59:59Z"})
    void shouldRefuseDatesOutsideTheYears2000To2100(String path, String date) {
        assertRefused(get(path + "?startDate=" + enc(date), admin), "startDate");
        assertRefused(get(path + "?endDate=" + enc(date), admin), "endDate");
    }

    @Test
    void shouldRefuseAnAnnotationDatedOutsideTheYears2000To2100() {
        for (String date : List.of("+999999999-01-01", "10000-01-01", "1999-12-31", "")) {
            assertRefused(send("POST", "/v1/analytics/annotations", exporter, "{\"date\":\"" + date + "\",\"text\":\"launch\"}"), "date");
        }
        assertEquals(201, send("POST", "/v1/analytics/annotations", exporter, "{\"date\":\"2100-12-31\",\"text\":\"far\"}").statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTC+1", "GMT+5", "SystemV/AST4", "SystemV/EST5EDT", "Z", "+05:00", "UTC+01:00", "Etc/GMT+5", "GMT-3", "utc", "Europe/Nowhere"})
    void shouldRefuseZonesThatAreNotRegionsClickHouseKnows(String zone) {
        String tz = "timezone=" + enc(zone);
        assertRefused(get("/v1/exports/analytics?" + tz, admin), "timezone");
        assertRefused(send("POST", "/v1/exports/analytics", admin, "{\"timezone\":\"" + zone + "\"}"), "timezone");
        assertRefused(get("/v1/exports/leads?startDate=2026-03-01&" + tz, admin), "timezone");
        assertRefused(get("/v1/exports/conversations?" + tz, admin), "timezone");
        assertRefused(get("/v1/exports/audit-log?" + tz, admin), "timezone");
        assertRefused(get("/v1/analytics/overview?" + tz, admin), "timezone");
        assertRefused(send("PUT", "/v1/exports/settings", admin, "{\"timezone\":\"" + zone + "\"}"), "timezone");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/St_Johns"})
    void shouldAcceptRegionZonesOnEveryRoute(String zone) {
        String tz = "timezone=" + enc(zone);
        HttpResponse<byte[]> analytics = get("/v1/exports/analytics?startDate=2026-03-01&endDate=2026-03-07&" + tz, admin);
        assertEquals(200, analytics.statusCode(), text(analytics));
        assertEquals(200, get("/v1/exports/leads?startDate=2026-03-01&" + tz, admin).statusCode());
        assertEquals(200, get("/v1/analytics/overview?" + tz, admin).statusCode());
    }

    /** The whitelist is what ClickHouse knows: every zone in it converts a time there, and none it refuses is in it. */
    @Test
    void shouldOnlyWhitelistZonesClickHouseAccepts() {
        List<String> refused = new ArrayList<>();
        for (String zone : new TreeSet<>(ParameterRules.zones())) {
            try {
                clickHouse.query("SELECT toString(toTimeZone(toDateTime(1772532161), " + Sql.quote(zone) + ")) FORMAT TabSeparated");
            } catch (ClickHouseException e) {
                refused.add(zone);
            }
        }
        assertEquals(List.of(), refused, "zones of the whitelist ClickHouse refuses");
        assertTrue(ParameterRules.zones().size() > 500, "the whitelist holds the region zones: " + ParameterRules.zones().size());
        assertTrue(ParameterRules.zones().stream().noneMatch(z -> z.startsWith("SystemV/") || z.matches(".*GMT[+-]\\d+")));
    }

    @ParameterizedTest(name = "minScore={0}")
    @ValueSource(strings = {"1E-300000", "1E-999999999", "1E+999999999", "1e2", "0.123456", "12.34567", "NaN", "Infinity", "0x10",
        "99999999999999999999", "-1", "101"})
    void shouldRefuseNumbersOfUnboundedSizeOrPrecision(String number) {
        assertRefused(get("/v1/exports/leads?minScore=" + enc(number), exporter), "minScore");
        assertRefused(get("/v1/exports/leads?maxScore=" + enc(number), exporter), "maxScore");
    }

    @ParameterizedTest(name = "minScore: {0}")
    @ValueSource(strings = {"1E-300000", "1E-999999999", "1e400", "-1e400", "0.123456", "\"1E-999999999\""})
    void shouldRefuseSuchNumbersInAJsonBody(String number) {
        assertRefused(send("POST", "/v1/exports/leads", exporter, "{\"minScore\":" + number + "}"), "minScore");
    }

    @Test
    void shouldAcceptPlainNumbersWithAFewDecimals() {
        HttpResponse<byte[]> r = get("/v1/exports/leads?format=json&minScore=12.5&maxScore=89.9999", exporter);
        assertEquals(200, r.statusCode(), text(r));
        assertEquals(List.of("lead_new"), ids(r));
        HttpResponse<byte[]> body = send("POST", "/v1/exports/leads", exporter, "{\"format\":\"json\",\"minScore\":1.0E+1,\"maxScore\":20}");
        assertEquals(200, body.statusCode(), text(body));
        assertEquals(List.of("lead_new"), ids(body));
    }

    @Test
    void shouldNeverStoreAScheduleWithAnUnboundedNumber() {
        for (String number : List.of("1E-999999999", "\"1E-999999999\"", "1e400", "0.1234567")) {
            HttpResponse<byte[]> r = send("POST", "/v1/exports/schedules", exporter, schedule("{\"minScore\":" + number + "}"));
            assertRefused(r, "minScore");
        }
        assertEquals(0, json(get("/v1/exports/schedules", exporter)).get("data").size(), "nothing was stored");
        HttpResponse<byte[]> ok = send("POST", "/v1/exports/schedules", exporter, schedule("{\"minScore\":12.5}"));
        assertEquals(201, ok.statusCode(), text(ok));
        String path = "/v1/exports/schedules/" + json(ok).get("id").asText();
        assertRefused(send("PUT", path, exporter, schedule("{\"minScore\":1E-999999999}")), "minScore");
        assertEquals("12.5", json(get(path, exporter)).get("filters").get("minScore").get(0).asText(), "an edit is checked like a creation");
        send("DELETE", path, exporter, null);
    }

    // ---- Filters silently dropped ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "status=|status", "leadId=|leadId", "leadId=%ZZ|leadId", "status=%ZZ|status", "status=bogus|status", "status=new,|status",
        "status=new,,converted|status", "tags=|tags", "minScore=|minScore", "format=csv&format=json|format",
        "startDate=2026-03-01&startDate=2026-03-02|startDate", "timezone=UTC&timezone=UTC|timezone", "statuss=new|statuss",
        "status=new&leadId=%E0%A4|leadId"})
    void shouldRefuseAnEmptyOrMalformedLeadFilterInsteadOfWideningTheExport(String query, String parameter) throws IOException {
        assertRawRefused("/v1/exports/leads?" + query, parameter);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "conversationId=|conversationId", "leadId=%ZZ|leadId", "channel=|channel", "channel=web_chat,|channel"})
    void shouldRefuseAnEmptyOrMalformedConversationFilter(String query, String parameter) throws IOException {
        assertRawRefused("/v1/exports/conversations?" + query, parameter);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"status\":\"\"}", "{\"status\":[\"new\",\"\"]}", "{\"leadId\":\" \"}", "{\"status\":\"new,\"}",
        "{\"format\":[\"csv\",\"json\"]}", "{\"tags\":[[\"a\"]]}"})
    void shouldRefuseAnEmptyFilterInAJsonBody(String body) {
        HttpResponse<byte[]> r = send("POST", "/v1/exports/leads", exporter, body);
        assertEquals(400, r.statusCode(), body + " -> " + text(r));
        assertEquals("invalid_request", json(r).get("error").asText());
    }

    @Test
    void shouldStillFilterWhenTheValuesAreGood() {
        assertEquals(List.of("lead_won"), ids(get("/v1/exports/leads?format=json&status=converted", exporter)));
        assertEquals(List.of("lead_new"), ids(get("/v1/exports/leads?format=json&leadId=lead_new", exporter)));
        assertEquals(List.of("lead_new", "lead_won"), ids(get("/v1/exports/leads?format=json&status=new&status=converted", exporter)));
    }

    // ---- Limits bypassed ----

    @Test
    void shouldQuoteAtMostOneHundredCharactersOfAHugeValue() {
        String huge = "x".repeat(60_000);
        for (HttpResponse<byte[]> r : List.of(get("/v1/exports/leads?format=" + huge, exporter),
                send("POST", "/v1/exports/leads", exporter, "{\"format\":\"" + huge + "\"}"),
                get("/v1/exports/leads?" + huge + "=1", exporter),
                get("/v1/exports/leads?status=" + huge, exporter),
                get("/v1/analytics/overview?timezone=" + huge, exporter),
                send("POST", "/v1/exports/schedules", exporter, "{\"" + huge + "\":1}"),
                send("PUT", "/v1/exports/branding", admin, "{\"primaryColor\":\"" + huge + "\"}"))) {
            assertEquals(400, r.statusCode(), text(r).substring(0, Math.min(300, text(r).length())));
            String message = json(r).get("message").asText();
            assertFalse(message.contains("x".repeat(ParameterRules.QUOTE_LIMIT + 1)), "quotes more than 100 characters: " + message.length());
            assertTrue(r.body().length < 600, "answer of " + r.body().length + " bytes");
        }
    }

    @Test
    void shouldRefuseATwoMegabyteBodyWhetherChunkedOrNot() throws IOException {
        byte[] big = bigJsonBody(2_000_000);
        assertEquals(413, rawPost("/v1/exports/leads", big, true), "chunked");
        assertEquals(413, rawPost("/v1/exports/leads", big, false), "with Content-Length");
        assertEquals(413, rawPost("/v1/exports/schedules", big, true), "chunked, schedules");
        assertEquals(413, rawPost("/v1/analytics/annotations", big, true), "chunked, annotations");
    }

    @Test
    void shouldReadASmallChunkedBody() throws Exception {
        byte[] small = "{\"format\":\"json\",\"status\":\"converted\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/v1/exports/leads")).header("Authorization", "Bearer " + exporter)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(unknownLength(small))).build();
        HttpResponse<byte[]> r = Requests.send(req);
        assertEquals(200, r.statusCode(), text(r));
        assertEquals(List.of("lead_won"), ids(r));
        assertEquals(413, rawPost("/v1/exports/leads", bigJsonBody(1_000_001), true), "one byte over");
    }

    /** GETs the path and query exactly as written (the JDK's URI refuses a malformed escape such as %ZZ) and expects a 400 naming the parameter. */
    private static void assertRawRefused(String pathAndQuery, String parameter) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + exporter
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), pathAndQuery + " -> " + shortText(answer));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            JsonNode error = new ObjectMapper().readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
            assertEquals("invalid_request", error.get("error").asText());
            assertTrue(error.get("message").asText().contains(parameter), pathAndQuery + " names " + parameter + ": " + error);
        }
    }

    /** A JSON body of exactly {@code size} bytes. */
    private static byte[] bigJsonBody(int size) {
        String head = "{\"format\":\"json\",\"tags\":\"";
        return (head + "a".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** POSTs the body over a plain socket (chunked in 64 KB pieces, or with Content-Length) and returns the answer's status. */
    private static int rawPost(String path, byte[] body, boolean chunked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + exporter
                    + "\r\nContent-Type: application/json\r\n" + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length) + "\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                for (int at = 0; at < body.length; at += 65_536) {
                    int n = Math.min(65_536, body.length - at);
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, at, n);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException refusedMidway) {
                // The server may answer and close before reading everything: its answer is what counts.
            }
            return statusOf(socket.getInputStream());
        }
    }

    private static int statusOf(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            line.write(c);
        }
        String status = line.toString(StandardCharsets.US_ASCII);
        assertTrue(status.startsWith("HTTP/1.1 "), "status line: " + status);
        return Integer.parseInt(status.substring(9, 12));
    }

    private static Flow.Publisher<java.nio.ByteBuffer> unknownLength(byte[] bytes) {
        return HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    // ---- helpers ----

    private static String schedule(String filters) {
        return "{\"name\":\"Nightly\",\"dataType\":\"leads\",\"format\":\"csv\",\"filters\":" + filters + ",\"frequency\":\"daily\","
                + "\"time\":\"08:00\",\"dateRangeMode\":\"all_time\",\"destinations\":[{\"type\":\"email\",\"to\":[\"boss@example.com\"]}]}";
    }

    private static void assertRefused(HttpResponse<byte[]> r, String parameter) {
        String what = r.request().method() + " " + shortText(r.request().uri().toString());
        assertEquals(400, r.statusCode(), what + " -> " + shortText(text(r)));
        JsonNode body = json(r);
        assertEquals("invalid_request", body.get("error").asText(), what);
        assertTrue(body.get("message").asText().contains(parameter), what + " names " + parameter + ": " + body.get("message").asText());
    }

    private static List<String> ids(HttpResponse<byte[]> r) {
        List<String> out = new ArrayList<>();
        json(r).forEach(n -> out.add(n.get("id").asText()));
        out.sort(null);
        return out;
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpResponse<byte[]> get(String pathAndQuery, String key) {
        return send("GET", pathAndQuery, key, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> send(String method, String pathAndQuery, String key, String body) {
        return Requests.send(server, method, pathAndQuery, key, body);
    }
}
