package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import ai.synaptiq.schemas.events.RejectedEventException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Parses and validates each record; a record that breaks the contract becomes a dead letter, never an error. */
public class ParseEvent extends ProcessFunction<RawRecord, Event> {

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<Event> out) {
        try {
            Event e = EventParser.parse(r.value == null ? "" : r.value);
            e.kafkaPartition = r.partition;
            e.kafkaOffset = r.offset;
            out.collect(e);
        } catch (RejectedEventException ex) {
            ctx.output(SideOutputs.ROWS, Rows.deadLetter(System.currentTimeMillis(), r.topic, r.partition, r.offset,
                    accountHint(r.value), ex.rejection().reason(), ex.rejection().detail(), r.value));
        }
    }

    /** The accountId of a rejected record when it can be seen, so a tenant can find its own rejects. */
    private static String accountHint(String raw) {
        if (raw == null) {
            return "";
        }
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
