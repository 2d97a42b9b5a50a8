package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.TableRow;
import org.apache.flink.util.OutputTag;

/** The side outputs operators use for rows that are not the main event stream. */
public final class SideOutputs {
    /** Rows for ClickHouse produced beside the main stream (dead letters, progress, state rows). */
    public static final OutputTag<TableRow> ROWS = new OutputTag<>("rows") { };
    /** Score changes of a lead, moving score_sum of the bucket the lead was created in. */
    public static final OutputTag<Contribution> SCORE_CHANGES = new OutputTag<>("score-changes") { };

    private SideOutputs() {
    }
}
