package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.sink.Rows;
import ai.synaptiq.schemas.events.Event;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes the events of parsed records on; a record that broke the contract becomes a dead letter, never an error. */
public class RouteRejects extends ProcessFunction<RawRecord, Event> {

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<Event> out) {
        if (r.event != null) {
            out.collect(r.event);
            return;
        }
        ctx.output(SideOutputs.ROWS, Rows.deadLetter(System.currentTimeMillis(), r.topic, r.partition, r.offset,
                accountHint(r.value), r.rejectionReason, r.rejectionDetail, r.value));
    }

    /** The accountId of a rejected record when it can be seen, so a tenant can find its own rejects. */
    private static String accountHint(String raw) {
        int i = raw.indexOf("\"accountId\"");
        if (i < 0) {
            return "";
        }
        int colon = raw.indexOf(':', i);
        int q1 = colon < 0 ? -1 : raw.indexOf('"', colon);
        int q2 = q1 < 0 ? -1 : raw.indexOf('"', q1 + 1);
        if (q2 < 0 || q2 - q1 > 65) {
            return "";
        }
        String v = raw.substring(q1 + 1, q2);
        return v.matches("[A-Za-z0-9_-]{1,64}") ? v : "";
    }
}
