package ai.synaptiq.pipeline.records;

import java.nio.charset.StandardCharsets;

/** One row for ClickHouse: the table and the row as a UTF-8 TabSeparated line without its newline (columns: {@link Rows#columns}). */
public class TableRow {
    public String table;
    public byte[] line;

    public TableRow() {
    }

    public TableRow(String table, byte[] line) {
        this.table = table;
        this.line = line;
    }

    /** The line as text. */
    public String text() {
        return new String(line, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return table + " " + text();
    }
}
