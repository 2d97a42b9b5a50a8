package ai.synaptiq.pipeline.records;

/**
 * Writes one ClickHouse {@code TabSeparated} line straight into a StringBuilder, the columns in
 * the order of a fixed column list (checked on every row, so the INSERT's column list and the
 * values cannot drift apart). Escaping is ClickHouse's: backslash, tab, newline, carriage return,
 * NUL, backspace and form feed are written as backslash escapes; NULL is {@code \N}; an
 * Array(String) is {@code ['a','b']} with each item in single quotes (backslash and single quote
 * escaped, and the control characters above, so no raw tab or newline reaches the line).
 */
final class TsvLine {
    private final StringBuilder sb;
    private final String[] columns;
    private int column;

    TsvLine(String[] columns, int capacity) {
        this.columns = columns;
        this.sb = new StringBuilder(capacity);
    }

    private StringBuilder next(String name) {
        String expected = column < columns.length ? columns[column] : null;
        if (expected != name && !name.equals(expected)) {
            throw new IllegalStateException("column " + column + " is " + expected + ", not " + name);
        }
        if (column++ > 0) {
            sb.append('\t');
        }
        return sb;
    }

    TsvLine put(String name, String value) {
        next(name);
        if (value == null) {
            sb.append("\\N");
        } else {
            escape(sb, value);
        }
        return this;
    }

    TsvLine put(String name, long value) {
        next(name).append(value);
        return this;
    }

    TsvLine put(String name, double value) {
        number(next(name), value);
        return this;
    }

    TsvLine put(String name, Double value) {
        if (value == null) {
            next(name).append("\\N");
            return this;
        }
        return put(name, value.doubleValue());
    }

    /** ClickHouse DateTime text in UTC, "yyyy-MM-dd HH:mm:ss" of max(0, epochMs). */
    TsvLine putDateTime(String name, long epochMs) {
        JsonLine.dateTime(next(name), epochMs);
        return this;
    }

    /** An Array(String); null writes []. */
    TsvLine putStrings(String name, Iterable<String> values) {
        next(name).append('[');
        if (values != null) {
            boolean first = true;
            for (String v : values) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('\'');
                escape(sb, v == null ? "" : v, true);
                sb.append('\'');
            }
        }
        sb.append(']');
        return this;
    }

    String end() {
        if (column != columns.length) {
            throw new IllegalStateException(column + " of " + columns.length + " columns written");
        }
        return sb.toString();
    }

    /** Double.toString, except for the non-finite values, which ClickHouse reads as nan / inf. */
    static void number(StringBuilder out, double v) {
        if (Double.isNaN(v)) {
            out.append("nan");
        } else if (Double.isInfinite(v)) {
            out.append(v > 0 ? "inf" : "-inf");
        } else {
            out.append(Double.toString(v));
        }
    }

    static void escape(StringBuilder out, String s) {
        escape(out, s, false);
    }

    private static boolean special(char c, boolean quoted) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\b' || c == '\f' || (quoted && c == '\'');
    }

    /** A value escaped for TabSeparated (and, when quoted, for inside single quotes). */
    static void escape(StringBuilder out, String s, boolean quoted) {
        int n = s.length();
        int first = 0;
        while (first < n && !special(s.charAt(first), quoted)) {
            first++;
        }
        if (first == n) {
            out.append(s);
            return;
        }
        out.append(s, 0, first);
        int start = first;
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            if (!special(c, quoted)) {
                continue;
            }
            if (i > start) {
                out.append(s.substring(start, i));
            }
            start = i + 1;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\'");
            }
        }
        if (n > start) {
            out.append(s.substring(start, n));
        }
    }
}
