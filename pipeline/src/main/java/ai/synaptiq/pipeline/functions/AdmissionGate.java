package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.Rejection;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by account. Drops repeated (accountId, eventId) silently, however late the copy,
 * for as long as the dedup TTL. Sends an event to the dead letters as {@code too_late} when it is
 * older than the allowed lateness behind either the newest event the account has sent on the
 * same topic partition (exact and deterministic: a partition is read in order) or the watermark
 * (the minimum over all partitions, so one partition racing ahead during a catch-up never makes
 * the events of a slower one look late).
 */
public class AdmissionGate extends KeyedProcessFunction<String, Event, Event> {
    private final String topic;
    private final long allowedLatenessMs;
    private final Duration dedupTtl;
    private transient MapState<String, Boolean> seen;
    /** partition -> newest occurredAt the account has sent on it. */
    private transient MapState<Integer, Long> newestMs;

    public AdmissionGate(String topic, Duration allowedLateness, Duration dedupTtl) {
        this.topic = topic;
        this.allowedLatenessMs = allowedLateness.toMillis();
        this.dedupTtl = dedupTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        MapStateDescriptor<String, Boolean> seenDesc = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seenDesc.enableTimeToLive(StateTtlConfig.newBuilder(dedupTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getMapState(seenDesc);
        newestMs = getRuntimeContext().getMapState(new MapStateDescriptor<>("newest-event-ms-by-partition", Types.INT, Types.LONG));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (seen.contains(e.eventId)) {
            return;
        }
        Long newest = newestMs.get(e.kafkaPartition);
        long reference = Math.max(newest == null ? Long.MIN_VALUE : newest, ctx.timerService().currentWatermark());
        if (reference != Long.MIN_VALUE && e.occurredMs < reference - allowedLatenessMs) {
            ctx.output(SideOutputs.ROWS, Rows.deadLetter(System.currentTimeMillis(), topic, e.kafkaPartition, e.kafkaOffset,
                    e.accountId, Rejection.TOO_LATE, "occurredAt is more than " + Duration.ofMillis(allowedLatenessMs)
                            + " behind the account's newest event (or the watermark)", e.raw));
            return;
        }
        seen.put(e.eventId, Boolean.TRUE);
        if (newest == null || e.occurredMs > newest) {
            newestMs.put(e.kafkaPartition, e.occurredMs);
        }
        e.raw = null;
        out.collect(e);
    }
}
