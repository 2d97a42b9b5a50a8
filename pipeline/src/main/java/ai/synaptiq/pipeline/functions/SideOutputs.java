package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.sink.TableRow;
import org.apache.flink.util.OutputTag;

/** The side outputs operators use for rows that are not the main event stream. */
public final class SideOutputs {
    /** Rows for ClickHouse produced beside the event stream before the account processor (dead letters, progress). */
    public static final OutputTag<TableRow> ROWS = new OutputTag<>("rows") { };

    private SideOutputs() {
    }
}
