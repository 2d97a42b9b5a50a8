package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.TableRow;
import ai.synaptiq.schemas.events.Event;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AdmissionGate("topic", Duration.ofHours(48), Duration.ofDays(7)), e -> e.accountId, Types.STRING);
    }

    private static Event visit(String id, String at) {
        return event(id, "visitor.session_started", at, "\"visitorId\":\"v1\",\"channel\":\"web_chat\"");
    }

    private List<String> admittedIds() {
        return harness.extractOutputValues().stream().map(e -> e.eventId).toList();
    }

    private List<String> deadLetters() {
        var rows = harness.getSideOutput(SideOutputs.ROWS);
        return rows == null ? List.of() : rows.stream().map(StreamRecord::getValue).map(r -> r.json).toList();
    }

    @Test
    void shouldDropARepeatedEventIdSilentlyHoweverLateTheCopyArrives() throws Exception {
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        harness.processElement(visit("e2", "2026-03-10T10:00:00Z"), 0);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        assertEquals(List.of("e1", "e2"), admittedIds());
        assertTrue(deadLetters().isEmpty(), "a duplicate is not a dead letter");
    }

    @Test
    void shouldSendAnEventOlderThanTheAllowedLatenessToDeadLettersAsTooLate() throws Exception {
        harness.processElement(visit("e1", "2026-03-05T10:00:00Z"), 0);
        harness.processElement(visit("late", "2026-03-03T10:00:00Z"), 0);
        harness.processElement(visit("tooLate", "2026-03-03T09:59:59.999Z"), 0);
        assertEquals(List.of("e1", "late"), admittedIds());
        List<String> dead = deadLetters();
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).contains("\"reason\":\"too_late\""), dead.get(0));
        assertTrue(dead.get(0).contains("tooLate"), "keeps the raw text");
    }

    @Test
    void shouldJudgeLatenessPerAccount() throws Exception {
        harness.processElement(visit("e1", "2026-03-05T10:00:00Z"), 0);
        Event other = event("o1", "visitor.session_started", "2026-01-01T00:00:00Z", "\"visitorId\":\"v9\"");
        other.accountId = "acc_other";
        harness.processElement(other, 0);
        assertEquals(List.of("e1", "o1"), admittedIds());
    }

    @Test
    void shouldForgetAnEventIdOnceTheDedupTtlHasPassed() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        harness.setStateTtlProcessingTime(Duration.ofDays(7).toMillis() + 1);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        assertEquals(List.of("e1", "e1"), admittedIds());
        assertEquals(0, harness.numEventTimeTimers() + harness.numProcessingTimeTimers(), "no timers are left behind");
    }
}
