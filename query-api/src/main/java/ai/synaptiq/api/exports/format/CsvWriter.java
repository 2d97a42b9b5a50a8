package ai.synaptiq.api.exports.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV for spreadsheets: UTF-8 with a byte order mark (Excel reads the encoding from it),
 * CRLF after every row, every text cell quoted (quotes doubled), numbers bare. A text cell that
 * starts with {@code = + - @}, tab or carriage return gets a leading single quote so a spreadsheet
 * shows it as text instead of running it as a formula.
 */
public final class CsvWriter {
    private final Writer out;
    private boolean firstCell = true;

    public CsvWriter(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 16 * 1024);
        write("\uFEFF");
    }

    /** A quoted text cell; null is the empty text. */
    public CsvWriter text(String value) {
        String v = neutralise(value == null ? "" : value);
        separate();
        write("\"" + v.replace("\"", "\"\"") + "\"");
        return this;
    }

    /** A bare number cell, already formatted; null is an empty cell. */
    public CsvWriter number(String formatted) {
        separate();
        if (formatted != null) {
            write(formatted);
        }
        return this;
    }

    public CsvWriter endRow() {
        write("\r\n");
        firstCell = true;
        return this;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prefixes a single quote to text a spreadsheet would read as a formula (OWASP CSV injection). */
    public static String neutralise(String v) {
        if (!v.isEmpty()) {
            char c = v.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return "'" + v;
            }
        }
        return v;
    }

    private void separate() {
        if (!firstCell) {
            write(",");
        }
        firstCell = false;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
