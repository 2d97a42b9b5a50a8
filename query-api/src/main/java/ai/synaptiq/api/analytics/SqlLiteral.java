package ai.synaptiq.api.analytics;

import ai.synaptiq.schemas.clickhouse.Sql;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Numbers and instants as ClickHouse SQL text. ClickHouse 18.16 has no query parameters, so each
 * value is rendered here as text and passed through {@link Sql#quote} (strings go straight to it).
 */
public final class SqlLiteral {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** DateTime counts seconds from 1970 and ClickHouse parses text up to the end of 2105: outside, clamp. */
    private static final long MAX_DATE_TIME_SECONDS = 4_291_747_199L;

    private SqlLiteral() {
    }

    public static String uint64(long value) {
        return "toUInt64(" + Sql.quote(Long.toString(value)) + ")";
    }

    public static String dateTime(long epochSeconds) {
        long clamped = Math.max(0, Math.min(MAX_DATE_TIME_SECONDS, epochSeconds));
        return "toDateTime(" + Sql.quote(DATE_TIME.format(Instant.ofEpochSecond(clamped))) + ", " + Sql.quote("UTC") + ")";
    }
}
