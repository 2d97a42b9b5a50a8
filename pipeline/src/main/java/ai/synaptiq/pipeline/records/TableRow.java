package ai.synaptiq.pipeline.records;

/** One row for ClickHouse: the table and the row as a JSONEachRow line. */
public class TableRow {
    public String table;
    public String json;

    public TableRow() {
    }

    public TableRow(String table, String json) {
        this.table = table;
        this.json = json;
    }

    @Override
    public String toString() {
        return table + " " + json;
    }
}
