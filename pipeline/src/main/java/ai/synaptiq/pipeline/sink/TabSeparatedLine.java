package ai.synaptiq.pipeline.sink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one ClickHouse {@code TabSeparated} line straight into UTF-8 bytes, the columns in
 * the order of a fixed column list (checked on every row, so the INSERT's column list and the
 * values cannot drift apart). Escaping is ClickHouse's: backslash, tab, newline, carriage return,
 * NUL, backspace and form feed are written as backslash escapes; NULL is {@code \N}; an
 * Array(String) is {@code ['a','b']} with each item in single quotes (backslash and single quote
 * escaped, and the control characters above, so no raw tab or newline reaches the line).
 * A value is encoded and escaped in one pass over its characters while they are ASCII (ids, most
 * text); a non-ASCII rest goes through the JDK's UTF-8 encoder.
 */
final class TabSeparatedLine {
    /** For each ASCII byte, its escape letter when TabSeparated escapes it, else 0. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        ESCAPE['\\'] = '\\';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE[0] = '0';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
    }

    private final String[] columns;
    private byte[] buf;
    private int size;
    private int column;

    TabSeparatedLine(String[] columns, int capacity) {
        this.columns = columns;
        this.buf = new byte[capacity];
    }

    private void next(String name) {
        String expected = column < columns.length ? columns[column] : null;
        if (expected != name && !name.equals(expected)) {
            throw new IllegalStateException("column " + column + " is " + expected + ", not " + name);
        }
        if (column++ > 0) {
            ensure(1);
            buf[size++] = '\t';
        }
    }

    TabSeparatedLine put(String name, String value) {
        next(name);
        if (value == null) {
            ascii("\\N");
        } else {
            escaped(value, false);
        }
        return this;
    }

    TabSeparatedLine put(String name, long value) {
        next(name);
        digits(value);
        return this;
    }

    TabSeparatedLine put(String name, double value) {
        next(name);
        ascii(number(value));
        return this;
    }

    TabSeparatedLine put(String name, Double value) {
        if (value == null) {
            next(name);
            ascii("\\N");
            return this;
        }
        return put(name, value.doubleValue());
    }

    /** ClickHouse DateTime text in UTC, "yyyy-MM-dd HH:mm:ss" of max(0, epochMs). */
    TabSeparatedLine putDateTime(String name, long epochMs) {
        next(name);
        ensure(ColumnText.DATE_TIME_MAX_BYTES);
        size += ColumnText.dateTime(buf, size, epochMs);
        return this;
    }

    /** An Array(String); null writes []. */
    TabSeparatedLine putStrings(String name, Iterable<String> values) {
        next(name);
        ensure(1);
        buf[size++] = '[';
        if (values != null) {
            boolean first = true;
            for (String v : values) {
                ensure(2);
                if (!first) {
                    buf[size++] = ',';
                }
                first = false;
                buf[size++] = '\'';
                escaped(v == null ? "" : v, true);
                ensure(1);
                buf[size++] = '\'';
            }
        }
        ensure(1);
        buf[size++] = ']';
        return this;
    }

    /** The line's UTF-8 bytes, without a newline. */
    byte[] end() {
        if (column != columns.length) {
            throw new IllegalStateException(column + " of " + columns.length + " columns written");
        }
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    /** Double.toString, except for the non-finite values, which ClickHouse reads as nan / inf. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    /** The value as UTF-8, escaped for TabSeparated (and, when quoted, for inside single quotes). */
    private void escaped(String s, boolean quoted) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // Not ASCII from here on: let the JDK encode the rest.
                escapedUtf8(s.substring(i), quoted);
                return;
            }
            byte escape = ESCAPE[c];
            if (escape == 0 && !(quoted && c == '\'')) {
                buf[size++] = (byte) c;
                continue;
            }
            ensure(2 + n - i);
            buf[size++] = '\\';
            buf[size++] = c == '\'' ? (byte) '\'' : escape;
        }
    }

    /** The same for text with non-ASCII characters: UTF-8 continuation bytes are never below 0x80, so the bytes to escape are ASCII ones. */
    private void escapedUtf8(String s, boolean quoted) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        int start = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b < 0 || (ESCAPE[b] == 0 && !(quoted && b == '\''))) {
                continue;
            }
            System.arraycopy(utf8, start, buf, size, i - start);
            size += i - start;
            start = i + 1;
            ensure(2 + utf8.length - start);
            buf[size++] = '\\';
            buf[size++] = b == '\'' ? (byte) '\'' : ESCAPE[b];
        }
        System.arraycopy(utf8, start, buf, size, utf8.length - start);
        size += utf8.length - start;
    }

    /** Text known to be ASCII (numbers, dates, \N), copied as is. */
    private void ascii(CharSequence text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) text.charAt(i);
        }
    }

    private void digits(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            ensure(1);
            buf[size++] = '-';
            v = -v;
        }
        ensure(19);
        int end = size + digitCount(v);
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size = end;
    }

    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
