package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.pipeline.records.TableRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
    private final CoalescedWrite write;
    private transient ValueState<BucketTotals> totals;

    public OverviewRollup(long emitIntervalMs) {
        this.write = new CoalescedWrite(emitIntervalMs);
    }

    /** A bucket's sums and how many contributions made them. */
    public static class BucketTotals {
        public Contribution sums;
        public long applied;

        public BucketTotals() {
        }
    }

    @Override
    public void open(OpenContext ctx) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", BucketTotals.class));
    }

    @Override
    public void processElement(Contribution c, Context ctx, Collector<TableRow> out) throws Exception {
        BucketTotals t = totals.value();
        if (t == null) {
            t = new BucketTotals();
            t.sums = new Contribution(c.accountId, c.bucketStartMs);
        }
        t.sums.add(c);
        t.applied++;
        totals.update(t);
        write.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TableRow> out) throws Exception {
        write.written(ctx.timeDomain(), ctx.timerService());
        BucketTotals t = totals.value();
        out.collect(Rows.rollup(t.sums, t.applied));
    }
}
