package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedRunSmokeTest {

    @Test
    void shouldWriteEveryTableFromAFewEvents() throws Exception {
        LocalClickHouse ch = LocalClickHouse.shared();
        String acc = "smoke_" + System.nanoTime();
        List<String> lines = List.of(
                "{\"eventId\":\"e1\",\"type\":\"visitor.session_started\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-03-01T10:00:00Z\",\"visitorId\":\"v1\",\"channel\":\"web_chat\"}",
                "{\"eventId\":\"e2\",\"type\":\"conversation.started\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-03-01T10:01:00Z\",\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"channel\":\"web_chat\"}",
                "{\"eventId\":\"e3\",\"type\":\"message.sent\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-03-01T10:01:05Z\",\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"data\":{\"sender\":\"ai\",\"content\":\"Hi\",\"responseTimeMs\":900}}",
                "{\"eventId\":\"e3\",\"type\":\"message.sent\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-03-01T10:01:05Z\",\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"data\":{\"sender\":\"ai\",\"content\":\"Hi\",\"responseTimeMs\":900}}",
                "{\"eventId\":\"e4\",\"type\":\"lead.created\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-03-01T10:05:00Z\",\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"leadId\":\"l1\",\"source\":\"chat\",\"data\":{\"score\":40,\"email\":\"a@b.c\",\"tags\":[\"x\"]}}",
                "{\"eventId\":\"e5\",\"type\":\"lead.score_changed\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-03-01T10:06:00Z\",\"leadId\":\"l1\",\"data\":{\"from\":40,\"to\":70}}",
                "not json",
                "{\"eventId\":\"e6\",\"type\":\"lead.created\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"2026-02-01T10:05:00Z\",\"leadId\":\"l2\",\"data\":{\"score\":10}}");
        long before = System.currentTimeMillis();
        AnalyticsJob.runToCompletion(lines, PipelineConfig.defaults().withClickHouse(ch.url()).with("checkpoint-dir", "file:///tmp/synaptiq-smoke-cp"));
        String q = " WHERE account_id = '" + acc + "' FORMAT TabSeparated";
        assertEquals("5", ch.client().query("SELECT count() FROM synaptiq.events FINAL" + q).trim());
        assertEquals("70\tnew\t1", ch.client().query("SELECT score, status, length(tags) FROM synaptiq.leads FINAL" + q).trim());
        assertEquals("1\t1\t1\t70\t1\t900", ch.client().query("SELECT sum(conversations), sum(leads), sum(messages), sum(score_sum), sum(ai_timed_messages), sum(response_ms_sum) FROM synaptiq.overview_rollup FINAL" + q).trim());
        assertEquals("1", ch.client().query("SELECT count() FROM synaptiq.dead_letters FINAL WHERE reason = 'too_late' AND account_id = '" + acc + "' FORMAT TabSeparated").trim());
        assertEquals("3", ch.client().query("SELECT count() FROM synaptiq.activity FINAL" + q).trim());
        assertEquals("web_chat\tl1\t1", ch.client().query("SELECT channel, lead_id, message_count FROM synaptiq.conversations FINAL" + q).trim());
        assertEquals("1", ch.client().query("SELECT max(version) >= " + before + " FROM synaptiq.account_versions" + q).trim(),
                "the sink gave the account a version after its rows");
    }
}
