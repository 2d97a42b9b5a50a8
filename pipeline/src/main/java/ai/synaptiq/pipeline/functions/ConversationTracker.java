package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.ConversationState;
import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.schemas.events.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link #key(Event)}: events of a conversation meet here. Keeps the conversation's
 * state (written to the conversations table at most once per write interval), links it to a lead once any of
 * its events carries a leadId, and hands the conversation's channel and lead to its later events.
 * Events without a conversation pass straight through.
 */
public class ConversationTracker extends KeyedProcessFunction<String, Event, Event> {
    private final CoalescedWrite write;
    private transient ValueState<ConversationState> state;

    public ConversationTracker(long writeIntervalMs) {
        this.write = new CoalescedWrite(writeIntervalMs);
    }

    /** account + conversation when the event has one; otherwise a key that spreads the rest evenly. */
    public static String key(Event e) {
        if (e.conversationId != null) {
            return e.accountId + "\u0001" + e.conversationId;
        }
        return e.accountId + "\u0002" + (e.visitorId != null ? e.visitorId : e.leadId != null ? e.leadId : e.eventId);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("conversation", ConversationState.class));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
        write.written(ctx.timeDomain(), ctx.timerService());
        ctx.output(SideOutputs.ROWS, Rows.conversation(state.value()));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (e.conversationId == null) {
            out.collect(e);
            return;
        }
        ConversationState c = state.value();
        if (c == null) {
            c = new ConversationState();
            c.accountId = e.accountId;
            c.conversationId = e.conversationId;
        }
        apply(c, e);
        state.update(c);
        write.changed(ctx.timerService());
        if (e.channel == null) {
            e.channel = c.channel;
        }
        if (e.leadId == null) {
            e.leadId = c.leadId;
        }
        out.collect(e);
    }

    static void apply(ConversationState c, Event e) {
        c.version++;
        if (c.visitorId == null) {
            c.visitorId = e.visitorId;
        }
        if (c.leadId == null) {
            c.leadId = e.leadId;
        }
        boolean started = "conversation.started".equals(e.type);
        if (e.channel != null && (c.channel == null || started && !c.channelFromStart)) {
            c.channel = e.channel;
            c.channelFromStart = started;
        }
        c.lastEventMs = Math.max(c.lastEventMs, e.occurredMs);
        switch (e.type) {
            case "conversation.started" -> c.startedMs = c.startedMs == 0 ? e.occurredMs : Math.min(c.startedMs, e.occurredMs);
            case "conversation.ended" -> {
                c.endedMs = Math.max(c.endedMs, e.occurredMs);
                if (e.engagementScore != null && e.occurredMs >= c.engagementAtMs) {
                    c.engagementScore = e.engagementScore;
                    c.engagementAtMs = e.occurredMs;
                }
            }
            case "message.sent" -> c.messageCount++;
            case "conversation.handoff" -> c.handoff = true;
            case "lead.qualified" -> c.qualificationTriggered = true;
            case "meeting.booked" -> c.meetingBooked = true;
            default -> {
            }
        }
    }
}
