package ai.synaptiq.pipeline.records;

/** One row for ClickHouse: the table and the row as a TabSeparated line (columns: {@link Rows#columns}). */
public class TableRow {
    public String table;
    public String line;

    public TableRow() {
    }

    public TableRow(String table, String line) {
        this.table = table;
        this.line = line;
    }

    @Override
    public String toString() {
        return table + " " + line;
    }
}
