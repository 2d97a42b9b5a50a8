package ai.synaptiq.api.http;

import ai.synaptiq.api.analytics.IsoInstant;
import ai.synaptiq.api.data.ResponseCache;
import ai.synaptiq.api.ops.ApiMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code If-None-Match} gets 304, and is cached by (account, normalized query) for the account's
 * data version ({@link ResponseCache}: while a newer answer is computed the previous one is served,
 * with its own dataCompleteUntil and an {@code Age} header saying how many seconds ago its data was
 * read). The ETag is a hash of the body, so every API instance reading the same data gives the same
 * one. Gzip, when asked for, is applied by the server.
 */
public record CachedJsonResponder(ObjectMapper json, ResponseCache cache, ApiMetrics metrics) {
    public static final String DATA_COMPLETE_UNTIL_HEADER = "X-Data-Complete-Until";

    /** The body of a cached answer: the answer's fields, then dataCompleteUntil. */
    private ResponseCache.Entry render(String version, String completeUntil, long startedNanos, byte[] content) {
        byte[] field = ((content.length > 2 ? "," : "") + "\"dataCompleteUntil\":" + new String(serialize(completeUntil), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[content.length + field.length];
        System.arraycopy(content, 0, body, 0, content.length - 1);
        System.arraycopy(field, 0, body, content.length - 1, field.length);
        body[body.length - 1] = '}';
        return new ResponseCache.Entry(version, completeUntil, startedNanos, content, body, etag(body));
    }

    /**
     * @param tables          the tables the answer is computed from: the account's versions of them decide whether a cached body is still right
     * @param normalizedQuery the query with every default resolved, so equal questions share an entry
     */
    public void respond(Context ctx, Caller caller, List<String> tables, String normalizedQuery, Supplier<Object> answer) {
        String completeUntil = caller.state().dataCompleteUntil().map(i -> IsoInstant.format(i.toEpochMilli())).orElse(null);
        StringBuilder versions = new StringBuilder();
        tables.forEach(t -> versions.append(caller.state().version(t, caller.accountId())).append('|'));
        String version = versions.toString();
        String key = caller.accountId() + "\n" + String.join(",", tables) + "\n" + normalizedQuery;
        ResponseCache.Lookup lookup = cache.get(key, version, completeUntil, () -> serialize(answer.get()), this::render);
        if (lookup.computed()) {
            metrics.cacheMiss();
        } else {
            metrics.cacheHit();
        }
        ResponseCache.Entry entry = lookup.entry();
        ctx.header("ETag", entry.etag());
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("Vary", "Authorization, Accept-Encoding");
        ctx.header("Age", Long.toString(Math.max(0, System.nanoTime() - entry.startedNanos()) / 1_000_000_000L));
        if (entry.completeUntil() != null) {
            ctx.header(DATA_COMPLETE_UNTIL_HEADER, entry.completeUntil());
        }
        if (matches(ctx.header("If-None-Match"), entry.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(entry.body());
    }

    private byte[] serialize(Object value) {
        try {
            return json.writeValueAsBytes(value);
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
