package ai.synaptiq.pipeline.sink;

import java.nio.charset.StandardCharsets;

/**
 * One row for ClickHouse: the table, the account whose data it is (null for rows no account's
 * answers read: dead letters, progress), and the row as a UTF-8 TabSeparated line without its
 * newline (columns: {@link Rows#columns}).
 */
public class TableRow {
    public String table;
    public String account;
    public byte[] line;
    /** The table partition the row lands in ({@link Rows#partition}), 0 for a table without partitions: the sink keeps an insert within ClickHouse's partition limit. */
    public int partition;

    public TableRow() {
    }

    public TableRow(String table, String account, byte[] line) {
        this(table, account, line, 0);
    }

    public TableRow(String table, String account, byte[] line, int partition) {
        this.table = table;
        this.account = account;
        this.line = line;
        this.partition = partition;
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
