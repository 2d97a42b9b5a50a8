package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Warehouse loading end to end (docs/exports.md, "Warehouse loading"): an incremental leads schedule
 * writing jsonl.gz under date-partitioned keys into a real S3-compatible store (S3Proxy), with the lead
 * changes going through the real pipeline into the test ClickHouse between and around its runs.
 */
class WarehouseExportTest {
    static final long RUN = System.nanoTime();
    static final String ACCOUNT = "warehouse_" + RUN;
    static final String EXPORTER = ACCOUNT + "/k_wh/export";
    static final String ADMIN = ACCOUNT + "/k_admin/admin";
    /** The change window ends this far behind ClickHouse's clock (the server default is 30 s). */
    static final Duration LAG = Duration.ofSeconds(3);
    static MutableClock clock = new MutableClock("2026-03-15T02:00:00Z");
    static S3Receiver s3;
    static BlobStore blobs;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Receiver("AKIDTEST", "s3secretTEST", "lake");
        blobs = s3.blobs;
        api = new ExportApi(clock, ExportsConfig.defaults().withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(30)).withIncrementalLag(LAG));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        s3.close();
    }

    @Test
    void shouldExportEveryChangedLeadExactlyOnceAcrossRunsUnderDatePartitionedKeys() throws Exception {
        // Los Angeles is UTC-7 on 2026-03-15: a run at 02:00Z is on 2026-03-14 there.
        assertEquals(200, api.put("/v1/exports/settings", ADMIN, "{\"timezone\":\"America/Los_Angeles\"}").statusCode());
        String id = ScheduledExportTest.create(api, EXPORTER, "{\"name\":\"Lake\",\"dataType\":\"leads\",\"format\":\"jsonl.gz\",\"mode\":\"incremental\","
                + "\"keyLayout\":\"date_partitioned\",\"frequency\":\"daily\",\"time\":\"01:00\",\"destinations\":[{\"type\":\"s3\",\"bucket\":\"lake\","
                + "\"prefix\":\"synaptiq/leads/\",\"endpoint\":\"" + s3.url() + "\",\"accessKeyId\":\"AKIDTEST\","
                + "\"secretAccessKey\":\"s3secretTEST\"}]}");
        JsonNode schedule = json(api.get("/v1/exports/schedules/" + id, EXPORTER));
        assertEquals("incremental", schedule.get("mode").asText());
        assertEquals("date_partitioned", schedule.get("keyLayout").asText());
        assertEquals("all_time", schedule.get("dateRangeMode").asText());

        // Burst 1, before the first run: five new leads, one of them updated.
        List<String> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            first.add(created("lead_a" + i, "2026-03-14T10:0" + i + ":00Z", "ev_a" + i));
        }
        pipeline(first, updated("lead_a2", "2026-03-14T11:00:00Z", "ev_a2u", "Acme"));
        Thread.sleep(LAG.toMillis() + 1500);

        // Burst 2 lands right before the first run: within the lag, so a later run takes it (as a change made while a run goes).
        List<String> second = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            second.add(created("lead_b" + i, "2026-03-14T12:0" + i + ":00Z", "ev_b" + i));
        }
        pipeline(second);
        JsonNode run1 = runNow(id);
        Thread.sleep(LAG.toMillis() + 1500);
        clock.set("2026-03-16T02:00:00Z");
        JsonNode run2 = runNow(id);

        Map<String, Integer> seen = new HashMap<>();
        List<JsonNode> file1 = lines(object("synaptiq/leads/dt=2026-03-14/leads-" + run1.get("id").asText() + ".jsonl.gz"));
        List<JsonNode> file2 = lines(object("synaptiq/leads/dt=2026-03-15/leads-" + run2.get("id").asText() + ".jsonl.gz"));
        for (JsonNode lead : file1) {
            seen.merge(lead.get("id").asText(), 1, Integer::sum);
        }
        for (JsonNode lead : file2) {
            seen.merge(lead.get("id").asText(), 1, Integer::sum);
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals(1, seen.remove("lead_a" + i), "lead_a" + i + " exactly once: " + file1 + file2);
        }
        for (int i = 1; i <= 4; i++) {
            assertEquals(1, seen.remove("lead_b" + i), "lead_b" + i + " exactly once: " + file1 + file2);
        }
        assertTrue(seen.isEmpty(), "nothing else: " + seen);
        assertTrue(file1.stream().anyMatch(l -> l.get("id").asText().equals("lead_a2") && "Acme".equals(l.get("company").asText())),
                "the first run has the first burst at its latest version");
        assertEquals(file1.size(), run1.get("recordCount").asInt());
        assertNull(run1.get("changes").get("changedAfter").textValue(), "a first run takes everything up to its window's end");
        assertEquals(run1.get("changes").get("changedUntil").asText(), run2.get("changes").get("changedAfter").asText(),
                "the second run starts where the first one's window ended");

        // A lead changed again goes out again, alone: the replay of its creation by a fresh job does not count as a change of the others.
        pipeline(List.of(created("lead_a3", "2026-03-14T10:03:00Z", "ev_a3")), updated("lead_a3", "2026-03-16T09:00:00Z", "ev_a3u", "Globex"));
        Thread.sleep(LAG.toMillis() + 1500);
        clock.set("2026-03-17T02:00:00Z");
        JsonNode run3 = runNow(id);
        List<JsonNode> file3 = lines(object("synaptiq/leads/dt=2026-03-16/leads-" + run3.get("id").asText() + ".jsonl.gz"));
        assertEquals(1, file3.size(), file3.toString());
        assertEquals("lead_a3", file3.get(0).get("id").asText());
        assertEquals("Globex", file3.get(0).get("company").asText());

        JsonNode audit = ScheduledExportTest.entry(json(api.get("/v1/exports/audit-log", ADMIN)).get("data"), "scheduled");
        assertEquals(run3.get("changes").get("changedUntil").asText(), audit.get("filters").get("changedUntil").asText());
        assertEquals("jsonl.gz", audit.get("format").asText());
    }

    @Test
    void shouldRefuseIncrementalReportsAndPeriodsOfIncrementalSchedules() {
        String base = "\"frequency\":\"daily\",\"time\":\"01:00\",\"destinations\":[{\"type\":\"email\",\"to\":[\"a@example.com\"]}]";
        assertEquals(400, api.post("/v1/exports/schedules", EXPORTER, "{\"dataType\":\"analytics\",\"format\":\"jsonl\",\"mode\":\"incremental\","
                + base + "}").statusCode());
        assertEquals(400, api.post("/v1/exports/schedules", EXPORTER, "{\"dataType\":\"leads\",\"mode\":\"incremental\","
                + "\"dateRangeMode\":\"previous_period\"," + base + "}").statusCode());
        assertEquals(400, api.post("/v1/exports/schedules", EXPORTER, "{\"dataType\":\"leads\",\"mode\":\"sometimes\"," + base + "}").statusCode());
        assertEquals(400, api.post("/v1/exports/schedules", EXPORTER, "{\"dataType\":\"leads\",\"keyLayout\":\"hive\"," + base + "}").statusCode());
    }

    /** Starts a run now and waits until it is delivered. */
    static JsonNode runNow(String id) {
        HttpResponse<byte[]> started = api.post("/v1/exports/schedules/" + id + "/run", EXPORTER, "");
        assertEquals(202, started.statusCode(), Requests.text(started));
        String runId = json(started).get("id").asText();
        ScheduledExportTest.await(() -> "delivered".equals(run(id, runId).get("status").asText()), () -> run(id, runId).toString());
        return run(id, runId);
    }

    static JsonNode run(String id, String runId) {
        return json(api.get("/v1/exports/schedules/" + id + "/runs/" + runId, EXPORTER));
    }

    static byte[] object(String key) throws IOException {
        Blob blob = blobs.getBlob("lake", key);
        assertTrue(blob != null, "no object " + key + " in " + blobs.list("lake"));
        assertEquals("application/gzip", blob.getMetadata().getContentMetadata().getContentType());
        try (InputStream in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    static List<JsonNode> lines(byte[] gzipped) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            List<JsonNode> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(RawEvents.JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String created(String lead, String at, String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"lead.created\",\"accountId\":\"" + ACCOUNT + "\",\"occurredAt\":\"" + at
                + "\",\"leadId\":\"" + lead + "\",\"source\":\"form\",\"data\":{\"score\":50,\"email\":\"" + lead + "@x.io\"}}";
    }

    static String updated(String lead, String at, String eventId, String company) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"lead.updated\",\"accountId\":\"" + ACCOUNT + "\",\"occurredAt\":\"" + at
                + "\",\"leadId\":\"" + lead + "\",\"data\":{\"company\":\"" + company + "\"}}";
    }

    /** One run of the real job over these lines. */
    static void pipeline(List<String> lines, String... more) throws Exception {
        RawEvents ev = new RawEvents(ACCOUNT);
        lines.forEach(ev::raw);
        for (String m : more) {
            ev.raw(m);
        }
        ev.load();
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        return ScheduledExportTest.json(r);
    }
}
