package ai.synaptiq.api.http;

import ai.synaptiq.api.analytics.IsoInstant;
import ai.synaptiq.api.data.ResponseCache;
import ai.synaptiq.api.ops.ApiMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes an analytics answer for polling dashboards: the body gains {@code dataCompleteUntil}
 * (also sent as the {@code X-Data-Complete-Until} header), carries an ETag so
 * {@code If-None-Match} gets 304, and is cached by (account, normalized query) for the data
 * version it was computed from. Gzip, when asked for, is applied by the server.
 */
public final class CachedJsonResponder {
    public static final String DATA_COMPLETE_UNTIL_HEADER = "X-Data-Complete-Until";

    private final ObjectMapper json;
    private final ResponseCache cache;
    private final ApiMetrics metrics;

    public CachedJsonResponder(ObjectMapper json, ResponseCache cache, ApiMetrics metrics) {
        this.json = json;
        this.cache = cache;
        this.metrics = metrics;
    }

    /**
     * @param tables          the tables the answer is computed from: their versions decide whether a cached body is still right
     * @param normalizedQuery the query with every default resolved, so equal questions share an entry
     */
    public void respond(Context ctx, Caller caller, List<String> tables, String normalizedQuery, Supplier<Object> answer) {
        String completeUntil = caller.state().dataCompleteUntil().map(i -> IsoInstant.format(i.toEpochMilli())).orElse(null);
        StringBuilder versions = new StringBuilder();
        tables.forEach(t -> versions.append(caller.state().version(t)).append('|'));
        String version = versions + completeUntil;
        String key = caller.accountId() + "\n" + normalizedQuery;
        ResponseCache.Lookup lookup = cache.get(key, version, () -> {
            ObjectNode body = json.valueToTree(answer.get());
            body.put("dataCompleteUntil", completeUntil);
            byte[] bytes = serialize(body);
            return new ResponseCache.Entry(version, bytes, etag(bytes));
        });
        if (lookup.computed()) {
            metrics.cacheMiss();
        } else {
            metrics.cacheHit();
        }
        ResponseCache.Entry entry = lookup.entry();
        ctx.header("ETag", entry.etag());
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("Vary", "Authorization, Accept-Encoding");
        if (completeUntil != null) {
            ctx.header(DATA_COMPLETE_UNTIL_HEADER, completeUntil);
        }
        if (matches(ctx.header("If-None-Match"), entry.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(entry.body());
    }

    private byte[] serialize(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** If-None-Match with weak comparison: any listed tag equal to ours (W/ ignored), or {@code *}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
