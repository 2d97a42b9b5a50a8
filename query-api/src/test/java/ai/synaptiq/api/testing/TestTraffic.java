package ai.synaptiq.api.testing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded, realistic traffic of one account: visitors who start sessions and conversations,
 * messages with AI response times, handoffs, leads of every source that score, qualify, book
 * demos, convert, and high-value intents, with the gaps of days real funnels have. Channels
 * come only on sessions and conversation starts (as the contract says); some starts lack one so
 * the funnel's channel resolution has work to do. Ids repeat across accounts on purpose.
 */
public final class TestTraffic {
    private static final String[] CHANNELS = {"web_chat", "api", "whatsapp", "slack"};
    private static final String[] INTENTS = {"enterprise_pricing", "demo_request", "bulk_order", "integration_question"};

    private final String account;
    private final String idPrefix;
    private final Random random;
    private final List<RawEvent> events = new ArrayList<>();
    private int counter;

    private TestTraffic(String account, String idPrefix, long seed) {
        this.account = account;
        this.idPrefix = idPrefix;
        this.random = new Random(seed);
    }

    /**
     * Traffic from {@code from} to {@code to} (UTC days), up to {@code maxVisitorsPerDay} visitors a day, in event-time
     * order; every id starts with {@code idPrefix} (the same prefix in two accounts gives the same ids).
     */
    public static List<RawEvent> of(String account, String idPrefix, LocalDate from, LocalDate to, int maxVisitorsPerDay, long seed) {
        TestTraffic t = new TestTraffic(account, idPrefix, seed);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long dayStart = d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            int visitors = t.random.nextInt(maxVisitorsPerDay + 1);
            for (int v = 0; v < visitors; v++) {
                t.visitor(dayStart + (long) (t.random.nextDouble() * 86_400_000L));
            }
            if (t.random.nextInt(5) == 0) {
                t.importedLead(dayStart + (long) (t.random.nextDouble() * 86_400_000L));
            }
        }
        t.events.sort(Comparator.comparingLong(RawEvent::occurredMs));
        return t.events;
    }

    private void visitor(long at) {
        String visitor = idPrefix + "v" + (++counter);
        String channel = random.nextInt(10) == 0 ? null : pick(CHANNELS);
        add("visitor.session_started", at).visitor(visitor).channel(channel).data("pageUrl", "https://example.com/pricing");
        if (random.nextInt(10) < 7) {
            conversation(visitor, channel, at + seconds(5, 120));
        }
    }

    private void conversation(String visitor, String sessionChannel, long at) {
        String conversation = idPrefix + "c" + (++counter);
        int roll = random.nextInt(20);
        String channel = roll < 2 ? null : roll < 4 ? pick(CHANNELS) : sessionChannel;
        add("conversation.started", at).visitor(visitor).conversation(conversation).channel(channel);
        long t = at;
        int messages = 1 + random.nextInt(8);
        for (int m = 0; m < messages; m++) {
            t += seconds(2, 60);
            boolean ai = m % 2 == 1;
            RawEvent msg = add("message.sent", t).visitor(visitor).conversation(conversation)
                    .data("sender", ai ? "ai" : "visitor").data("content", ai ? "How can I help?" : "I'd like a price, I'm bob@example.com");
            if (ai && random.nextInt(10) != 0) {
                msg.data("responseTimeMs", 200 + random.nextInt(2800));
            }
        }
        if (random.nextInt(100) < 15) {
            t += seconds(5, 60);
            add("conversation.handoff", t).visitor(visitor).conversation(conversation).data("reason", "pricing question").data("agent", "ana");
        }
        if (random.nextInt(100) < 45) {
            lead(visitor, conversation, t + seconds(1, 30));
        }
        if (random.nextInt(10) < 8) {
            add("conversation.ended", t + seconds(60, 600)).visitor(visitor).conversation(conversation).data("engagementScore", random.nextInt(101));
        }
    }

    private void lead(String visitor, String conversation, long at) {
        String lead = idPrefix + "l" + (++counter);
        int roll = random.nextInt(10);
        String source = roll < 6 ? "chat" : roll < 8 ? "form" : roll < 9 ? "api" : "import";
        int score = random.nextInt(101);
        RawEvent created = add("lead.created", at).lead(lead).visitor(visitor).conversation(conversation).source(source)
                .data("score", score).data("email", "bob@example.com").data("name", "Bob").data("phone", "+1 555 0100").data("company", "Bob Inc");
        if (random.nextBoolean()) {
            created.description("Lead captured in chat: Bob from Bob Inc");
        }
        leadJourney(lead, visitor, conversation, at, score);
    }

    /** A lead that never chatted: imported, or sent by a form or the API. */
    private void importedLead(long at) {
        String lead = idPrefix + "l" + (++counter);
        String source = pick(new String[] {"import", "form", "api"});
        int score = random.nextInt(101);
        add("lead.created", at).lead(lead).source(source).data("score", score).data("email", "imported@example.com");
        leadJourney(lead, null, null, at, score);
    }

    private void leadJourney(String lead, String visitor, String conversation, long at, int score) {
        long t = at;
        if (random.nextBoolean()) {
            t += minutes(1, 600);
            int to = Math.max(0, Math.min(100, score + random.nextInt(61) - 30));
            add("lead.score_changed", t).lead(lead).data("from", score).data("to", to);
            score = to;
        }
        if (random.nextInt(10) < 2) {
            t += minutes(1, 300);
            add("lead.updated", t).lead(lead).data("company", "Bob Holdings").data("assignedTo", "ana");
        }
        if (conversation != null && random.nextInt(10) < 2) {
            t += minutes(1, 120);
            RawEvent intent = add("intent.high_value", t).conversation(conversation).visitor(visitor)
                    .data("intent", pick(INTENTS)).data("confidence", Math.round(random.nextDouble() * 100) / 100.0);
            if (random.nextBoolean()) {
                intent.lead(lead).data("estimatedDealSize", 1000 * (1 + random.nextInt(90)));
            }
        }
        if (random.nextInt(10) < 4) {
            t += minutes(30, 3 * 24 * 60);
            int to = Math.min(100, score + random.nextInt(30));
            RawEvent q = add("lead.qualified", t).lead(lead).data("previousStatus", "new").data("newStatus", "qualified")
                    .data("scoreChange", java.util.Map.of("from", score, "to", to));
            if (random.nextInt(10) < 6) {
                q.data("estimatedDealSize", (500_000 + random.nextInt(9_000_000)) / 100.0);
            }
            if (conversation != null && random.nextBoolean()) {
                q.conversation(conversation).visitor(visitor);
            }
            if (random.nextBoolean()) {
                t += minutes(60, 4 * 24 * 60);
                RawEvent m = add("meeting.booked", t).lead(lead).data("provider", "calcom");
                if (conversation != null && random.nextInt(10) < 3) {
                    m.conversation(conversation).visitor(visitor);
                }
                if (random.nextInt(10) < 6) {
                    t += minutes(60, 7 * 24 * 60);
                    add("conversion.completed", t).lead(lead).data("amount", 1000 * (1 + random.nextInt(50)));
                }
            }
        }
    }

    private RawEvent add(String type, long at) {
        RawEvent e = RawEvent.of(account, idPrefix + "e" + (++counter), type, at);
        events.add(e);
        return e;
    }

    private long seconds(int min, int max) {
        return (min + random.nextInt(max - min + 1)) * 1000L + random.nextInt(1000);
    }

    private long minutes(int min, int max) {
        return (min + random.nextInt(max - min + 1)) * 60_000L + random.nextInt(60_000);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /**
     * The lines as they reach the topic: in event-time order but with neighbours swapped now and
     * then (out of order by minutes, well inside the allowed lateness) and a few duplicates resent.
     */
    public static List<String> delivered(List<RawEvent> events, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (RawEvent e : events) {
            lines.add(e.json());
        }
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (random.nextInt(25) == 0 && Math.abs(events.get(i).occurredMs() - events.get(i + 1).occurredMs()) < 3_600_000L) {
                String a = lines.get(i);
                lines.set(i, lines.get(i + 1));
                lines.set(i + 1, a);
                i++;
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line);
            if (random.nextInt(80) == 0) {
                out.add(line);
            }
        }
        return out;
    }
}
