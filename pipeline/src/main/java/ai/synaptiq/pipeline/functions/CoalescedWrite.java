package ai.synaptiq.pipeline.functions;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * Writes a keyed row at most once per interval instead of once per input: a changed key gets a
 * processing-time timer, plus an event-time timer at the end of time that only fires when a
 * bounded input ends, so nothing waits for a timer that never comes. Both are gone once written.
 */
final class CoalescedWrite implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long END_OF_INPUT = Long.MAX_VALUE;
    private final long intervalMs;
    private transient ValueState<Long> writeDueAt;

    CoalescedWrite(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    void open(RuntimeContext rc) {
        writeDueAt = rc.getState(new ValueStateDescriptor<>("write-due-at", Types.LONG));
    }

    /** The key's row changed: make sure a write is scheduled. */
    void changed(TimerService timers) throws IOException {
        if (writeDueAt.value() == null) {
            long due = timers.currentProcessingTime() + intervalMs;
            writeDueAt.update(due);
            timers.registerProcessingTimeTimer(due);
            timers.registerEventTimeTimer(END_OF_INPUT);
        }
    }

    /** From onTimer: true when the key's row is to be written now; its timers are then cleared. */
    boolean due(TimeDomain domain, TimerService timers) throws IOException {
        Long due = writeDueAt.value();
        if (due == null) {
            return false;
        }
        writeDueAt.clear();
        if (domain == TimeDomain.PROCESSING_TIME) {
            timers.deleteEventTimeTimer(END_OF_INPUT);
        } else {
            timers.deleteProcessingTimeTimer(due);
        }
        return true;
    }
}
