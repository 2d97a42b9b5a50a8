package ai.synaptiq.schemas.clickhouse;

import java.util.Collection;

/**
 * The one place a value becomes SQL text. Callers validate a value's shape first
 * (date, enum, id, integer); this only quotes. ClickHouse 18.16 has no query parameters.
 */
public final class Sql {
    private Sql() {
    }

    /** String literals separated by commas, for {@code IN (...)}: each value as {@link #quote} makes it. */
    public static String quoteEach(Collection<String> values) {
        return String.join(", ", values.stream().map(Sql::quote).toList());
    }

    /** A ClickHouse string literal: backslash and single quote escaped, control bytes as escapes. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
