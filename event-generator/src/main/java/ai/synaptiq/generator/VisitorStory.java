package ai.synaptiq.generator;

import ai.synaptiq.generator.DemoContent.Company;
import ai.synaptiq.generator.DemoContent.Person;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything one visitor does, in event-time order: a session, maybe a conversation, maybe a lead
 * and its life (score changes, updates, qualification, meeting, conversion). A story is a pure
 * function of (seed, index, session start), so a dormant story can be dropped from memory and
 * written again when its next event is due.
 */
final class VisitorStory {
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    /** What every story of one generator shares. */
    record Settings(long seed, String idPrefix, long endMs, double lifecycleScale) {
        /** Lead life spans days; a short generated range compresses it so it still fits. */
        static double lifecycleScaleFor(long rangeMs) {
            return Math.max(0.02, Math.min(1.0, rangeMs / (7.0 * DAY)));
        }
    }

    private static final String[] CHANNELS = {"web_chat", "whatsapp", "api", "slack"};
    private static final double[] CHANNEL_WEIGHTS = {0.6, 0.18, 0.12, 0.1};

    private final Settings settings;
    private final SplittableRandom rnd;
    private final String tag;
    private final long index;
    private final List<DraftEvent> events = new ArrayList<>();

    private String leadId;
    private double score;
    private String status;
    private double dealSize;

    private VisitorStory(Settings settings, long index) {
        this.settings = settings;
        this.index = index;
        this.rnd = new SplittableRandom(mix(settings.seed() ^ mix(index + 0x5DEECE66DL)));
        this.tag = settings.idPrefix().isEmpty() ? "" : settings.idPrefix() + "_";
    }

    /** The story's events before {@code settings.endMs}, sorted by occurredAt. */
    static List<DraftEvent> write(Settings settings, long index, long sessionStartMs) {
        VisitorStory story = new VisitorStory(settings, index);
        if (story.rnd.nextDouble() < 0.08) {
            story.leadWithoutConversation(sessionStartMs);
        } else {
            story.visit(sessionStartMs);
        }
        story.events.sort(Comparator.comparingLong(d -> d.occurredMs));
        story.events.removeIf(d -> d.occurredMs >= settings.endMs());
        return story.events;
    }

    /** A 64-bit finalizer (SplitMix64): neighbouring indexes get unrelated random streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void visit(long t) {
        String visitorId = "v_" + tag + index;
        String channel = weighted(CHANNELS, CHANNEL_WEIGHTS);
        String page = DemoContent.SITE + pick(DemoContent.PAGES);
        DraftEvent session = add(t, "visitor.session_started");
        session.visitorId = visitorId;
        session.channel = channel;
        session.data.put("pageUrl", page);
        if (chance(0.7)) {
            session.data.put("referrer", pick(DemoContent.REFERRERS));
        }
        if (!chance(0.55)) {
            return;
        }
        String conversationId = "conv_" + tag + index;
        t += between(3 * SECOND, 2 * MINUTE);
        DraftEvent started = add(t, "conversation.started");
        started.visitorId = visitorId;
        started.conversationId = conversationId;
        started.channel = channel;
        started.data.put("pageUrl", page);

        int messages = (int) between(2, 16);
        int leadAfter = chance(0.33) ? (int) between(1, messages) : -1;
        int handoffAfter = chance(0.12) ? (int) between(1, messages) : -1;
        boolean handedOff = false;
        for (int i = 0; i < messages; i++) {
            String sender;
            if (handedOff) {
                sender = i % 2 == 0 ? "agent" : "visitor";
            } else {
                sender = i % 2 == 0 ? "ai" : "visitor";
            }
            DraftEvent message;
            switch (sender) {
                case "ai" -> {
                    long responseMs = between(300, 4001);
                    t += responseMs;
                    message = conversationEvent(t, "message.sent", visitorId, conversationId);
                    message.data.put("sender", "ai");
                    message.data.put("content", pick(DemoContent.AI_LINES));
                    message.data.put("responseTimeMs", responseMs);
                }
                case "agent" -> {
                    t += between(15 * SECOND, 3 * MINUTE);
                    message = conversationEvent(t, "message.sent", visitorId, conversationId);
                    message.data.put("sender", "agent");
                    message.data.put("content", pick(DemoContent.AGENT_LINES));
                }
                default -> {
                    t += between(4 * SECOND, 90 * SECOND);
                    message = conversationEvent(t, "message.sent", visitorId, conversationId);
                    message.data.put("sender", "visitor");
                    message.data.put("content", pick(DemoContent.VISITOR_LINES));
                }
            }
            if (i == handoffAfter && !handedOff) {
                t += between(2 * SECOND, 20 * SECOND);
                DraftEvent handoff = conversationEvent(t, "conversation.handoff", visitorId, conversationId);
                String agent = pick(DemoContent.AGENTS);
                handoff.data.put("reason", pick(DemoContent.HANDOFF_REASONS));
                if (chance(0.8)) {
                    handoff.data.put("agent", agent);
                }
                if (chance(0.3)) {
                    handoff.description = "Conversation handed off to a human agent.";
                }
                handedOff = true;
                // the agent answers next
                i += i % 2 == 0 ? 1 : 0;
            }
            if (i >= leadAfter && leadAfter >= 0 && leadId == null) {
                t += between(SECOND, 20 * SECOND);
                createLead(t, "chat", visitorId, conversationId, page);
                t = inConversationLeadEvents(t, visitorId, conversationId);
            }
        }
        if (leadId == null && chance(0.04)) {
            t += between(5 * SECOND, MINUTE);
            DraftEvent intent = intent(t);
            intent.visitorId = visitorId;
            intent.conversationId = conversationId;
        }
        t += between(10 * SECOND, 5 * MINUTE);
        DraftEvent ended = conversationEvent(t, "conversation.ended", visitorId, conversationId);
        if (chance(0.85)) {
            DraftEvent.putNumber(ended.data, "engagementScore", chance(0.8) ? between(5, 101) : between(50, 1000) / 10.0);
        }
        if (leadId != null) {
            leadLife(t);
        }
    }

    /** A message, handoff or end; once the visitor became a lead some of them carry its id. */
    private DraftEvent conversationEvent(long t, String type, String visitorId, String conversationId) {
        DraftEvent e = add(t, type);
        e.visitorId = visitorId;
        e.conversationId = conversationId;
        if (leadId != null && chance(0.4)) {
            e.leadId = leadId;
        }
        return e;
    }

    /** Signals and sometimes the qualification itself happen while the chat is still open. */
    private long inConversationLeadEvents(long t, String visitorId, String conversationId) {
        if (chance(0.25)) {
            t += between(5 * SECOND, MINUTE);
            DraftEvent intent = intent(t);
            intent.visitorId = visitorId;
            intent.conversationId = conversationId;
            intent.leadId = leadId;
        }
        if (chance(0.3)) {
            t += between(5 * SECOND, MINUTE);
            scoreChange(t);
        }
        if (chance(0.2)) {
            t += between(5 * SECOND, 2 * MINUTE);
            qualify(t).conversationId = conversationId;
            if (chance(0.4)) {
                t += between(30 * SECOND, 3 * MINUTE);
                book(t).conversationId = conversationId;
            }
        }
        return t;
    }

    /** Leads from forms, the API or imports: no conversation, and a visitor only for forms. */
    private void leadWithoutConversation(long t) {
        double r = rnd.nextDouble();
        if (r < 0.4) {
            String visitorId = "v_" + tag + index;
            String page = DemoContent.SITE + pick(DemoContent.PAGES);
            DraftEvent session = add(t, "visitor.session_started");
            session.visitorId = visitorId;
            session.channel = "web_chat";
            session.data.put("pageUrl", page);
            t += between(30 * SECOND, 10 * MINUTE);
            createLead(t, "form", visitorId, null, page);
        } else {
            createLead(t, r < 0.7 ? "api" : "import", null, null, null);
        }
        leadLife(t);
    }

    private void createLead(long t, String source, String visitorId, String conversationId, String page) {
        leadId = "lead_" + tag + index;
        score = chance(0.9) ? between(5, 96) : between(50, 950) / 10.0;
        status = "new";
        DraftEvent created = add(t, "lead.created");
        created.leadId = leadId;
        created.visitorId = visitorId;
        created.conversationId = conversationId;
        created.source = source;
        ObjectNode data = created.data;
        DraftEvent.putNumber(data, "score", score);
        Person person = pick(DemoContent.PEOPLE);
        Company company = pick(DemoContent.COMPANIES);
        if (chance(0.9)) {
            data.put("email", person.emailLocal() + "@" + company.domain());
        }
        if (chance(0.85)) {
            data.put("name", person.name());
        }
        if (chance(0.5)) {
            data.put("phone", "+1 555 " + String.format("%04d", between(0, 10_000)));
        }
        if (chance(0.7)) {
            data.put("company", company.name());
        }
        if (page != null && chance(0.8)) {
            data.put("sourceUrl", page);
        }
        if (chance(0.6)) {
            tags(data);
        }
        if (chance(0.4)) {
            data.put("assignedTo", pick(DemoContent.OWNERS));
        }
        if (chance(0.5)) {
            customProperties(data);
        }
        if (source.equals("import") && chance(0.3)) {
            created.description = "Lead imported from a spreadsheet.";
        }
    }

    /** What happens to a lead after its first contact, each step later than the one before. */
    private void leadLife(long t) {
        int changes = (int) weightedIndex(new double[] {0.35, 0.3, 0.2, 0.15});
        for (int i = 0; i < changes; i++) {
            t += scaled(between(10 * MINUTE, 2 * DAY));
            scoreChange(t);
        }
        if (chance(0.45)) {
            t += scaled(between(5 * MINUTE, 3 * DAY));
            update(t, chance(0.08) ? "disqualified" : null);
        }
        if (chance(0.1)) {
            t += scaled(between(HOUR, 2 * DAY));
            DraftEvent intent = intent(t);
            intent.leadId = leadId;
        }
        if (status.equals("disqualified")) {
            return;
        }
        if (!status.equals("qualified") && chance(0.4)) {
            t += scaled(between(2 * MINUTE, 2 * DAY));
            qualify(t);
        }
        if (status.equals("qualified") && chance(0.55)) {
            t += scaled(between(10 * MINUTE, 2 * DAY));
            book(t);
        }
        if (status.equals("demo_booked")) {
            if (chance(0.3)) {
                t += scaled(between(HOUR, DAY));
                update(t, null);
            }
            if (chance(0.35)) {
                t += scaled(between(DAY, 10 * DAY));
                DraftEvent conversion = add(t, "conversion.completed");
                conversion.leadId = leadId;
                if (chance(0.7)) {
                    DraftEvent.putNumber(conversion.data, "amount", Math.round(dealSize * (0.8 + 0.3 * rnd.nextDouble()) * 100) / 100.0);
                }
                status = "converted";
            }
        }
    }

    /** Small drifts and jumps of 10 or more: only the jumps reach the activity feed. */
    private void scoreChange(long t) {
        double delta = chance(0.45) ? between(10, 36) : between(1, 10);
        double to = Math.max(0, Math.min(100, chance(0.7) ? score + delta : score - delta));
        if (to == score) {
            return;
        }
        DraftEvent change = add(t, "lead.score_changed");
        change.leadId = leadId;
        DraftEvent.putNumber(change.data, "from", score);
        DraftEvent.putNumber(change.data, "to", to);
        score = to;
    }

    /** A partial update: a few fields, sometimes a status. */
    private void update(long t, String newStatus) {
        DraftEvent update = add(t, "lead.updated");
        update.leadId = leadId;
        ObjectNode data = update.data;
        if (chance(0.4)) {
            data.put("company", pick(DemoContent.COMPANIES).name());
        }
        if (chance(0.3)) {
            data.put("phone", "+44 20 7946 " + String.format("%04d", between(0, 10_000)));
        }
        if (chance(0.3)) {
            tags(data);
        }
        if (chance(0.4)) {
            data.put("assignedTo", pick(DemoContent.OWNERS));
        }
        if (chance(0.1)) {
            data.put("name", pick(DemoContent.PEOPLE).name());
        }
        if (data.isEmpty() || chance(0.4)) {
            customProperties(data);
        }
        if (newStatus != null) {
            data.put("status", newStatus);
            status = newStatus;
        }
    }

    private DraftEvent qualify(long t) {
        DraftEvent qualified = add(t, "lead.qualified");
        qualified.leadId = leadId;
        qualified.data.put("previousStatus", status);
        qualified.data.put("newStatus", "qualified");
        if (chance(0.7)) {
            double to = Math.min(100, score + between(5, 41));
            ObjectNode change = qualified.data.putObject("scoreChange");
            DraftEvent.putNumber(change, "from", score);
            DraftEvent.putNumber(change, "to", to);
            score = to;
        }
        dealSize = chance(0.8) ? between(10, 3001) * 50 : between(100_000, 2_000_000) / 100.0;
        if (chance(0.8)) {
            DraftEvent.putNumber(qualified.data, "estimatedDealSize", dealSize);
        }
        if (chance(0.3)) {
            qualified.description = "Lead qualified based on conversation scoring.";
        }
        status = "qualified";
        return qualified;
    }

    private DraftEvent book(long t) {
        DraftEvent booked = add(t, "meeting.booked");
        booked.leadId = leadId;
        long meetingAt = (t + between(DAY, 10 * DAY)) / (30 * MINUTE) * (30 * MINUTE);
        booked.data.put("meetingAt", DraftEvent.instant(meetingAt, false));
        booked.data.put("provider", chance(0.6) ? "calcom" : "calendly");
        status = "demo_booked";
        return booked;
    }

    private DraftEvent intent(long t) {
        DraftEvent intent = add(t, "intent.high_value");
        intent.data.put("intent", pick(DemoContent.INTENTS));
        DraftEvent.putNumber(intent.data, "confidence", between(60, 100) / 100.0);
        if (chance(0.7)) {
            intent.data.put("estimatedDealSize", between(10, 400) * 500);
        }
        if (chance(0.5)) {
            intent.description = pick(DemoContent.INTENT_DESCRIPTIONS);
        }
        return intent;
    }

    private void tags(ObjectNode data) {
        ArrayNode tags = data.putArray("tags");
        int n = (int) between(1, 4);
        for (int i = 0; i < n; i++) {
            String tag = pick(DemoContent.TAGS);
            boolean seen = false;
            for (int j = 0; j < tags.size(); j++) {
                seen |= tags.get(j).asText().equals(tag);
            }
            if (!seen) {
                tags.add(tag);
            }
        }
    }

    private void customProperties(ObjectNode data) {
        ObjectNode props = data.putObject("customProperties");
        if (chance(0.5)) {
            props.put("seats", Long.toString(between(1, 501)));
        }
        if (chance(0.5)) {
            props.put("plan", pick(DemoContent.PLANS));
        }
        if (chance(0.3)) {
            props.put("crm", pick(DemoContent.CRMS));
        }
        if (chance(0.3)) {
            props.put("region", pick(DemoContent.REGIONS));
        }
        if (props.isEmpty() || chance(0.2)) {
            props.put("useCase", pick(DemoContent.USE_CASES));
        }
    }

    private DraftEvent add(long t, String type) {
        DraftEvent e = new DraftEvent(t, type);
        e.indiaOffset = chance(0.05);
        events.add(e);
        return e;
    }

    private long scaled(long ms) {
        return Math.max(SECOND, Math.round(ms * settings.lifecycleScale()));
    }

    /** Uniform in [from, until). */
    private long between(long from, long until) {
        return rnd.nextLong(from, until);
    }

    private boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    private <T> T pick(T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private String weighted(String[] values, double[] weights) {
        return values[(int) weightedIndex(weights)];
    }

    private long weightedIndex(double[] weights) {
        double r = rnd.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
