package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.sink.Rows;
import ai.synaptiq.schemas.events.Event;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes events through and, at most once a second per subtask, records how far its
 * watermark has come: the API's {@code dataCompleteUntil}. Events may be dated up to
 * {@code --max-future} ahead, and the watermark with them, but nothing is complete beyond now:
 * the progress recorded is never ahead of the clock.
 */
public class WatermarkProgress extends ProcessFunction<Event, Event> {
    private static final long REPORT_EVERY_MS = 1000;
    private transient long lastReportedWatermark;
    private transient long lastReportMs;

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) {
        out.collect(e);
        long now = System.currentTimeMillis();
        long wm = Math.min(ctx.timerService().currentWatermark(), now);
        if (wm > lastReportedWatermark && wm > 0 && now - lastReportMs >= REPORT_EVERY_MS) {
            lastReportedWatermark = wm;
            lastReportMs = now;
            ctx.output(SideOutputs.ROWS, Rows.progress(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), wm, now));
        }
    }
}
