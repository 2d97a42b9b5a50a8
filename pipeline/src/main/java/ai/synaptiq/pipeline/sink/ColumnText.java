package ai.synaptiq.pipeline.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text of column values that {@link TabSeparatedLine} and {@link Rows} write: ClickHouse
 * DateTime text, and JSON strings escaped as Jackson escapes them (for the JSON held inside
 * columns, such as custom properties).
 */
final class ColumnText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** 10000-01-01T00:00:00Z: from here on the pattern writes a sign, so the formatter does it. */
    private static final long YEAR_10000_S = 253402300800L;

    private ColumnText() {
    }

    /** Room {@link #dateTime(byte[], int, long)} needs: 19 bytes up to year 9999, a few more past it. */
    static final int DATE_TIME_MAX_BYTES = 32;

    /** ClickHouse DateTime text in UTC, "yyyy-MM-dd HH:mm:ss" of max(0, epochMs), as ASCII bytes at {@code at}; returns how many were written. */
    static int dateTime(byte[] out, int at, long epochMs) {
        long s = Math.max(0, epochMs) / 1000;
        if (s >= YEAR_10000_S) {
            byte[] text = DATE_TIME.format(Instant.ofEpochMilli(epochMs)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, out, at, text.length);
            return text.length;
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
        pad(out, at, year, 4, '-');
        pad(out, at + 5, month, 2, '-');
        pad(out, at + 8, day, 2, ' ');
        pad(out, at + 11, secOfDay / 3600, 2, ':');
        pad(out, at + 14, secOfDay / 60 % 60, 2, ':');
        pad(out, at + 17, secOfDay % 60, 2, (char) 0);
        return 19;
    }

    /** v in exactly width digits, then the separator (none when 0). */
    private static void pad(byte[] out, int at, int v, int width, char separator) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        if (separator != 0) {
            out[at + width] = (byte) separator;
        }
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
