package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.pipeline.records.TableRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by (account, bucket): sums the contributions of one overview bucket and writes the
 * whole row, at most once per emit interval, with version = contributions applied so far (only
 * grows with input, so after a replay the fullest row wins). Late events and later score changes
 * land in the bucket they belong to; buckets are kept for good because a lead's score can change
 * long after it was created.
 */
public class OverviewRollup extends KeyedProcessFunction<String, Contribution, TableRow> {
    private static final long END_OF_INPUT = Long.MAX_VALUE;
    private final long emitIntervalMs;
    private transient ValueState<Contribution> totals;
    private transient ValueState<Long> applied;
    /** When set, the bucket changed since it was last written and a write is due at this processing time. */
    private transient ValueState<Long> writeDueAt;

    public OverviewRollup(long emitIntervalMs) {
        this.emitIntervalMs = emitIntervalMs;
    }

    @Override
    public void open(OpenContext ctx) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", Contribution.class));
        applied = getRuntimeContext().getState(new ValueStateDescriptor<>("applied", Types.LONG));
        writeDueAt = getRuntimeContext().getState(new ValueStateDescriptor<>("write-due-at", Types.LONG));
    }

    @Override
    public void processElement(Contribution c, Context ctx, Collector<TableRow> out) throws Exception {
        Contribution t = totals.value();
        if (t == null) {
            t = new Contribution(c.accountId, c.bucketStartMs);
        }
        t.add(c);
        totals.update(t);
        Long n = applied.value();
        applied.update(n == null ? 1 : n + 1);
        if (writeDueAt.value() == null) {
            long due = ctx.timerService().currentProcessingTime() + emitIntervalMs;
            writeDueAt.update(due);
            ctx.timerService().registerProcessingTimeTimer(due);
            // Fires only when a bounded input ends (final watermark), so nothing waits on a timer that never comes.
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TableRow> out) throws Exception {
        Long due = writeDueAt.value();
        if (due == null) {
            return;
        }
        out.collect(Rows.rollup(totals.value(), applied.value()));
        writeDueAt.clear();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
        } else {
            ctx.timerService().deleteProcessingTimeTimer(due);
        }
    }
}
