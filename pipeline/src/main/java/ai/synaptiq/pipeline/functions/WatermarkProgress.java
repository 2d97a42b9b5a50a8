package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.schemas.events.Event;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes events through and, at most once a second per subtask, records how far its
 * watermark has come: the API's {@code dataCompleteUntil}.
 */
public class WatermarkProgress extends ProcessFunction<Event, Event> {
    private static final long REPORT_EVERY_MS = 1000;
    private transient long lastReportedWatermark;
    private transient long lastReportMs;

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) {
        out.collect(e);
        long wm = ctx.timerService().currentWatermark();
        long now = System.currentTimeMillis();
        if (wm > lastReportedWatermark && wm > 0 && now - lastReportMs >= REPORT_EVERY_MS) {
            lastReportedWatermark = wm;
            lastReportMs = now;
            ctx.output(SideOutputs.ROWS, Rows.progress(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), wm, now));
        }
    }
}
