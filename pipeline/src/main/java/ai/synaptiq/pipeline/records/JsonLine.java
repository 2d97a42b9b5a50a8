package ai.synaptiq.pipeline.records;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text helpers the row writers share: ClickHouse DateTime text, and JSON strings escaped as
 * Jackson escapes them (for the JSON held inside columns, such as custom properties).
 */
final class JsonLine {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** 10000-01-01T00:00:00Z: from here on the pattern writes a sign, so the formatter does it. */
    private static final long YEAR_10000_S = 253402300800L;

    private JsonLine() {
    }

    /** ClickHouse DateTime text in UTC, "yyyy-MM-dd HH:mm:ss" of max(0, epochMs). */
    static void dateTime(StringBuilder out, long epochMs) {
        long s = Math.max(0, epochMs) / 1000;
        if (s >= YEAR_10000_S) {
            out.append(DATE_TIME.format(Instant.ofEpochMilli(epochMs)));
            return;
        }
        long days = s / 86400;
        int secOfDay = (int) (s % 86400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm), for non-negative days.
        long z = days + 719468;
        long era = z / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append(' ');
        pad(out, secOfDay / 3600, 2).append(':');
        pad(out, secOfDay / 60 % 60, 2).append(':');
        pad(out, secOfDay % 60, 2);
    }

    private static StringBuilder pad(StringBuilder out, int v, int width) {
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
        for (int i = digits; i < width; i++) {
            out.append('0');
        }
        return out.append(v);
    }

    /** A JSON string as Jackson writes it by default: quote, backslash and control characters escaped. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        int first = 0;
        while (first < n) {
            char c = s.charAt(first);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            first++;
        }
        if (first == n) {
            // Nothing to escape (the usual case): one bulk append.
            out.append(s).append('"');
            return;
        }
        out.append(s.substring(0, first));
        int start = first;
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            if (i > start) {
                out.append(s.substring(start, i)); // bulk copies; append(s, start, i) goes char by char
            }
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        if (n > start) {
            out.append(s.substring(start, n));
        }
        out.append('"');
    }
}
