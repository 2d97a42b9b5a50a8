package ai.synaptiq.schemas.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The one ClickHouse client: plain HTTP (JDK client + Jackson), because no JDBC driver
 * speaks to ClickHouse 18.16. SQL carries its own FORMAT clause; only settings 18.16 knows are sent.
 * Credentials travel in an HTTP basic {@code Authorization} header, never in the URL, and
 * {@link #url()} and every error name the server without them (docs/security.md).
 */
public final class ClickHouseClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    /** A client for {@code http://USER:PASSWORD@host:port}; the credentials may be left out of the URL. */
    public ClickHouseClient(String url) {
        this(url, "default", "", Duration.ofSeconds(60));
    }

    /**
     * A client for the server at {@code url}. Credentials written in the URL
     * ({@code http://USER:PASSWORD@host:port}, percent-encoded) take the place of {@code user}
     * and {@code password}.
     */
    public ClickHouseClient(String url, String user, String password, Duration timeout) {
        URI given = URI.create(url.endsWith("/") ? url : url + "/");
        if (given.getRawUserInfo() != null) {
            String info = given.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        this.base = withoutUserInfo(given);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The server's address, without credentials. */
    public String url() {
        return base.toString();
    }

    /** The {@code Authorization} header this client sends: for a tool that speaks HTTP to ClickHouse itself (a benchmark's direct comparison). */
    public String authorization() {
        return authorization;
    }

    /** {@code url} with any credentials written in it left out: the form to print or log. */
    public static String redacted(String url) {
        try {
            return withoutUserInfo(URI.create(url)).toString();
        } catch (IllegalArgumentException e) {
            return "(unreadable URL)";
        }
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String s = uri.toString();
        int at = s.indexOf('@');
        return URI.create(uri.getScheme() + "://" + s.substring(at + 1));
    }

    /** Runs a statement that returns nothing of interest (DDL, ALTER, INSERT ... VALUES). */
    public void execute(String sql) {
        send(request("").POST(HttpRequest.BodyPublishers.ofString(sql)).build());
    }

    /**
     * Merges a Replacing table until no superseded row version is left on disk. One {@code OPTIMIZE
     * ... FINAL} may do nothing while a background merge holds the same parts, so it is repeated
     * until the table holds as many rows as its {@code FINAL} view (at most 50 rounds, 100 ms apart).
     */
    public void mergeAllVersions(String table) {
        for (int round = 0; round < 50; round++) {
            execute("OPTIMIZE TABLE " + table + " FINAL");
            String counts = query("SELECT (SELECT count() FROM " + table + ") = (SELECT count() FROM " + table + " FINAL) FORMAT TabSeparated");
            if ("1".equals(counts.trim())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClickHouseException("interrupted while merging " + table, 0, e);
            }
        }
        throw new IllegalStateException("superseded row versions of " + table + " are still on disk after 50 merges");
    }

    /** Runs a query and returns ClickHouse's answer as text (the SQL names its FORMAT). */
    public String query(String sql) {
        return send(request("").POST(HttpRequest.BodyPublishers.ofString(sql)).build());
    }

    /** Runs a query with {@code FORMAT JSON} appended and returns its {@code data} array. */
    public JsonNode queryRows(String sql) {
        try {
            return JSON.readTree(query(sql + "\nFORMAT JSON")).get("data");
        } catch (IOException e) {
            throw new ClickHouseException("unreadable answer from ClickHouse: " + e.getMessage(), 200, e);
        }
    }

    /** The first row of a query's answer, if it has one (an account's settings row, say). */
    public Optional<JsonNode> queryFirstRow(String sql) {
        JsonNode rows = queryRows(sql);
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs a query and streams the answer; the caller closes the stream (closing aborts the query). */
    public InputStream stream(String sql) {
        HttpRequest req = request("").timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                String body;
                try (InputStream in = res.body()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                throw new ClickHouseException(firstLine(body), res.statusCode(), null);
            }
            return res.body();
        } catch (IOException e) {
            throw new ClickHouseException("ClickHouse is unreachable at " + base + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while querying ClickHouse", 0, e);
        }
    }

    /** Inserts rows given as JSON lines (one object per line) into a table. */
    public void insertJsonEachRow(String table, String jsonLines) {
        String q = "INSERT INTO " + table + " FORMAT JSONEachRow";
        send(request(q).POST(HttpRequest.BodyPublishers.ofString(jsonLines)).build());
    }

    /**
     * Inserts UTF-8 TabSeparated lines ({@code length} bytes of {@code body} from {@code offset})
     * into the given columns of a table; {@code columns} is a list of plain column names in
     * parentheses, "(a, b, c)", a constant of the caller's, never user input.
     */
    public void insertTabSeparated(String table, String columns, byte[] body, int offset, int length) {
        String q = "INSERT INTO " + table + " " + columns + " FORMAT TabSeparated";
        send(request(q).POST(HttpRequest.BodyPublishers.ofByteArray(body, offset, length)).build());
    }

    public boolean ping() {
        try {
            return "1".equals(query("SELECT 1").trim());
        } catch (ClickHouseException e) {
            return false;
        }
    }

    private HttpRequest.Builder request(String queryInUrl) {
        String uri = queryInUrl.isEmpty() ? base.toString() : base + "?query=" + enc(queryInUrl);
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", authorization).timeout(timeout);
    }

    private String send(HttpRequest req) {
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClickHouseException("ClickHouse is unreachable at " + base + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while calling ClickHouse", 0, e);
        }
        if (res.statusCode() != 200) {
            throw new ClickHouseException(firstLine(res.body()), res.statusCode(), null);
        }
        return res.body();
    }

    private static String firstLine(String body) {
        String b = body == null ? "" : body.strip();
        int nl = b.indexOf('\n');
        return nl < 0 ? b : b.substring(0, nl);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
