package ai.synaptiq.pipeline.reference;

import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import ai.synaptiq.schemas.events.RejectedEventException;
import ai.synaptiq.schemas.events.Rejection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The test oracle: what the pipeline's tables must hold once it has read {@code lines} (record
 * values in arrival order), computed in the plainest way from the rules of docs/architecture.md
 * (Admission, Enrichment, Lead state, Overview rollup, Activity feed). It shares nothing with the
 * pipeline but {@link EventParser}.
 *
 * <p>Where the rules leave a choice, the model decides as follows (and the pipeline must agree):
 * <ul>
 *   <li>the dedup memory is never forgotten: its TTL runs in processing time, which a test never
 *       spends;</li>
 *   <li>a dead letter's accountId is the raw record's {@code accountId} when that is a string, else "";</li>
 *   <li>the clock an event's date is judged against ({@code in_future}) is the time the model runs:
 *       the pipeline's is the time the record was sent, and tests date events far from either;</li>
 *   <li>a lead or conversation field is "carried" when present and not null; a lead with several
 *       lead.created takes createdMs, source, sourceUrl, visitorId and conversationId from the
 *       earliest by (occurredAt, eventId); a conversation takes its channel from the first
 *       conversation.started to arrive, startedMs from the earliest conversation.started, endedMs
 *       from the latest conversation.ended and engagementScore from the latest conversation.ended
 *       that carries one (a tie goes to the later arrival);</li>
 *   <li>lead.created activity metadata is {@code {"score": <data.score as sent>, "source": <own source or null>}}.</li>
 * </ul>
 */
public final class ReferenceModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PUBLIC_ACTIVITY = Set.of("lead.created", "lead.qualified", "lead.score_changed",
            "conversation.started", "conversation.handoff", "conversion.completed", "intent.high_value");
    private static final Set<String> PERSONAL_FIELDS = Set.of("email", "name", "phone", "content");

    /** The pipeline's settings that change figures. */
    public record Settings(Duration allowedLateness, double scoreChangeThreshold, Duration rollupGrain, Duration maxFuture) {
        public static Settings defaults() {
            return new Settings(Duration.ofHours(48), 10, Duration.ofMinutes(15), Duration.ofHours(1));
        }
    }

    /** A refused record; {@code line} is its index in the input. */
    public record DeadLetter(int line, String accountId, String reason, String raw) {
    }

    /**
     * An admitted event: its own fields, and {@code channel} / {@code leadId} as enriched (own, else
     * its conversation's as known when it was processed). {@code event} is the parsed event, unchanged.
     */
    public record AdmittedEvent(int line, String accountId, String eventId, String type, long occurredMs,
                                String visitorId, String conversationId, String leadId, String channel, String source,
                                Event event) {
    }

    public record LeadKey(String accountId, String leadId) {
    }

    public record ConversationKey(String accountId, String conversationId) {
    }

    /** bucketStartMs: occurredAt floored to the rollup grain (UTC). */
    public record BucketKey(String accountId, long bucketStartMs) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = accountId.compareTo(o.accountId);
            return c != 0 ? c : Long.compare(bucketStartMs, o.bucketStartMs);
        }
    }

    /**
     * A lead's state. {@code created} once a lead.created was admitted (createdMs, source, sourceUrl,
     * visitorId and conversationId come from it); {@code events} counts the admitted events that
     * reached the lead (own or enriched leadId); absent fields are null, tags and customProperties empty.
     */
    public record LeadState(String accountId, String leadId, boolean created, Long createdMs, long lastActivityMs,
                            String email, String name, String phone, String company, String status, Double score,
                            String source, String sourceUrl, List<String> tags, String assignedTo,
                            Map<String, String> customProperties, String visitorId, String conversationId, int events) {
    }

    /** A conversation's state; {@code events} counts its admitted events. */
    public record ConversationState(String accountId, String conversationId, String visitorId, String leadId, String channel,
                                    Long startedMs, Long endedMs, long lastEventMs, int messageCount, boolean handoff,
                                    boolean qualificationTriggered, boolean meetingBooked, Double engagementScore,
                                    int events) {
    }

    /** A row of the activity feed (its description is not modelled). */
    public record ActivityRow(String accountId, String id, String type, long occurredMs, String leadId,
                              String conversationId, JsonNode metadata) {
    }

    /** The summed measures of one overview_rollup row. */
    public record Rollup(long conversations, long leads, long qualified, long messages, long aiTimedMessages,
                         double responseMsSum, long handoffs, long revenueCents, double scoreSum, long sessions,
                         long meetings, long conversions, long endedScored, double engagementSum) {
        static final Rollup EMPTY = new Rollup(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        Rollup plus(Rollup o) {
            return new Rollup(conversations + o.conversations, leads + o.leads, qualified + o.qualified,
                    messages + o.messages, aiTimedMessages + o.aiTimedMessages, responseMsSum + o.responseMsSum,
                    handoffs + o.handoffs, revenueCents + o.revenueCents, scoreSum + o.scoreSum, sessions + o.sessions,
                    meetings + o.meetings, conversions + o.conversions, endedScored + o.endedScored,
                    engagementSum + o.engagementSum);
        }
    }

    /** Everything the pipeline should have written for the input. */
    public record Outcome(List<DeadLetter> deadLetters, List<Integer> droppedDuplicates, List<AdmittedEvent> admitted,
                          Map<LeadKey, LeadState> leads, Map<ConversationKey, ConversationState> conversations,
                          List<ActivityRow> activity, SortedMap<BucketKey, Rollup> rollup) {
        /** Reason of each dead-lettered line, by line index. */
        public Map<Integer, String> deadLetterReasons() {
            Map<Integer, String> reasons = new TreeMap<>();
            deadLetters.forEach(d -> reasons.put(d.line(), d.reason()));
            return reasons;
        }

        public LeadState lead(String accountId, String leadId) {
            return leads.get(new LeadKey(accountId, leadId));
        }

        public ConversationState conversation(String accountId, String conversationId) {
            return conversations.get(new ConversationKey(accountId, conversationId));
        }
    }

    private ReferenceModel() {
    }

    public static Outcome run(List<String> lines) {
        return run(lines, Settings.defaults());
    }

    public static Outcome run(List<String> lines, Settings settings) {
        return new Run(settings).apply(lines);
    }

    /** Last-writer-wins order: by occurredAt, then eventId. */
    private record Stamp(long occurredMs, String eventId) {
        boolean newerThan(Stamp other) {
            return other == null || occurredMs > other.occurredMs
                    || (occurredMs == other.occurredMs && eventId.compareTo(other.eventId) > 0);
        }
    }

    /** A value with the stamp of the event that wrote it. */
    private static final class Latest<T> {
        T value;
        Stamp stamp;

        void offer(T candidate, Stamp at) {
            if (at.newerThan(stamp)) {
                value = candidate;
                stamp = at;
            }
        }
    }

    /** A value kept from the earliest event that offered one. */
    private static final class Earliest<T> {
        T value;
        Stamp stamp;

        void offer(T candidate, Stamp at) {
            if (stamp == null || stamp.newerThan(at)) {
                value = candidate;
                stamp = at;
            }
        }
    }

    private static final class Lead {
        final String accountId;
        final String leadId;
        final Earliest<Event> creation = new Earliest<>();
        long lastActivityMs = Long.MIN_VALUE;
        int events;
        final Latest<Double> score = new Latest<>();
        final Latest<String> status = new Latest<>();
        final Map<String, Latest<JsonNode>> fields = new HashMap<>();
        final Map<String, Latest<String>> customProperties = new HashMap<>();

        Lead(String accountId, String leadId) {
            this.accountId = accountId;
            this.leadId = leadId;
        }

        LeadState toState() {
            Event c = creation.value;
            String sourceUrl = c == null ? null : text(data(c).get("sourceUrl"));
            List<String> tags = new ArrayList<>();
            JsonNode tagNode = field("tags");
            if (tagNode != null) {
                tagNode.forEach(t -> tags.add(t.asText()));
            }
            Map<String, String> props = new TreeMap<>();
            customProperties.forEach((k, v) -> props.put(k, v.value));
            return new LeadState(accountId, leadId, c != null, c == null ? null : c.occurredMs, lastActivityMs,
                    text(field("email")), text(field("name")), text(field("phone")), text(field("company")), status.value,
                    score.value, c == null ? null : c.source, sourceUrl, List.copyOf(tags), text(field("assignedTo")),
                    Collections.unmodifiableMap(props), c == null ? null : c.visitorId, c == null ? null : c.conversationId,
                    events);
        }

        private JsonNode field(String name) {
            Latest<JsonNode> f = fields.get(name);
            return f == null ? null : f.value;
        }
    }

    private static final class Conversation {
        final String accountId;
        final String conversationId;
        String visitorId;
        String leadId;
        String startChannel;
        String firstChannel;
        Long startedMs;
        Long endedMs;
        long lastEventMs = Long.MIN_VALUE;
        /** How many events of each type the conversation has: messages, and whether it was handed off, qualified, booked. */
        final Map<String, Integer> typeCounts = new HashMap<>();
        Double engagementScore;
        Long engagementAtMs;
        int events;

        Conversation(String accountId, String conversationId) {
            this.accountId = accountId;
            this.conversationId = conversationId;
        }

        String channel() {
            return startChannel != null ? startChannel : firstChannel;
        }

        ConversationState toState() {
            return new ConversationState(accountId, conversationId, visitorId, leadId, channel(), startedMs, endedMs,
                    lastEventMs, typeCounts.getOrDefault("message.sent", 0), typeCounts.containsKey("conversation.handoff"),
                    typeCounts.containsKey("lead.qualified"), typeCounts.containsKey("meeting.booked"), engagementScore, events);
        }
    }

    private static final class Run {
        private final long latenessMs;
        private final double threshold;
        private final long grainMs;
        private final long maxFutureMs;
        private final long clockMs = System.currentTimeMillis();

        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private final List<Integer> duplicates = new ArrayList<>();
        private final List<AdmittedEvent> admitted = new ArrayList<>();
        private final Map<String, Set<String>> seenIds = new HashMap<>();
        private final Map<String, Long> maxSeen = new HashMap<>();
        private final Map<ConversationKey, Conversation> conversations = new LinkedHashMap<>();
        private final Map<LeadKey, Lead> leads = new LinkedHashMap<>();
        private final List<ActivityRow> activity = new ArrayList<>();

        Run(Settings settings) {
            this.latenessMs = settings.allowedLateness().toMillis();
            this.threshold = settings.scoreChangeThreshold();
            this.grainMs = settings.rollupGrain().toMillis();
            this.maxFutureMs = settings.maxFuture().toMillis();
        }

        Outcome apply(List<String> lines) {
            for (int i = 0; i < lines.size(); i++) {
                admit(i, lines.get(i));
            }
            Map<LeadKey, LeadState> leadStates = new LinkedHashMap<>();
            leads.forEach((k, v) -> leadStates.put(k, v.toState()));
            Map<ConversationKey, ConversationState> conversationStates = new LinkedHashMap<>();
            conversations.forEach((k, v) -> conversationStates.put(k, v.toState()));
            return new Outcome(List.copyOf(deadLetters), List.copyOf(duplicates), List.copyOf(admitted),
                    Collections.unmodifiableMap(leadStates), Collections.unmodifiableMap(conversationStates),
                    List.copyOf(activity), Collections.unmodifiableSortedMap(rollup(leadStates)));
        }

        private void admit(int line, String raw) {
            Event e;
            try {
                e = EventParser.parse(raw);
            } catch (RejectedEventException ex) {
                deadLetters.add(new DeadLetter(line, rawAccountId(raw), ex.rejection().reason(), raw));
                return;
            }
            if (e.occurredMs > clockMs + maxFutureMs) {
                deadLetters.add(new DeadLetter(line, e.accountId, Rejection.IN_FUTURE, raw));
                return;
            }
            Set<String> seen = seenIds.computeIfAbsent(e.accountId, a -> new HashSet<>());
            if (seen.contains(e.eventId)) {
                duplicates.add(line);
                return;
            }
            Long max = maxSeen.get(e.accountId);
            if (max != null && e.occurredMs < max - latenessMs) {
                deadLetters.add(new DeadLetter(line, e.accountId, Rejection.TOO_LATE, raw));
                return;
            }
            seen.add(e.eventId);
            maxSeen.put(e.accountId, max == null ? e.occurredMs : Math.max(max, e.occurredMs));

            String channel = e.channel;
            String leadId = e.leadId;
            if (e.conversationId != null) {
                Conversation c = conversation(e);
                channel = channel != null ? channel : c.channel();
                leadId = leadId != null ? leadId : c.leadId;
            }
            AdmittedEvent a = new AdmittedEvent(line, e.accountId, e.eventId, e.type, e.occurredMs, e.visitorId,
                    e.conversationId, leadId, channel, e.source, e);
            admitted.add(a);
            if (leadId != null) {
                lead(a);
            }
            activity(a);
        }

        private Conversation conversation(Event e) {
            Conversation c = conversations.computeIfAbsent(new ConversationKey(e.accountId, e.conversationId),
                    k -> new Conversation(k.accountId(), k.conversationId()));
            c.events++;
            c.typeCounts.merge(e.type, 1, Integer::sum);
            c.lastEventMs = Math.max(c.lastEventMs, e.occurredMs);
            if (c.visitorId == null) {
                c.visitorId = e.visitorId;
            }
            if (c.leadId == null) {
                c.leadId = e.leadId;
            }
            if (c.firstChannel == null) {
                c.firstChannel = e.channel;
            }
            switch (e.type) {
                case "conversation.started" -> {
                    if (c.startedMs == null) {
                        c.startChannel = e.channel;
                    }
                    c.startedMs = c.startedMs == null ? e.occurredMs : Math.min(c.startedMs, e.occurredMs);
                }
                case "conversation.ended" -> {
                    c.endedMs = c.endedMs == null ? e.occurredMs : Math.max(c.endedMs, e.occurredMs);
                    if (e.engagementScore != null && (c.engagementAtMs == null || e.occurredMs >= c.engagementAtMs)) {
                        c.engagementScore = e.engagementScore;
                        c.engagementAtMs = e.occurredMs;
                    }
                }
                default -> {
                }
            }
            return c;
        }

        private void lead(AdmittedEvent a) {
            Event e = a.event();
            Lead l = leads.computeIfAbsent(new LeadKey(a.accountId(), a.leadId()), k -> new Lead(k.accountId(), k.leadId()));
            l.events++;
            l.lastActivityMs = Math.max(l.lastActivityMs, e.occurredMs);
            Stamp at = new Stamp(e.occurredMs, e.eventId);
            ObjectNode data = data(e);
            switch (e.type) {
                case "lead.created" -> {
                    l.creation.offer(e, at);
                    l.score.offer(e.score, at);
                    l.status.offer("new", at);
                    leadFields(l, data, at);
                }
                case "lead.updated" -> {
                    if (e.status != null) {
                        l.status.offer(e.status, at);
                    }
                    leadFields(l, data, at);
                }
                case "lead.score_changed" -> l.score.offer(e.score, at);
                case "lead.qualified" -> {
                    l.status.offer("qualified", at);
                    if (e.score != null) {
                        l.score.offer(e.score, at);
                    }
                }
                case "meeting.booked" -> l.status.offer("demo_booked", at);
                case "conversion.completed" -> l.status.offer("converted", at);
                default -> {
                }
            }
        }

        private static void leadFields(Lead l, ObjectNode data, Stamp at) {
            for (String f : List.of("name", "email", "phone", "company", "assignedTo", "tags")) {
                JsonNode v = data.get(f);
                if (v != null && !v.isNull()) {
                    l.fields.computeIfAbsent(f, k -> new Latest<>()).offer(v, at);
                }
            }
            JsonNode props = data.get("customProperties");
            if (props != null && props.isObject()) {
                props.fields().forEachRemaining(p ->
                        l.customProperties.computeIfAbsent(p.getKey(), k -> new Latest<>()).offer(p.getValue().asText(), at));
            }
        }

        private void activity(AdmittedEvent a) {
            Event e = a.event();
            if (!PUBLIC_ACTIVITY.contains(e.type)) {
                return;
            }
            if (e.type.equals("lead.score_changed") && Math.abs(e.score - e.scoreFrom) < threshold) {
                return;
            }
            ObjectNode data = data(e);
            ObjectNode metadata = JSON.createObjectNode();
            if (e.type.equals("lead.created")) {
                metadata.set("score", data.get("score"));
                metadata.put("source", e.source);
            } else {
                data.fields().forEachRemaining(f -> {
                    if (!PERSONAL_FIELDS.contains(f.getKey())) {
                        metadata.set(f.getKey(), f.getValue());
                    }
                });
            }
            activity.add(new ActivityRow(a.accountId(), e.eventId, e.type, e.occurredMs, a.leadId(), e.conversationId, metadata));
        }

        private SortedMap<BucketKey, Rollup> rollup(Map<LeadKey, LeadState> leadStates) {
            SortedMap<BucketKey, Rollup> rows = new TreeMap<>();
            for (AdmittedEvent a : admitted) {
                Event e = a.event();
                Rollup r = switch (e.type) {
                    case "conversation.started" -> new Rollup(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    case "lead.created" -> new Rollup(0, 1, 0, 0, 0, 0, 0, 0,
                            leadStates.get(new LeadKey(a.accountId(), a.leadId())).score(), 0, 0, 0, 0, 0);
                    case "lead.qualified" -> new Rollup(0, 0, 1, 0, 0, 0, 0,
                            e.estimatedDealSize == null ? 0 : Math.round(e.estimatedDealSize * 100), 0, 0, 0, 0, 0, 0);
                    case "message.sent" -> "ai".equals(e.sender) && e.responseTimeMs != null
                            ? new Rollup(0, 0, 0, 1, 1, e.responseTimeMs, 0, 0, 0, 0, 0, 0, 0, 0)
                            : new Rollup(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    case "conversation.handoff" -> new Rollup(0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
                    case "visitor.session_started" -> new Rollup(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
                    case "meeting.booked" -> new Rollup(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
                    case "conversion.completed" -> new Rollup(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0);
                    case "conversation.ended" -> e.engagementScore == null ? null
                            : new Rollup(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, e.engagementScore);
                    default -> null;
                };
                if (r != null) {
                    BucketKey key = new BucketKey(a.accountId(), Math.floorDiv(e.occurredMs, grainMs) * grainMs);
                    rows.merge(key, r, Rollup::plus);
                }
            }
            return rows;
        }
    }

    private static ObjectNode data(Event e) {
        try {
            return (ObjectNode) JSON.readTree(e.dataJson);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("EventParser wrote data that is not a JSON object", ex);
        }
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String rawAccountId(String raw) {
        try {
            JsonNode v = JSON.readTree(raw).path("accountId");
            return v.isTextual() ? v.asText() : "";
        } catch (JsonProcessingException | RuntimeException ex) {
            return "";
        }
    }
}
