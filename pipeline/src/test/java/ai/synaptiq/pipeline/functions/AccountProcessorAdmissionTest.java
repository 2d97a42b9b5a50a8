package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.admittedIds;
import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static ai.synaptiq.pipeline.functions.TestEvents.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission part of {@link AccountProcessor}: dedup and too_late. */
class AccountProcessorAdmissionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = TestEvents.harness();
    }

    private static Event visit(String id, String at) {
        return event(id, "visitor.session_started", at, "\"visitorId\":\"v1\",\"channel\":\"web_chat\"");
    }

    private List<String> deadLetters() {
        return rows(harness, Tables.DEAD_LETTERS);
    }

    @Test
    void shouldDropARepeatedEventIdSilentlyHoweverLateTheCopyArrives() throws Exception {
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        harness.processElement(visit("e2", "2026-03-10T10:00:00Z"), 0);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        assertEquals(List.of("e1", "e2"), admittedIds(harness));
        assertTrue(deadLetters().isEmpty(), "a duplicate is not a dead letter");
    }

    @Test
    void shouldDropARepeatedEventIdOnceItsFirstCopyIsWrittenToState() throws Exception {
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        harness.setProcessingTime(1_000);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        assertEquals(List.of("e1"), admittedIds(harness));
    }

    @Test
    void shouldSendAnEventOlderThanTheAllowedLatenessToDeadLettersAsTooLate() throws Exception {
        harness.processElement(visit("e1", "2026-03-05T10:00:00Z"), 0);
        harness.processElement(visit("late", "2026-03-03T10:00:00Z"), 0);
        harness.setProcessingTime(1_000);
        harness.processElement(visit("tooLate", "2026-03-03T09:59:59.999Z"), 0);
        assertEquals(List.of("e1", "late"), admittedIds(harness));
        List<String> dead = deadLetters();
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).contains("\"reason\":\"too_late\""), dead.get(0));
        assertTrue(dead.get(0).contains("tooLate"), "keeps the raw text");
    }

    @Test
    void shouldNotJudgeLatenessByTheWatermark() throws Exception {
        // A subtask reading several partitions in a catch-up: the watermark follows the partition
        // read first, days ahead of the account's own events on another partition.
        harness.processWatermark(TestEvents.ms("2026-03-05T10:00:00Z"));
        harness.processElement(visit("old", "2026-03-01T10:00:00Z"), 0);
        assertEquals(List.of("old"), admittedIds(harness));
        assertTrue(deadLetters().isEmpty());
    }

    @Test
    void shouldJudgeLatenessPerPartitionAsEachIsReadInOrder() throws Exception {
        Event ahead = visit("p0", "2026-03-05T10:00:00Z");
        ahead.kafkaPartition = 0;
        Event behind = visit("p1", "2026-03-01T10:00:00Z");
        behind.kafkaPartition = 1;
        Event tooLate = visit("p1late", "2026-02-27T09:59:59Z");
        tooLate.kafkaPartition = 1;
        harness.processElement(ahead, 0);
        harness.processElement(behind, 0);
        harness.processElement(tooLate, 0);
        assertEquals(List.of("p0", "p1"), admittedIds(harness));
        assertEquals(1, deadLetters().size());
    }

    @Test
    void shouldJudgeLatenessPerAccount() throws Exception {
        harness.processElement(visit("e1", "2026-03-05T10:00:00Z"), 0);
        Event other = event("o1", "visitor.session_started", "2026-01-01T00:00:00Z", "\"visitorId\":\"v9\"");
        other.accountId = "acc_other";
        harness.processElement(other, 0);
        assertEquals(List.of("e1", "o1"), admittedIds(harness));
    }

    @Test
    void shouldForgetAnEventIdOnceTheDedupTtlHasPassed() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        harness.setProcessingTime(1_000);
        harness.setStateTtlProcessingTime(Duration.ofDays(7).toMillis() + 1);
        harness.processElement(visit("e1", "2026-03-01T10:00:00Z"), 0);
        assertEquals(List.of("e1", "e1"), admittedIds(harness));
        harness.setProcessingTime(2_000);
        assertEquals(0, harness.numEventTimeTimers() + harness.numProcessingTimeTimers(), "no timers are left behind");
    }
}
