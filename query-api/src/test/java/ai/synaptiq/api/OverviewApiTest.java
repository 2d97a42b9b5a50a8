package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.EDGES;
import static ai.synaptiq.api.testing.ApiFixture.EMPTY;
import static ai.synaptiq.api.testing.ApiFixture.LEAP;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static ai.synaptiq.api.testing.JsonAssertions.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverviewApiTest {
    private final ApiFixture api = ApiFixture.shared();

    /** Asks the API and the oracle the same question and expects the same body (dataCompleteUntil aside). */
    private JsonNode assertOverviewMatchesReference(String account, String start, String end, String granularity, String compareWith, String zone) {
        ObjectNode body = api.answerToCompare(account, "/v1/analytics/overview" + query("startDate", start, "endDate", end,
                "granularity", granularity, "compareWith", compareWith, "timezone", zone));
        JsonNode expected = api.reference().overview(account, LocalDate.parse(start), LocalDate.parse(end),
                granularity == null ? "day" : granularity, compareWith, ZoneId.of(zone == null ? "UTC" : zone));
        assertSameJson(expected, body);
        return body;
    }

    @ParameterizedTest
    @CsvSource({"day", "week", "month"})
    void shouldMatchTheReferenceForEveryGranularity(String granularity) {
        JsonNode body = assertOverviewMatchesReference(ACME, "2026-01-01", "2026-03-31", granularity, null, null);
        assertTrue(body.get("summary").get("totalConversations").asLong() > 100, "the dataset is not trivial");
        assertTrue(body.get("comparison").isNull());
    }

    @ParameterizedTest
    @CsvSource({"day", "week", "month"})
    void shouldAddTheBucketsUpToTheSummary(String granularity) {
        JsonNode body = assertOverviewMatchesReference(ACME, "2025-11-17", "2026-02-03", granularity, null, null);
        long conversations = 0;
        long leads = 0;
        long qualified = 0;
        for (JsonNode point : body.get("timeSeries")) {
            conversations += point.get("conversations").asLong();
            leads += point.get("leads").asLong();
            qualified += point.get("qualifiedLeads").asLong();
        }
        assertEquals(body.get("summary").get("totalConversations").asLong(), conversations);
        assertEquals(body.get("summary").get("totalLeads").asLong(), leads);
        assertEquals(body.get("summary").get("qualifiedLeads").asLong(), qualified);
    }

    @Test
    void shouldCutWeeksFromStartDateAndMonthsAtCalendarMonths() {
        JsonNode weeks = assertOverviewMatchesReference(ACME, "2026-03-01", "2026-03-31", "week", null, null).get("timeSeries");
        assertEquals(5, weeks.size());
        assertEquals("2026-03-01/2026-03-07", weeks.get(0).get("period").asText());
        assertEquals("2026-03-29/2026-03-31", weeks.get(4).get("period").asText());
        JsonNode months = assertOverviewMatchesReference(ACME, "2026-01-15", "2026-03-10", "month", null, null).get("timeSeries");
        assertEquals("2026-01-15/2026-01-31", months.get(0).get("period").asText());
        assertEquals("2026-02-01/2026-02-28", months.get(1).get("period").asText());
        assertEquals("2026-03-01/2026-03-10", months.get(2).get("period").asText());
    }

    @Test
    void shouldCompareMarchWithTheThirtyOneDaysBeforeIt() {
        JsonNode body = assertOverviewMatchesReference(ACME, "2026-03-01", "2026-03-31", "week", "previous_period", null);
        JsonNode period = body.get("comparison").get("period");
        assertEquals("2026-01-29", period.get("startDate").asText());
        assertEquals("2026-02-28", period.get("endDate").asText());
        for (String figure : new String[] {"totalConversations", "totalLeads", "qualifiedLeads", "conversionRate"}) {
            assertTrue(body.get("comparison").get(figure).has("value") && body.get("comparison").get(figure).has("change"), figure);
        }
        assertTrue(body.get("comparison").get("totalConversations").get("change").isNumber());
    }

    @Test
    void shouldCompareWithTheSameDatesAYearEarlierWhereFebruary29BecomesFebruary28() {
        JsonNode body = assertOverviewMatchesReference(LEAP, "2024-02-22", "2024-02-29", "day", "previous_year", null);
        assertEquals("2023-02-22", body.get("comparison").get("period").get("startDate").asText());
        assertEquals("2023-02-28", body.get("comparison").get("period").get("endDate").asText());
        assertTrue(body.get("comparison").get("totalConversations").get("value").asLong() > 0, "2023 has traffic to compare with");
    }

    @Test
    void shouldCompareAYearWhosePreviousYearHoldsALeapDay() {
        JsonNode body = assertOverviewMatchesReference(LEAP, "2025-02-20", "2025-03-05", "week", "previous_year", null);
        assertEquals("2024-02-20", body.get("comparison").get("period").get("startDate").asText());
        assertEquals("2024-03-05", body.get("comparison").get("period").get("endDate").asText());
        assertOverviewMatchesReference(LEAP, "2024-02-29", "2024-03-05", "day", "previous_period", null);
    }

    @ParameterizedTest
    @CsvSource({
        "Asia/Kolkata, 2026-03-05, 2026-03-10",
        "America/St_Johns, 2026-03-05, 2026-03-10",
        "America/St_Johns, 2025-10-30, 2025-11-05",
        "Asia/Kolkata, 2025-10-30, 2025-11-05",
        "UTC, 2026-03-05, 2026-03-10"})
    void shouldCountWholeDaysOfTheRequestedTimezoneAcrossDaylightSavingChanges(String zone, String start, String end) {
        assertOverviewMatchesReference(EDGES, start, end, "day", null, zone);
        assertOverviewMatchesReference(EDGES, start, end, "week", "previous_period", zone);
    }

    @Test
    void shouldPutAnEventAtLocalMidnightIntoTheNewDay() {
        JsonNode kolkata = assertOverviewMatchesReference(EDGES, "2026-03-07", "2026-03-08", "day", null, "Asia/Kolkata").get("timeSeries");
        JsonNode utc = assertOverviewMatchesReference(EDGES, "2026-03-07", "2026-03-08", "day", null, "UTC").get("timeSeries");
        assertNotEquals(kolkata.get(0).get("conversations").asLong(), utc.get(0).get("conversations").asLong(),
                "2026-03-07T18:30Z is already 2026-03-08 in Kolkata");
    }

    @Test
    void shouldDefaultToTheThirtyDaysBeforeTodayAndDaily() {
        Answer a = api.get(ACME, "/v1/analytics/overview");
        assertEquals(200, a.status(), a.text());
        assertEquals("2026-03-07", a.json().get("period").get("startDate").asText());
        assertEquals("2026-04-06", a.json().get("period").get("endDate").asText());
        assertEquals(31, a.json().get("timeSeries").size());
        assertOverviewMatchesReference(ACME, "2026-03-07", "2026-04-06", null, null, null);
        Answer kiritimati = api.get(ACME, "/v1/analytics/overview" + query("timezone", "Pacific/Kiritimati"));
        assertEquals("2026-04-07", kiritimati.json().get("period").get("endDate").asText(), "today is already the 7th at UTC+14");
    }

    @Test
    void shouldAnswerTheLongestAllowedRange() {
        assertOverviewMatchesReference(ACME, "2025-04-07", "2026-04-06", "month", "previous_period", null);
    }

    @Test
    void shouldAnswerZerosAndNullsForAnAccountWithoutEvents() {
        JsonNode body = assertOverviewMatchesReference(EMPTY, "2026-03-01", "2026-03-31", "week", "previous_period", null);
        JsonNode s = body.get("summary");
        assertEquals(0, s.get("totalConversations").asLong());
        assertEquals(0, s.get("conversionRate").decimalValue().signum());
        assertTrue(s.get("avgLeadScore").isNull() && s.get("avgResponseTime").isNull() && s.get("avgMessagesPerConversation").isNull());
        assertTrue(body.get("comparison").get("totalConversations").get("change").isNull());
        assertEquals(5, body.get("timeSeries").size());
    }
}
