package ai.synaptiq.api.exports.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How values look in every export: ISO 8601 UTC seconds for instants, shortest plain decimals for numbers. */
public final class Values {
    private static final DateTimeFormatter CLICKHOUSE_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Values() {
    }

    /** {@code 2026-03-15T09:22:41Z}: UTC, whole seconds. */
    public static String instant(long epochMs) {
        return ISO_SECONDS.format(Instant.ofEpochMilli(epochMs));
    }

    /** A ClickHouse DateTime value as JSONEachRow takes it (the server's timezone is UTC). */
    public static String clickHouseDateTime(long epochMs) {
        return CLICKHOUSE_DATE_TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /** 82, 82.5, 0.0751: no exponent, no trailing zeros. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** {@code v} rounded half-up to {@code places} decimals, then as {@link #number(double)}. */
    public static String rounded(double v, int places) {
        BigDecimal r = BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.signum() == 0 ? "0" : r.toPlainString();
    }
}
