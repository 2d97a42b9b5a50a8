package ai.synaptiq.api.ops;

import ai.synaptiq.api.analytics.IsoInstant;
import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.data.DataStateMonitor;
import java.math.BigDecimal;
import java.time.Clock;

/** Whether the API can answer: ClickHouse reachable, and how far the pipeline's event time trails now. */
public final class Health {
    private final DataStateMonitor dataState;
    private final Clock clock;

    /**
     * @param pipelineLagSeconds now minus dataCompleteUntil; null when the pipeline has reported no progress yet
     */
    public record Report(String status, String clickhouse, String dataCompleteUntil, BigDecimal pipelineLagSeconds) {
    }

    /** The 503 body: the health fields plus the error body every failure carries. */
    public record Down(String status, String clickhouse, String error, String message) {
        public static Down because(String reason) {
            return new Down("unavailable", "unreachable", "unavailable", "ClickHouse does not answer: " + reason);
        }
    }

    public Health(DataStateMonitor dataState, Clock clock) {
        this.dataState = dataState;
        this.clock = clock;
    }

    /** The report; throws what {@link DataStateMonitor#current()} throws when ClickHouse is down. */
    public Report check() {
        DataState state = dataState.current();
        return state.dataCompleteUntil()
                .map(t -> new Report("ok", "reachable", IsoInstant.format(t.toEpochMilli()),
                        BigDecimal.valueOf(clock.millis() - t.toEpochMilli(), 3)))
                .orElse(new Report("ok", "reachable", null, null));
    }
}
