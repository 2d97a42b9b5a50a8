package ai.synaptiq.api.exports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud destinations on local receivers (offline: no real Google or Dropbox account). GCS: the
 * S3-compatible store the S3 tests use (S3Proxy), behind a relay that records each request as sent,
 * so the shape GCS's XML API needs is checked: path-style address, SigV4 for region {@code auto},
 * the body sent whole (no {@code aws-chunked}). Dropbox: {@link DropboxReceiver}, which speaks the
 * upload endpoints and checks headers, arguments, bodies and session offsets; a small Dropbox
 * threshold sends a report through an upload session.
 */
class CloudStorageTest {
    static final String HMAC_ID = "GOOG1ETESTACCESSID";
    static final String HMAC_SECRET = "gcs-hmac-secret-HM4C";
    static final String TOKEN = "sl.dropbox-test-token-T0KN";
    static final MutableClock CLOCK = new MutableClock("2026-07-01T08:00:00Z");
    static S3Receiver s3;
    static Relay relay;
    static DropboxReceiver dropbox;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Receiver(HMAC_ID, HMAC_SECRET, "gcs-exports");
        relay = new Relay(s3.port());
        dropbox = new DropboxReceiver(TOKEN);
        // The receivers are on 127.0.0.1: this server allows private destinations, as an operator would for receivers inside.
        api = new ExportApi(CLOCK, ExportsConfig.defaults().withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(30))
                .withCloud(new ExportsConfig.Cloud(relay.url(), dropbox.url(), 4096, 1500)));
    }

    @AfterAll
    static void stop() throws Exception {
        ExportApi.closeAll(api, relay, dropbox, s3);
    }

    static String schedule(String caller, String dataType, String destination) {
        return ScheduledExportTest.create(api, caller, "{\"dataType\":\"" + dataType + "\",\"format\":\"csv\",\"frequency\":\"daily\",\"time\":\"09:00\","
                + "\"dateRangeMode\":\"all_time\",\"destinations\":[" + destination + "]}");
    }

    @Test
    void shouldPutTheFileIntoAGcsBucketThroughTheXmlApiWithTheRequestShapeGcsNeeds() throws Exception {
        String exporter = "cloud_gcs_" + System.nanoTime() + "/k/export";
        String id = schedule(exporter, "leads", "{\"type\":\"gcs\",\"bucket\":\"gcs-exports\",\"prefix\":\"weekly/\",\"accessId\":\"" + HMAC_ID
                + "\",\"secret\":\"" + HMAC_SECRET + "\"}");
        JsonNode shown = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id, exporter)).get("destinations").get(0);
        assertEquals("****HM4C", shown.get("secret").asText());
        JsonNode run = api.runNow(exporter, id);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        assertEquals("gs://gcs-exports/weekly/", run.get("deliveries").get(0).get("target").asText());
        String key = "weekly/" + run.get("fileName").asText();
        assertArrayEquals(api.get(run.get("download").asText(), exporter).body(), s3.object("gcs-exports", key), "S3Proxy checked the signature");

        String sent = relay.seen();
        assertTrue(sent.startsWith("PUT /gcs-exports/" + key + " HTTP/1.1\r\n"), "path style: the bucket in the path, not the host: " + sent);
        assertTrue(sent.matches("(?s).*\r\n[Aa]uthorization: AWS4-HMAC-SHA256 Credential=" + HMAC_ID + "/\\d{8}/auto/s3/aws4_request,.*"),
                "signed for region auto: " + sent);
        assertFalse(sent.toLowerCase().contains("aws-chunked") || sent.contains("STREAMING-") || sent.toLowerCase().contains("x-amz-decoded-content-length"),
                "GCS refuses aws-chunked bodies: " + sent);
        assertTrue(sent.toLowerCase().contains("\r\ncontent-length: " + run.get("fileSize").asLong() + "\r\n"), sent);
    }

    @Test
    void shouldUploadASmallFileToDropboxInOneRequestAndABigOneThroughAnUploadSession() {
        String exporter = "cloud_dbx_" + System.nanoTime() + "/k/export";
        String small = schedule(exporter, "leads", "{\"type\":\"dropbox\",\"folder\":\"/Exports/Résumés\",\"accessToken\":\"" + TOKEN + "\"}");
        JsonNode run = api.runNow(exporter, small);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        String path = "/Exports/Résumés/" + run.get("fileName").asText();
        assertArrayEquals(api.get(run.get("download").asText(), exporter).body(), dropbox.files.get(path));
        DropboxReceiver.Call upload = dropbox.calls.stream().filter(c -> c.arg() != null && path.equals(c.arg().path("path").asText())).findFirst().orElseThrow();
        assertEquals("upload", upload.endpoint());
        assertEquals("add", upload.arg().get("mode").asText());
        assertTrue(upload.arg().get("autorename").asBoolean(), "an existing file of the same name is kept");

        String big = schedule(exporter, "analytics", "{\"type\":\"dropbox\",\"folder\":\"/reports\",\"accessToken\":\"" + TOKEN + "\",\"mode\":\"overwrite\"}");
        int before = dropbox.calls.size();
        run = api.runNow(exporter, big);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        long size = run.get("fileSize").asLong();
        assertTrue(size > 4096, "over the threshold: " + size);
        byte[] file = api.get(run.get("download").asText(), exporter).body();
        assertArrayEquals(file, dropbox.files.get("/reports/" + run.get("fileName").asText()));
        List<DropboxReceiver.Call> session = dropbox.calls.subList(before, dropbox.calls.size());
        assertEquals("upload_session/start", session.get(0).endpoint());
        assertEquals("upload_session/finish", session.get(session.size() - 1).endpoint());
        long offset = 0;
        for (DropboxReceiver.Call c : session) {
            assertEquals(200, c.status(), c.toString());
            if (!c.endpoint().endsWith("start")) {
                assertEquals(offset, c.arg().get("cursor").get("offset").asLong(), c.toString());
            }
            assertTrue(c.bytes() <= 1500, "chunks of at most 1500 bytes: " + c);
            offset += c.bytes();
        }
        assertEquals(size, offset);
        assertTrue(session.size() >= 4, "start, appends and finish: " + session.size());
        assertEquals("overwrite", session.get(session.size() - 1).arg().get("commit").get("mode").asText());
    }

    @Test
    void shouldRecordWhatDropboxSaidWhenItRefusesTheToken() {
        String exporter = "cloud_dbx_bad_" + System.nanoTime() + "/k/export";
        String id = schedule(exporter, "leads", "{\"type\":\"dropbox\",\"folder\":\"\",\"accessToken\":\"sl.not-the-right-token\"}");
        JsonNode run = api.runNow(exporter, id);
        assertEquals("retrying", run.get("status").asText(), run.toString());
        assertEquals("Dropbox answered HTTP 401 to /2/files/upload: invalid_access_token/...", run.get("deliveries").get(0).get("error").asText());
        api.exports.schedules().delete(exporter.split("/")[0], id);
    }

    /** A TCP relay to a local port that keeps every byte the client sent, so a test sees requests exactly as they went out. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Relay(int target) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket("127.0.0.1", target);
                        pipe(client.getInputStream(), upstream.getOutputStream(), true);
                        pipe(upstream.getInputStream(), client.getOutputStream(), false);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void pipe(InputStream in, OutputStream out, boolean record) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in; out) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        if (record) {
                            synchronized (seen) {
                                seen.write(buf, 0, n);
                            }
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException ended) {
                    // one side closed the connection
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        String seen() {
            synchronized (seen) {
                return seen.toString(StandardCharsets.ISO_8859_1);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
