package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.format.ByteScan;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The rows of one ClickHouse query in {@code FORMAT TabSeparated}, read one at a time as they arrive,
 * for exports that move many rows: each row's fields are unescaped into one reused byte array and
 * handed out as UTF-8 byte ranges (or strings and numbers when asked), with no object per row.
 * {@link ClickHouseRows} (JSONEachRow) is the simpler reader for everything else. Closing it
 * before the end closes the HTTP connection, which stops the query. A row without the expected
 * number of fields (an error ClickHouse appends to the body half way) or a cut connection fails
 * the read with a {@link ClickHouseException}.
 */
public final class TabSeparatedRows implements AutoCloseable {
    private final InputStream in;
    private final int fieldCount;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] row = new byte[4096];
    private final int[] starts;
    private final int[] ends;
    private final boolean[] quoted;

    private TabSeparatedRows(InputStream in, int fieldCount) {
        this.in = in;
        this.fieldCount = fieldCount;
        this.starts = new int[fieldCount];
        this.ends = new int[fieldCount];
        this.quoted = new boolean[fieldCount];
    }

    /** Runs {@code sql} (without a FORMAT clause), whose rows have {@code fieldCount} columns, and streams them. */
    public static TabSeparatedRows open(ClickHouseClient clickHouse, String sql, int fieldCount) {
        return new TabSeparatedRows(clickHouse.stream(sql + "\nFORMAT TabSeparated"), fieldCount);
    }

    /** Moves to the next row; false at the end of the answer. */
    public boolean next() {
        int n = 0;
        int field = 0;
        boolean started = false;
        byte[] r = row;
        starts[0] = 0;
        Arrays.fill(quoted, false);
        while (true) {
            if (pos == limit && !fill()) {
                if (!started) {
                    return false;
                }
                throw broken("the answer ended in the middle of a row", r, n);
            }
            started = true;
            // Copy plain bytes up to the next tab, newline, backslash or double quote in one go.
            int p = ByteScan.tabSeparatedSpecial(buf, pos, limit);
            int plain = p - pos;
            if (n + plain + 1 > r.length) {
                r = row = Arrays.copyOf(r, Math.max(r.length * 2, n + plain + 1));
            }
            System.arraycopy(buf, pos, r, n, plain);
            n += plain;
            pos = p;
            if (pos == limit) {
                continue;
            }
            byte c = buf[pos++];
            if (c == '"') {
                r[n++] = c;
                quoted[field] = true;
            } else if (c == '\\') {
                if (pos == limit && !fill()) {
                    throw broken("the answer ended in an escape", r, n);
                }
                byte u = unescape(buf[pos++]);
                r[n++] = u;
                quoted[field] |= u == '"';
            } else if (field >= fieldCount - 1 && c == '\t' || field < fieldCount - 1 && c == '\n') {
                throw broken("a row without " + fieldCount + " fields", r, n);
            } else {
                ends[field] = n;
                if (c == '\n') {
                    return true;
                }
                starts[++field] = n;
            }
        }
    }

    /** The bytes of the current row, where {@link #start} and {@link #end} point. */
    public byte[] bytes() {
        return row;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    /** False when the field holds no double quote (CSV then copies it without looking for one). */
    public boolean holdsQuote(int field) {
        return quoted[field];
    }

    public boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    public String text(int field) {
        return new String(row, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** A whole number field (ClickHouse's integer columns). */
    public long number(int field) {
        long v = 0;
        int i = starts[field];
        boolean negative = i < ends[field] && row[i] == '-';
        if (negative) {
            i++;
        }
        if (i == ends[field]) {
            throw broken("an empty number", row, ends[field]);
        }
        for (; i < ends[field]; i++) {
            byte c = row[i];
            if (c < '0' || c > '9') {
                throw broken("'" + text(field) + "' where a whole number was expected", row, ends[field]);
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    /** True when the field is digits only (a whole number as ClickHouse prints it). */
    public boolean isDigits(int field) {
        if (isEmpty(field)) {
            return false;
        }
        for (int i = starts[field]; i < ends[field]; i++) {
            if (row[i] < '0' || row[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case '0' -> 0;
            default -> c;
        };
    }

    private boolean fill() {
        try {
            int n = in.read(buf);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new ClickHouseException("ClickHouse failed while streaming rows: " + e.getMessage(), 0, e);
        }
    }

    private static ClickHouseException broken(String what, byte[] row, int n) {
        String seen = new String(row, 0, Math.min(n, 500), StandardCharsets.UTF_8);
        return new ClickHouseException("ClickHouse failed while streaming rows (" + what + "): " + seen, 0, null);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }
}
