package ai.synaptiq.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.synaptiq.schemas.events.Event;
import org.junit.jupiter.api.Test;

class ActivityFeedTest {
    private static Event withData(String type, String data) {
        return TestEvents.event("e1", type, "2026-03-01T10:00:00Z",
                "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"leadId\":\"l1\",\"data\":" + data);
    }

    @Test
    void shouldDropPersonalFieldsFromMetadata() throws Exception {
        assertEquals("{\"sender\":\"visitor\"}", ActivityFeed.metadata(withData("message.sent", "{\"sender\":\"visitor\",\"content\":\"my email is a@b.test\"}")));
        assertEquals("{\"reason\":\"x\"}", ActivityFeed.metadata(withData("conversation.handoff", "{\"email\":\"a@b.test\", \"reason\" : \"x\",\"name\":\"Ann\",\"phone\":\"1\"}")));
    }

    @Test
    void shouldKeepDataWithoutPersonalFieldsAsParsed() throws Exception {
        Event e = withData("conversation.handoff", "{ \"reason\" : \"asked for \\\"name\\\": a human\", \"n\" : 1.50 }");
        assertEquals(e.dataJson, ActivityFeed.metadata(e));
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.dataJson).toString(), ActivityFeed.metadata(e));
    }

    @Test
    void shouldPassDataWhoseOnlyPersonalWordsAreValuesWithoutParsingIt() throws Exception {
        Event e = withData("conversation.handoff", "{\"reason\":\"wants to change the name and email\",\"note\":\"name:\"}");
        assertSame(e.dataJson, ActivityFeed.metadata(e));
    }

    @Test
    void shouldDropPersonalFieldsAtAnyDepthAndSpelling() throws Exception {
        assertEquals("{\"visitor\":{\"plan\":\"pro\"},\"reason\":\"x\"}", ActivityFeed.metadata(withData("conversation.handoff",
                "{\"visitor\":{\"name\":\"Ann\",\"plan\":\"pro\",\"Email\":\"a@b.test\"},\"reason\":\"x\"}")));
        assertEquals("{\"contacts\":[{\"role\":\"cto\"},[{}]],\"n\":1}", ActivityFeed.metadata(withData("conversation.handoff",
                "{\"contacts\":[{\"first_name\":\"Ann\",\"phoneNumber\":\"+1 555\",\"role\":\"cto\"},[{\"IP-Address\":\"10.0.0.1\"}]],\"n\":1}")));
        assertEquals("{\"deep\":{\"a\":{\"b\":{\"c\":{}}}}}", ActivityFeed.metadata(withData("conversation.handoff",
                "{\"deep\":{\"a\":{\"b\":{\"c\":{\"mobile\":\"07700 900123\"}}}}}")));
    }
}
