package ai.synaptiq.api.exports.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * RFC 4180 CSV for spreadsheets: UTF-8 with a byte order mark (Excel reads the encoding from it),
 * CRLF after every row, every text cell quoted (quotes doubled), numbers bare. A text cell that
 * starts with {@code = + - @}, tab or carriage return gets a leading single quote so a spreadsheet
 * shows it as text instead of running it as a formula.
 *
 * <p>Cells are written as UTF-8 bytes into one buffer that goes to the stream 64 KB at a time;
 * cells that arrive as UTF-8 bytes (from ClickHouse) are copied without becoming strings, so a
 * million-row export costs little more than the bytes it moves.
 */
public final class CsvWriter {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] ROW_END = {'\r', '\n'};
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int len;
    private boolean firstCell = true;
    /** The day of the last instant written and its {@code yyyy-MM-dd}: consecutive rows mostly share it. */
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] cachedDate = new byte[10];

    public CsvWriter(OutputStream stream) {
        this.out = stream;
        raw(BOM, 0, BOM.length);
    }

    /** A quoted text cell; null is the empty text. */
    public CsvWriter text(String value) {
        byte[] b = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        return text(b, 0, b.length);
    }

    /** A quoted text cell given as UTF-8 bytes {@code b[from..to)}. */
    public CsvWriter text(byte[] b, int from, int to) {
        return text(b, from, to, true);
    }

    /** The same, where {@code mayHoldQuotes} false says the caller knows the bytes hold no double quote. */
    public CsvWriter text(byte[] b, int from, int to, boolean mayHoldQuotes) {
        separate();
        ensure(2);
        buf[len++] = '"';
        if (from < to && startsFormula(b[from])) {
            buf[len++] = '\'';
        }
        for (int i = from; i < to; ) {
            int quote = mayHoldQuotes ? ByteScan.quote(b, i, to) : -1;
            int end = quote < 0 ? to : quote + 1;
            raw(b, i, end);
            if (quote >= 0) {
                ensure(1);
                buf[len++] = '"';
            }
            i = end;
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    /** A bare number cell, already formatted; null is an empty cell. */
    public CsvWriter number(String formatted) {
        separate();
        if (formatted != null) {
            byte[] b = formatted.getBytes(StandardCharsets.US_ASCII);
            raw(b, 0, b.length);
        }
        return this;
    }

    /** A bare number cell given as ASCII bytes {@code b[from..to)}. */
    public CsvWriter number(byte[] b, int from, int to) {
        separate();
        raw(b, from, to);
        return this;
    }

    /** An instant as a quoted text cell, {@code 2026-03-15T09:22:41Z} (UTC, whole seconds), the same as {@link Values#instant(long)}. */
    public CsvWriter instant(long epochMs) {
        long seconds = Math.floorDiv(epochMs, 1000L);
        long day = Math.floorDiv(seconds, 86_400L);
        if (day != cachedDay || day < 0 || day > 2_932_896L) {
            String date = LocalDate.ofEpochDay(day).toString();
            if (date.length() != 10) {
                return text(Values.instant(epochMs));
            }
            for (int i = 0; i < 10; i++) {
                cachedDate[i] = (byte) date.charAt(i);
            }
            cachedDay = day;
        }
        int second = (int) (seconds - day * 86_400L);
        separate();
        ensure(22);
        buf[len++] = '"';
        System.arraycopy(cachedDate, 0, buf, len, 10);
        len += 10;
        buf[len++] = 'T';
        twoDigits(second / 3600);
        buf[len++] = ':';
        twoDigits(second / 60 % 60);
        buf[len++] = ':';
        twoDigits(second % 60);
        buf[len++] = 'Z';
        buf[len++] = '"';
        return this;
    }

    public CsvWriter endRow() {
        raw(ROW_END, 0, 2);
        firstCell = true;
        return this;
    }

    /** Sends what is buffered to the stream (and flushes it). */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text a spreadsheet would read as a formula (OWASP CSV injection) gets a leading single quote. */
    private static boolean startsFormula(byte c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private void twoDigits(int v) {
        buf[len++] = (byte) ('0' + v / 10);
        buf[len++] = (byte) ('0' + v % 10);
    }

    private void separate() {
        if (!firstCell) {
            ensure(1);
            buf[len++] = ',';
        }
        firstCell = false;
    }

    private void raw(byte[] b, int from, int to) {
        int n = to - from;
        if (n > buf.length) {
            drain();
            write(b, from, n);
            return;
        }
        ensure(n);
        System.arraycopy(b, from, buf, len, n);
        len += n;
    }

    /** Makes room for {@code n} (at most the buffer's size) more bytes, sending the buffer on first if they would not fit. */
    private void ensure(int n) {
        if (len + n > buf.length) {
            drain();
        }
    }

    private void drain() {
        if (len > 0) {
            write(buf, 0, len);
            len = 0;
        }
    }

    private void write(byte[] b, int off, int n) {
        try {
            out.write(b, off, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
