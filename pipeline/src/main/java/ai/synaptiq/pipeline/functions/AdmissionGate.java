package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.Rejection;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by account. Drops repeated (accountId, eventId) silently, however late the copy,
 * for as long as the dedup TTL; sends an event older than the account's newest event minus
 * the allowed lateness to the dead letters as {@code too_late}. Per-account state makes the
 * verdict depend only on the account's own stream, never on another tenant's clock.
 */
public class AdmissionGate extends KeyedProcessFunction<String, Event, Event> {
    private final String topic;
    private final long allowedLatenessMs;
    private final Duration dedupTtl;
    private transient MapState<String, Boolean> seen;
    private transient ValueState<Long> newestMs;

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
        newestMs = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-event-ms", Types.LONG));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (seen.contains(e.eventId)) {
            return;
        }
        Long newest = newestMs.value();
        if (newest != null && e.occurredMs < newest - allowedLatenessMs) {
            ctx.output(SideOutputs.ROWS, Rows.deadLetter(System.currentTimeMillis(), topic, e.kafkaPartition, e.kafkaOffset,
                    e.accountId, Rejection.TOO_LATE, "occurredAt is more than " + Duration.ofMillis(allowedLatenessMs)
                            + " older than the newest event of the account", e.raw));
            return;
        }
        seen.put(e.eventId, Boolean.TRUE);
        if (newest == null || e.occurredMs > newest) {
            newestMs.update(e.occurredMs);
        }
        e.raw = null;
        out.collect(e);
    }
}
