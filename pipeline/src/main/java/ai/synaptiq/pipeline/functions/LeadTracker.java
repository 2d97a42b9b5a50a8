package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link #key(Event)}: every event carrying a leadId (its own or its conversation's)
 * meets here. Keeps the lead's state, each field last-writer-wins by (occurredAt, eventId), so
 * out-of-order arrival gives the same lead; writes it at most once per write interval; and moves the lead's
 * current score into the overview bucket it was created in. Other events pass straight through.
 * An {@link ErasureFilter#FORGET_LEAD} marker clears the lead's state and goes no further.
 */
public class LeadTracker extends KeyedProcessFunction<String, Event, Event> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final long grainMs;
    private final CoalescedWrite write;
    private transient ValueState<LeadState> state;

    public LeadTracker(long rollupGrainMs, long writeIntervalMs) {
        this.grainMs = rollupGrainMs;
        this.write = new CoalescedWrite(writeIntervalMs);
    }

    public static String key(Event e) {
        if (e.leadId != null) {
            return e.accountId + "\u0001" + e.leadId;
        }
        return e.accountId + "\u0002" + (e.conversationId != null ? e.conversationId : e.visitorId != null ? e.visitorId : e.eventId);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("lead", LeadState.class));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
        write.written(ctx.timeDomain(), ctx.timerService());
        LeadState l = state.value();
        if (l != null) {
            ctx.output(SideOutputs.ROWS, Rows.lead(l));
        }
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (ErasureFilter.isForgetMarker(e)) {
            // The lead was erased: its state (contact details) goes, and no row is written from it again.
            state.clear();
            return;
        }
        if (e.leadId != null) {
            LeadState l = state.value();
            if (l == null) {
                l = new LeadState();
                l.accountId = e.accountId;
                l.leadId = e.leadId;
            }
            apply(l, e);
            Contribution[] moves = scoreMoves(l, grainMs);
            state.update(l);
            write.changed(ctx.timerService());
            for (Contribution c : moves) {
                ctx.output(SideOutputs.SCORE_CHANGES, c);
            }
        }
        out.collect(e);
    }

    static void apply(LeadState l, Event e) throws IOException {
        l.version++;
        l.lastActivityMs = Math.max(l.lastActivityMs, e.occurredMs);
        String stamp = stamp(e);
        switch (e.type) {
            case "lead.created" -> {
                // Several lead.created for one lead: the earliest (occurredAt, eventId) is the creation.
                if (!l.created || stamp.compareTo(String.format("%019d|%s", l.createdMs, l.createdEventId)) < 0) {
                    l.created = true;
                    l.createdMs = e.occurredMs;
                    l.createdEventId = e.eventId;
                    l.source = e.source;
                    l.visitorId = e.visitorId;
                    l.conversationId = e.conversationId;
                    JsonNode d = JSON.readTree(e.dataJson);
                    l.sourceUrl = text(d, "sourceUrl");
                }
                set(l, "status", stamp, () -> l.status = "new");
                set(l, "score", stamp, () -> l.score = e.score);
                contactFields(l, e, stamp);
            }
            case "lead.updated" -> {
                contactFields(l, e, stamp);
                if (e.status != null) {
                    set(l, "status", stamp, () -> l.status = e.status);
                }
            }
            case "lead.score_changed" -> set(l, "score", stamp, () -> l.score = e.score);
            case "lead.qualified" -> {
                set(l, "status", stamp, () -> l.status = "qualified");
                if (e.score != null) {
                    set(l, "score", stamp, () -> l.score = e.score);
                }
            }
            case "meeting.booked" -> set(l, "status", stamp, () -> l.status = "demo_booked");
            case "conversion.completed" -> set(l, "status", stamp, () -> l.status = "converted");
            default -> {
            }
        }
    }

    /** What the change does to overview score sums: take the old score out of its bucket, put the new one in. */
    static Contribution[] scoreMoves(LeadState l, long grainMs) {
        long bucket = l.created ? Math.floorDiv(l.createdMs, grainMs) * grainMs : -1;
        if (bucket == l.countedBucketMs && (bucket < 0 || l.score == l.countedScore)) {
            return new Contribution[0];
        }
        List<Contribution> moves = new ArrayList<>(2);
        if (l.countedBucketMs >= 0) {
            Contribution out = new Contribution(l.accountId, l.countedBucketMs);
            out.scoreSum = -l.countedScore;
            moves.add(out);
        }
        if (bucket >= 0) {
            Contribution in = new Contribution(l.accountId, bucket);
            in.scoreSum = l.score;
            moves.add(in);
        }
        l.countedBucketMs = bucket;
        l.countedScore = l.score;
        return moves.toArray(new Contribution[0]);
    }

    private static void contactFields(LeadState l, Event e, String stamp) throws IOException {
        JsonNode d = JSON.readTree(e.dataJson);
        for (String f : new String[] {"email", "name", "phone", "company", "assignedTo"}) {
            JsonNode v = d.get(f);
            if (v != null && !v.isNull()) {
                String value = v.asText();
                set(l, f, stamp, () -> {
                    switch (f) {
                        case "email" -> l.email = value;
                        case "name" -> l.name = value;
                        case "phone" -> l.phone = value;
                        case "company" -> l.company = value;
                        default -> l.assignedTo = value;
                    }
                });
            }
        }
        JsonNode tags = d.get("tags");
        if (tags != null && tags.isArray()) {
            List<String> list = new ArrayList<>();
            tags.forEach(t -> list.add(t.asText()));
            set(l, "tags", stamp, () -> l.tags = list);
        }
        JsonNode custom = d.get("customProperties");
        if (custom != null && custom.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = custom.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = it.next();
                set(l, "custom:" + kv.getKey(), stamp, () -> l.customProperties.put(kv.getKey(), kv.getValue().asText()));
            }
        }
    }

    /** Applies a field's new value only when this event is later than the one that set it. */
    private static void set(LeadState l, String field, String stamp, Runnable assign) {
        String current = l.stamps.get(field);
        if (current == null || newer(stamp, current)) {
            assign.run();
            l.stamps.put(field, stamp);
        }
    }

    static String stamp(Event e) {
        return String.format("%019d|%s", e.occurredMs, e.eventId);
    }

    private static boolean newer(String a, String b) {
        return a.compareTo(b) > 0;
    }

    private static String text(JsonNode d, String f) {
        JsonNode v = d.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
