package ai.synaptiq.api.analytics;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.events.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An opaque position in the feed: the (occurredAt, id) of the last item a client has seen. The
 * next page holds the items strictly older in feed order, so events arriving meanwhile (newer ones)
 * neither shift nor repeat items.
 */
public record ActivityCursor(long occurredMs, String eventId) {
    private static final Pattern SHAPE = Pattern.compile("v1:(\\d{1,15}):(.+)");

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + occurredMs + ":" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    public static ActivityCursor decode(String text) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        Matcher m = SHAPE.matcher(plain);
        if (!m.matches() || !Vocabulary.ID.matcher(m.group(2)).matches()) {
            throw invalid();
        }
        return new ActivityCursor(Long.parseLong(m.group(1)), m.group(2));
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("cursor must be a nextCursor value returned by this endpoint");
    }

    /** SQL keeping the feed rows after this cursor (older in feed order). */
    String olderCondition() {
        return "(occurred_ms < " + SqlLiteral.uint64(occurredMs) + " OR (occurred_ms = " + SqlLiteral.uint64(occurredMs)
                + " AND event_id < " + Sql.quote(eventId) + "))";
    }
}
