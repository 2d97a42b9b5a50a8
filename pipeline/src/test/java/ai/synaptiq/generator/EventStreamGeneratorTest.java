package ai.synaptiq.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import ai.synaptiq.schemas.events.EventType;
import ai.synaptiq.schemas.events.RejectedEventException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventStreamGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-03-08T00:00:00Z");
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final long LATENESS_MS = Duration.ofHours(48).toMillis();

    private static List<String> noisy;

    @BeforeAll
    static void generateOnce() {
        noisy = noisyWeek(42).generate();
    }

    private static EventStreamGenerator noisyWeek(long seed) {
        return EventStreamGenerator.builder().seed(seed).accountId("acc_test").start(START).end(END).visitors(3_000)
                .duplicateRate(0.02).outOfOrderRate(0.03).lateCount(12).tooLateCount(7).malformedCount(11).build();
    }

    /** What a consumer sees line by line, judged by hand from the envelope alone. */
    private record Census(int valid, int malformed, int duplicates, int tooLate, int late, int outOfOrder,
                          int duplicatesMuchLater, List<Integer> tooLateLines, Set<String> rejectionReasons) {
    }

    private static Census census(List<String> lines) {
        int valid = 0, malformed = 0, duplicates = 0, tooLate = 0, late = 0, outOfOrder = 0, muchLater = 0;
        List<Integer> tooLateLines = new ArrayList<>();
        Set<String> reasons = new TreeSet<>();
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, Long> newest = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Event e;
            try {
                e = EventParser.parse(lines.get(i));
            } catch (RejectedEventException ex) {
                malformed++;
                reasons.add(ex.rejection().reason());
                continue;
            }
            valid++;
            String key = e.accountId + "/" + e.eventId;
            Integer first = firstLine.get(key);
            if (first != null) {
                assertEquals(lines.get(first), lines.get(i), "a repeated eventId is an exact copy");
                duplicates++;
                muchLater += i - first > 1_000 ? 1 : 0;
                continue;
            }
            long max = newest.getOrDefault(e.accountId, Long.MIN_VALUE);
            if (max != Long.MIN_VALUE && e.occurredMs < max - LATENESS_MS) {
                tooLate++;
                tooLateLines.add(i);
                continue;
            }
            firstLine.put(key, i);
            long lag = max == Long.MIN_VALUE ? 0 : max - e.occurredMs;
            if (lag >= 4 * HOUR_MS) {
                late++;
            } else if (lag > 0) {
                outOfOrder++;
            }
            newest.put(e.accountId, Math.max(max, e.occurredMs));
        }
        return new Census(valid, malformed, duplicates, tooLate, late, outOfOrder, muchLater, tooLateLines, reasons);
    }

    @Test
    void shouldProduceExactlyTheRequestedLateTooLateAndMalformedRecords() {
        Census c = census(noisy);
        assertEquals(12, c.late());
        assertEquals(7, c.tooLate());
        assertEquals(11, c.malformed());
        assertEquals(Set.of("invalid_field", "invalid_json", "missing_field", "unknown_type"), c.rejectionReasons());
    }

    @Test
    void shouldPlaceTooLateRecordsNearTheEndOfTheStream() {
        for (int line : census(noisy).tooLateLines()) {
            assertTrue(line > noisy.size() * 0.9, "too-late record at line " + line + " of " + noisy.size());
        }
    }

    @Test
    void shouldDuplicateAndReorderAtAboutTheRequestedRates() {
        Census c = census(noisy);
        int sent = c.valid() - c.duplicates();
        assertBetween(c.duplicates(), sent * 0.02 * 0.7, sent * 0.02 * 1.3, "duplicates");
        assertTrue(c.duplicatesMuchLater() > 0, "some copies come much later");
        assertBetween(c.outOfOrder(), sent * 0.03 * 0.6, sent * 0.03 * 1.3, "out-of-order events");
    }

    @Test
    void shouldAgreeWithTheReferenceModelOnWhatIsRefusedAndDropped() {
        Census c = census(noisy);
        ReferenceModel.Outcome outcome = ReferenceModel.run(noisy);
        Map<String, Long> reasons = outcome.deadLetters().stream()
                .collect(Collectors.groupingBy(ReferenceModel.DeadLetter::reason, Collectors.counting()));
        assertEquals(7L, reasons.get("too_late"));
        assertEquals(11L, outcome.deadLetters().size() - 7L);
        assertEquals(c.duplicates(), outcome.droppedDuplicates().size());
        assertEquals(c.valid() - c.duplicates() - c.tooLate(), outcome.admitted().size());
    }

    @Test
    void shouldGiveTheSameLinesForTheSameSeedAndOtherLinesForAnother() {
        assertEquals(noisy, noisyWeek(42).generate());
        assertNotEquals(noisy, noisyWeek(43).generate());
    }

    @Test
    void shouldStreamExactlyTheLinesOfTheList() {
        Iterator<String> streamed = noisyWeek(42).iterator();
        for (String line : noisy) {
            assertTrue(streamed.hasNext());
            assertEquals(line, streamed.next());
        }
        assertTrue(!streamed.hasNext());
    }

    @Test
    void shouldWriteContractValidIdsAndInstantsWithinTheRange() {
        Set<String> eventIds = new HashSet<>();
        for (String line : noisy) {
            Event e = parseOrNull(line);
            if (e == null) {
                continue;
            }
            eventIds.add(e.eventId);
            assertTrue(e.eventId.matches("evt_[0-9]+"), e.eventId);
            String occurredAt = field(line, "occurredAt");
            assertTrue(occurredAt.endsWith("Z") || occurredAt.endsWith("+05:30"), occurredAt);
        }
        assertTrue(noisy.stream().anyMatch(l -> l.contains("+05:30\"")), "some instants are written with +05:30");
        ReferenceModel.Outcome outcome = ReferenceModel.run(noisy);
        for (ReferenceModel.AdmittedEvent a : outcome.admitted()) {
            assertTrue(a.occurredMs() >= START.toEpochMilli() && a.occurredMs() < END.toEpochMilli(), a.eventId());
        }
    }

    @Test
    void shouldTellARealisticStory() {
        List<Event> events = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (String line : noisy) {
            Event e = parseOrNull(line);
            if (e != null) {
                events.add(e);
                data.add(read(e.dataJson));
            }
        }
        assertEquals(Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.toSet()),
                events.stream().map(e -> e.type).collect(Collectors.toSet()), "every type occurs");
        assertEquals(Set.of("web_chat", "api", "whatsapp", "slack"), valuesOf(events, "visitor.session_started", e -> e.channel));
        assertEquals(Set.of("chat", "api", "import", "form"), valuesOf(events, "lead.created", e -> e.source));
        Map<String, String> sessionChannel = new HashMap<>();
        events.stream().filter(e -> e.type.equals("visitor.session_started")).forEach(e -> sessionChannel.put(e.visitorId, e.channel));
        Set<String> scoreJumps = new HashSet<>();
        Set<String> providers = new HashSet<>();
        Set<String> updatedStatuses = new HashSet<>();
        boolean unicodeName = false;
        boolean awkwardCompany = false;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            JsonNode d = data.get(i);
            switch (e.type) {
                case "conversation.started" -> assertEquals(sessionChannel.get(e.visitorId), e.channel, "a chat keeps its session's channel");
                case "message.sent" -> {
                    if (e.sender.equals("ai")) {
                        assertTrue(e.responseTimeMs >= 300 && e.responseTimeMs <= 4000, "responseTimeMs " + e.responseTimeMs);
                    } else {
                        assertEquals(null, e.responseTimeMs);
                    }
                }
                case "lead.created" -> {
                    assertEquals(e.conversationId != null, "chat".equals(e.source), "chat leads come from a conversation");
                    unicodeName |= d.path("name").asText().chars().anyMatch(ch -> ch > 127);
                    String company = d.path("company").asText();
                    awkwardCompany |= company.contains(",") && company.contains("\"");
                }
                case "lead.score_changed" -> scoreJumps.add(Math.abs(e.score - e.scoreFrom) >= 10 ? "jump" : "drift");
                case "lead.updated" -> updatedStatuses.add(d.path("status").asText("none"));
                case "lead.qualified" -> assertEquals("qualified", e.status);
                case "meeting.booked" -> providers.add(d.path("provider").asText());
                default -> {
                }
            }
        }
        assertTrue(unicodeName, "some names are not ASCII");
        assertTrue(awkwardCompany, "some company names hold commas and quotes");
        assertEquals(Set.of("jump", "drift"), scoreJumps);
        assertEquals(Set.of("calcom", "calendly"), providers);
        assertTrue(updatedStatuses.contains("disqualified") && updatedStatuses.contains("none"), updatedStatuses.toString());
        assertTrue(events.stream().anyMatch(e -> e.type.equals("conversion.completed") && e.amount != null));
        assertTrue(events.stream().anyMatch(e -> e.type.equals("conversation.handoff")));
    }

    @Test
    void shouldAlternateAiAndVisitorMessagesUntilAHandoff() {
        Map<String, List<String>> senders = new HashMap<>();
        Map<String, Long> lastMessageMs = new HashMap<>();
        for (ReferenceModel.AdmittedEvent a : ReferenceModel.run(noisy).admitted().stream()
                .sorted((x, y) -> Long.compare(x.occurredMs(), y.occurredMs())).toList()) {
            if (a.type().equals("message.sent")) {
                senders.computeIfAbsent(a.conversationId(), k -> new ArrayList<>()).add(a.event().sender);
                lastMessageMs.put(a.conversationId(), a.occurredMs());
            }
        }
        for (Map.Entry<String, List<String>> conversation : senders.entrySet()) {
            List<String> s = conversation.getValue();
            int handoff = s.indexOf("agent");
            List<String> beforeAgent = handoff < 0 ? s : s.subList(0, handoff);
            for (int i = 0; i < beforeAgent.size(); i++) {
                assertEquals(i % 2 == 0 ? "ai" : "visitor", beforeAgent.get(i), conversation.getKey() + " " + s);
            }
        }
    }

    @Test
    void shouldInterleaveAccountsKeepingEachAccountsOwnOrder() {
        List<EventStreamGenerator> accounts = List.of(
                EventStreamGenerator.builder().seed(1).accountId("acc_a").start(START).end(END).visitors(200)
                        .duplicateRate(0.02).outOfOrderRate(0.05).lateCount(2).tooLateCount(2).build(),
                EventStreamGenerator.builder().seed(2).accountId("acc_b").start(START).end(END).visitors(300)
                        .duplicateRate(0.02).outOfOrderRate(0.05).lateCount(2).tooLateCount(2).build());
        List<String> merged = EventStreamGenerator.generateInterleaved(accounts);
        List<String> streamed = new ArrayList<>();
        EventStreamGenerator.interleave(accounts).forEachRemaining(streamed::add);
        assertEquals(merged, streamed);
        List<String> a = accounts.get(0).generate();
        List<String> b = accounts.get(1).generate();
        assertEquals(a.size() + b.size(), merged.size());
        assertEquals(a, merged.stream().filter(l -> l.contains("\"acc_a\"")).toList());
        assertEquals(b, merged.stream().filter(l -> l.contains("\"acc_b\"")).toList());
        int switches = 0;
        for (int i = 1; i < merged.size(); i++) {
            switches += merged.get(i).contains("\"acc_a\"") != merged.get(i - 1).contains("\"acc_a\"") ? 1 : 0;
        }
        assertTrue(switches > 100, "accounts are interleaved, not concatenated: " + switches + " switches");
        ReferenceModel.Outcome outcome = ReferenceModel.run(merged);
        assertEquals(4, outcome.deadLetters().size(), "two too-late records per account");
    }

    @Test
    void shouldStreamAboutTheTargetCountWithBoundedMemory() {
        EventStreamGenerator gen = EventStreamGenerator.builder().seed(5).start(START).end(START.plus(Duration.ofDays(30)))
                .targetEventCount(250_000).duplicateRate(0.01).outOfOrderRate(0.01).lateCount(50).tooLateCount(10)
                .malformedCount(10).build();
        ArrivalStream stream = (ArrivalStream) gen.iterator();
        long lines = 0;
        int mostInMemory = 0;
        while (stream.hasNext()) {
            stream.next();
            lines++;
            mostInMemory = Math.max(mostInMemory, stream.inMemory());
        }
        assertBetween(lines, 250_000 * 0.9, 250_000 * 1.1, "lines");
        assertTrue(mostInMemory < lines / 50, "at most " + mostInMemory + " lines and stories held for " + lines + " lines");
    }

    @Test
    void shouldKeepTrafficLevelAndSpreadTooLateRecordsForEndlessLiveTraffic() {
        List<String> lines = EventStreamGenerator.builder().seed(9).start(START).end(END).visitors(3_000)
                .dailyPattern(false).tooLateCount(20).tooLateNearEnd(false).build().generate();
        Census c = census(lines);
        assertEquals(20, c.tooLate());
        assertTrue(c.tooLateLines().get(0) < lines.size() / 5, "the first too-late record comes early: " + c.tooLateLines());
        int[] sessionsPerHourOfDay = new int[24];
        for (String line : lines) {
            Event e = parseOrNull(line);
            if (e != null && e.type.equals("visitor.session_started")) {
                sessionsPerHourOfDay[Instant.ofEpochMilli(e.occurredMs).atZone(java.time.ZoneOffset.UTC).getHour()]++;
            }
        }
        int quietest = Arrays.stream(sessionsPerHourOfDay).min().orElseThrow();
        int busiest = Arrays.stream(sessionsPerHourOfDay).max().orElseThrow();
        assertTrue(busiest < quietest * 1.5, "flat traffic: " + Arrays.toString(sessionsPerHourOfDay));
    }

    @Test
    void shouldHaveBusyAfternoonsAndQuietNightsByDefault() {
        int[] sessionsPerHourOfDay = new int[24];
        for (String line : noisy) {
            Event e = parseOrNull(line);
            if (e != null && e.type.equals("visitor.session_started")) {
                sessionsPerHourOfDay[Instant.ofEpochMilli(e.occurredMs).atZone(java.time.ZoneOffset.UTC).getHour()]++;
            }
        }
        assertTrue(sessionsPerHourOfDay[14] > 2.5 * sessionsPerHourOfDay[2], Arrays.toString(sessionsPerHourOfDay));
    }

    @Test
    void shouldRefuseSettingsThatCannotMakeAValidStream() {
        assertThrows(IllegalArgumentException.class, () -> EventStreamGenerator.builder().accountId("acc demo")
                .start(START).end(END).build());
        assertThrows(IllegalArgumentException.class, () -> EventStreamGenerator.builder().start(END).end(START).build());
        assertThrows(IllegalArgumentException.class, () -> EventStreamGenerator.builder().start(START).end(END)
                .duplicateRate(1.5).build());
        assertThrows(NullPointerException.class, () -> EventStreamGenerator.builder().end(END).build());
    }

    @Test
    void shouldPrefixEveryIdWhenAskedTo() {
        List<String> lines = EventStreamGenerator.builder().idPrefix("run7").start(START).end(END).visitors(50).build().generate();
        for (String line : lines) {
            Event e = parseOrNull(line);
            assertTrue(e.eventId.startsWith("evt_run7_"), e.eventId);
            for (String id : new String[] {e.visitorId, e.conversationId, e.leadId}) {
                assertTrue(id == null || id.matches("(v|conv|lead)_run7_[0-9]+"), id);
            }
        }
    }

    private static void assertBetween(double value, double low, double high, String what) {
        assertTrue(value >= low && value <= high, what + ": " + value + " not in [" + low + ", " + high + "]");
    }

    private static Set<String> valuesOf(List<Event> events, String type, java.util.function.Function<Event, String> value) {
        return events.stream().filter(e -> e.type.equals(type)).map(value).collect(Collectors.toSet());
    }

    private static Event parseOrNull(String line) {
        try {
            return EventParser.parse(line);
        } catch (RejectedEventException e) {
            return null;
        }
    }

    private static String field(String line, String name) {
        return read(line).path(name).asText();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
