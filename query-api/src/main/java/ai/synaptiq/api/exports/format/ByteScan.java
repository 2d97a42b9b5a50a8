package ai.synaptiq.api.exports.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes in an array eight at a time (SWAR: a long's bytes compared at once), for the inner
 * loops of the CSV export, which look at every byte of millions of rows: where a TabSeparated
 * field ends and whether a cell holds a double quote.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long TABS = ONES * '\t';
    private static final long NEWLINES = ONES * '\n';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long QUOTES = ONES * '"';

    private ByteScan() {
    }

    /** The index of the first tab, newline, backslash or double quote in {@code b[from..to)}, else {@code to}. */
    public static int tabSeparatedSpecial(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            long found = zeroBytes(w ^ TABS) | zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ BACKSLASHES) | zeroBytes(w ^ QUOTES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '\t' || c == '\n' || c == '\\' || c == '"') {
                return i;
            }
        }
        return to;
    }

    /** The index of the first double quote in {@code b[from..to)}, else -1. */
    public static int quote(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long found = zeroBytes((long) LONGS.get(b, i) ^ QUOTES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The high bit of each zero byte of {@code v} is set (and possibly of bytes above the first
     * zero, through the borrow), so the lowest set bit marks the first zero byte exactly.
     */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }
}
