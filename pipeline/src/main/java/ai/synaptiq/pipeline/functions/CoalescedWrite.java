package ai.synaptiq.pipeline.functions;

import java.io.Serializable;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * Writes a keyed row at most once per interval instead of once per input. A change registers a
 * processing-time timer at the end of the current interval slot (the timer service keeps one timer
 * per key and time, so a burst of changes costs no state read), plus an event-time timer at the end
 * of time that only fires when a bounded input ends, so nothing waits for a timer that never comes.
 */
final class CoalescedWrite implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long END_OF_INPUT = Long.MAX_VALUE;
    private final long intervalMs;

    CoalescedWrite(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** The key's row changed: make sure a write is scheduled. */
    void changed(TimerService timers) {
        timers.registerProcessingTimeTimer(slotEnd(timers));
        timers.registerEventTimeTimer(END_OF_INPUT);
    }

    private long slotEnd(TimerService timers) {
        return (timers.currentProcessingTime() / intervalMs + 1) * intervalMs;
    }

    /** From onTimer: the key's row is to be written now; no timer of this key is left behind. */
    void written(TimeDomain domain, TimerService timers) {
        if (domain == TimeDomain.PROCESSING_TIME) {
            timers.deleteEventTimeTimer(END_OF_INPUT);
        } else {
            timers.deleteProcessingTimeTimer(slotEnd(timers));
        }
    }
}
