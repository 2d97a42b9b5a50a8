package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.EDGES;
import static ai.synaptiq.api.testing.ApiFixture.EMPTY;
import static ai.synaptiq.api.testing.ApiFixture.GLOBEX;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static ai.synaptiq.api.testing.JsonAssertions.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FunnelApiTest {
    private static final String[] CHANNELS = {null, "web_chat", "api", "whatsapp", "slack"};
    private static final String[] SOURCES = {null, "chat", "api", "import", "form"};
    private final ApiFixture api = ApiFixture.shared();

    private JsonNode assertFunnelMatchesReference(String account, String start, String end, String channel, String source, String zone) {
        ObjectNode body = api.answerToCompare(account, "/v1/analytics/funnel" + query("startDate", start, "endDate", end,
                "channel", channel, "source", source, "timezone", zone));
        assertSameJson(api.reference().funnel(account, LocalDate.parse(start), LocalDate.parse(end), channel, source,
                ZoneId.of(zone == null ? "UTC" : zone)), body);
        return body;
    }

    static Stream<Arguments> everyChannelAndSource() {
        List<Arguments> out = new ArrayList<>();
        for (String channel : CHANNELS) {
            for (String source : SOURCES) {
                out.add(Arguments.of(channel, source));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "channel={0} source={1}")
    @MethodSource("everyChannelAndSource")
    void shouldMatchTheReferenceForEveryChannelAndSourceFilter(String channel, String source) {
        assertFunnelMatchesReference(ACME, "2025-10-01", "2026-04-06", channel, source, null);
        assertFunnelMatchesReference(GLOBEX, "2026-02-10", "2026-03-20", channel, source, null);
    }

    @Test
    void shouldNameTheStagesInOrderAndEndWithoutAConversion() {
        JsonNode body = assertFunnelMatchesReference(ACME, "2026-01-01", "2026-03-31", null, null, null);
        List<String> names = new ArrayList<>();
        body.get("stages").forEach(s -> names.add(s.get("name").asText()));
        assertEquals(List.of("Visitors", "Engaged (Started Chat)", "Lead Captured", "Qualified", "Demo Booked", "Converted"), names);
        assertTrue(body.get("stages").get(5).get("conversionToNext").isNull());
        assertTrue(body.get("stages").get(0).get("count").asLong() > 100);
        assertTrue(body.get("topDropoffStage").asText().contains(" -> "));
    }

    @Test
    void shouldResolveChannelsOfConversationsAndLeadEventsThatDidNotCarryOne() {
        // The day-boundary conversations start without a channel and their qualifications carry
        // only the lead: they count under the visitor's session channel, so visitors and
        // conversations add up over the channels; leads that signed up by form, API or import
        // have no channel at all.
        JsonNode all = assertFunnelMatchesReference(EDGES, "2025-10-30", "2025-11-06", null, null, null);
        long[] sums = new long[6];
        for (String channel : new String[] {"web_chat", "api", "whatsapp", "slack"}) {
            JsonNode one = assertFunnelMatchesReference(EDGES, "2025-10-30", "2025-11-06", channel, null, null);
            for (int stage = 0; stage < 6; stage++) {
                sums[stage] += stage(one, stage);
            }
        }
        assertEquals(stage(all, 0), sums[0]);
        assertEquals(stage(all, 1), sums[1]);
        for (int stage = 2; stage < 6; stage++) {
            assertTrue(sums[stage] <= stage(all, stage), "stage " + stage);
        }
        assertTrue(sums[3] >= 6, "the six boundary qualifications, which carry only a lead id, found their channel");
    }

    @ParameterizedTest
    @CsvSource({"Asia/Kolkata", "America/St_Johns", "UTC"})
    void shouldCountTheDaysOfTheRequestedTimezone(String zone) {
        assertFunnelMatchesReference(EDGES, "2026-03-08", "2026-03-08", null, null, zone);
        assertFunnelMatchesReference(EDGES, "2025-11-02", "2025-11-03", "whatsapp", null, zone);
        assertFunnelMatchesReference(EDGES, "2026-03-05", "2026-03-09", null, "form", zone);
    }

    @Test
    void shouldAnswerZerosForAnAccountWithoutEvents() {
        JsonNode body = assertFunnelMatchesReference(EMPTY, "2026-03-01", "2026-03-31", "slack", "chat", null);
        for (JsonNode stage : body.get("stages")) {
            assertEquals(0, stage.get("count").asLong());
        }
        assertEquals(0, body.get("overallConversion").decimalValue().signum());
        assertTrue(body.get("topDropoffStage").isNull());
    }

    @Test
    void shouldDefaultToTheThirtyDaysBeforeToday() {
        Answer a = api.get(ACME, "/v1/analytics/funnel");
        assertEquals("2026-03-07", a.json().get("period").get("startDate").asText());
        assertEquals("2026-04-06", a.json().get("period").get("endDate").asText());
        assertFunnelMatchesReference(ACME, "2026-03-07", "2026-04-06", null, null, null);
    }

    private static long stage(JsonNode body, int index) {
        return body.get("stages").get(index).get("count").asLong();
    }
}
