package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.PipelineConfig;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The erasure filter against tombstones in a real ClickHouse. */
class ErasureFilterTest {
    private final LocalClickHouse ch = LocalClickHouse.shared();
    private final String lead = "gone_" + System.nanoTime();
    private final PipelineConfig config = PipelineConfig.defaults().withClickHouse(ch.url()).with("erasure-refresh", "200ms");

    private void tombstone(String leadId, String visitor, String conversation) {
        ch.client().execute("INSERT INTO synaptiq.lead_erasures (account_id, lead_id, erasure_id, visitor_ids, conversation_ids, status, version)"
                + " VALUES ('" + TestEvents.ACCOUNT + "', '" + leadId + "', 'era', ['" + visitor + "'], ['" + conversation + "'], 'completed', 2)");
    }

    @Test
    void shouldDropEveryEventOfAnErasedLeadItsConversationsAndVisitors() throws Exception {
        tombstone(lead, "v_" + lead, "c_" + lead);
        try (OneInputStreamOperatorTestHarness<Event, Event> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ErasureFilter(config))) {
            h.processElement(event("e1", "lead.updated", "2026-03-01T10:00:00Z", "\"leadId\":\"" + lead + "\""), 0);
            h.processElement(event("e2", "message.sent", "2026-03-01T10:00:00Z", "\"visitorId\":\"v_other\",\"conversationId\":\"c_" + lead
                    + "\",\"data\":{\"sender\":\"ai\",\"content\":\"x\"}"), 0);
            h.processElement(event("e3", "visitor.session_started", "2026-03-01T10:00:00Z", "\"visitorId\":\"v_" + lead + "\""), 0);
            h.processElement(event("e4", "lead.updated", "2026-03-01T10:00:00Z", "\"leadId\":\"other\""), 0);
            assertEquals(List.of("e4"), h.extractOutputValues().stream().filter(e -> !ErasureFilter.isForgetMarker(e)).map(e -> e.eventId).toList());
        }
    }

    @Test
    void shouldAnnounceErasedLeadsKnownAtStartAndThoseErasedWhileRunning() throws Exception {
        tombstone(lead, "v_" + lead, "c_" + lead);
        try (OneInputStreamOperatorTestHarness<Event, Event> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ErasureFilter(config))) {
            h.processElement(event("e1", "lead.updated", "2026-03-01T10:00:00Z", "\"leadId\":\"other\""), 0);
            List<Event> out = h.extractOutputValues();
            assertTrue(out.stream().anyMatch(m -> ErasureFilter.isForgetMarker(m) && lead.equals(m.leadId) && TestEvents.ACCOUNT.equals(m.accountId)),
                    "a tombstone known at start is announced: state restored from an older checkpoint is cleared");
            assertEquals("e1", out.get(out.size() - 1).eventId, "the event itself passes after the markers");

            String later = lead + "_later";
            tombstone(later, "v_" + later, "c_" + later);
            Thread.sleep(1000);
            h.processElement(event("e2", "message.sent", "2026-03-01T10:00:00Z", "\"visitorId\":\"v\",\"conversationId\":\"c\",\"leadId\":\"" + later
                    + "\",\"data\":{\"sender\":\"ai\",\"content\":\"x\"}"), 0);
            List<Event> next = h.extractOutputValues().subList(out.size(), h.extractOutputValues().size());
            assertTrue(next.stream().allMatch(ErasureFilter::isForgetMarker), "the erased lead's own event is dropped: " + next);
            assertTrue(next.stream().anyMatch(m -> later.equals(m.leadId)), "an erasure made while the job runs is picked up by the refresh");
        }
    }
}
