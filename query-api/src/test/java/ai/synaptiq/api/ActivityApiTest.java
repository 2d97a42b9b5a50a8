package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.EDGES;
import static ai.synaptiq.api.testing.ApiFixture.EMPTY;
import static ai.synaptiq.api.testing.ApiFixture.GLOBEX;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.analytics.ActivityCursor;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import ai.synaptiq.api.testing.ReferenceAnalytics.FeedItem;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActivityApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiFixture api = ApiFixture.shared();

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static long dayStart(String date, String zone) {
        return LocalDate.parse(date).atStartOfDay(ZoneId.of(zone)).toInstant().toEpochMilli();
    }

    /** Every page of the feed for the query, fetched with page numbers; checks each page's pagination block. */
    private List<JsonNode> allPages(String account, String queryWithoutPage, int limit, long expectedTotal) {
        List<JsonNode> items = new ArrayList<>();
        long pages = (expectedTotal + limit - 1) / limit;
        for (int page = 1; page <= Math.max(1, pages); page++) {
            Answer a = api.get(account, "/v1/analytics/activity" + queryWithoutPage + "&limit=" + limit + "&page=" + page);
            assertEquals(200, a.status(), a.text());
            JsonNode p = a.json().get("pagination");
            assertEquals(page, p.get("page").asLong());
            assertEquals(limit, p.get("limit").asInt());
            assertEquals(expectedTotal, p.get("total").asLong());
            assertEquals(pages, p.get("totalPages").asLong());
            assertEquals(page < pages, p.get("hasMore").asBoolean());
            a.json().get("data").forEach(items::add);
        }
        return items;
    }

    private static void assertSameFeed(List<FeedItem> expected, List<JsonNode> actual) {
        assertEquals(expected.size(), actual.size(), "feed length");
        for (int i = 0; i < expected.size(); i++) {
            FeedItem e = expected.get(i);
            JsonNode a = actual.get(i);
            String where = "item " + i + " (" + e.id() + ")";
            assertEquals(e.id(), a.get("id").asText(), where);
            assertEquals(e.type(), a.get("type").asText(), where);
            assertEquals(e.leadId(), a.get("leadId").isNull() ? null : a.get("leadId").asText(), where + " leadId");
            assertEquals(e.conversationId(), a.get("conversationId").isNull() ? null : a.get("conversationId").asText(), where + " conversationId");
            assertEquals(e.occurredAt(), a.get("occurredAt").asText(), where);
            assertEquals(e.metadata(), a.get("metadata"), where + " metadata");
            if (e.description() != null) {
                assertEquals(e.description(), a.get("description").asText(), where);
            } else {
                assertFalse(a.get("description").asText().isBlank(), where + " gets a generated description");
            }
        }
    }

    @Test
    void shouldShowTheLast24HoursNewestFirstByDefault() {
        Answer a = api.get(ACME, "/v1/analytics/activity");
        assertEquals(200, a.status(), a.text());
        List<FeedItem> expected = api.reference().activity(ACME, ms("2026-04-05T12:00:00Z"), ms("2026-04-06T12:00:00.001Z"), null, null);
        assertTrue(expected.size() > 0, "the default day has items");
        List<JsonNode> items = new ArrayList<>();
        a.json().get("data").forEach(items::add);
        assertSameFeed(expected.subList(0, Math.min(50, expected.size())), items);
        assertEquals(expected.size(), a.json().get("pagination").get("total").asLong());
        assertEquals(50, a.json().get("pagination").get("limit").asInt());
        assertEquals(1, a.json().get("pagination").get("page").asInt());
    }

    @Test
    void shouldMatchTheReferenceOverManyPages() {
        List<FeedItem> expected = api.reference().activity(ACME, dayStart("2026-01-01", "UTC"), dayStart("2026-03-01", "UTC"), null, null);
        assertTrue(expected.size() > 200);
        assertSameFeed(expected, allPages(ACME, query("startDate", "2026-01-01", "endDate", "2026-02-28"), 100, expected.size()));
        assertSameFeed(expected, allPages(ACME, query("startDate", "2026-01-01", "endDate", "2026-02-28"), 37, expected.size()));
    }

    @Test
    void shouldHideEveryPersonalFieldAndShowLeadCreatedAsScoreAndSource() {
        List<JsonNode> items = allPages(ACME, query("startDate", "2025-10-01", "endDate", "2025-12-31", "type", "lead.created,intent.high_value,conversation.handoff"),
                100, api.reference().activity(ACME, dayStart("2025-10-01", "UTC"), dayStart("2026-01-01", "UTC"),
                        Set.of("lead.created", "intent.high_value", "conversation.handoff"), null).size());
        for (JsonNode item : items) {
            for (String personal : new String[] {"email", "name", "phone", "content"}) {
                assertFalse(item.get("metadata").has(personal), item.toString());
            }
            if (item.get("type").asText().equals("lead.created")) {
                assertEquals(Set.of("score", "source"), fieldNames(item.get("metadata")));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "lead.qualified",
        "'intent.high_value,lead.qualified'",
        "lead.score_changed",
        "'conversation.started,conversation.handoff,conversion.completed'"})
    void shouldFilterByTypes(String types) {
        Set<String> set = Set.of(types.split(","));
        List<FeedItem> expected = api.reference().activity(ACME, dayStart("2025-11-01", "UTC"), dayStart("2026-02-01", "UTC"), set, null);
        assertTrue(expected.size() > 0);
        assertSameFeed(expected, allPages(ACME, query("startDate", "2025-11-01", "endDate", "2026-01-31", "type", types), 100, expected.size()));
    }

    @Test
    void shouldKeepOnlySignificantScoreChanges() {
        List<JsonNode> items = allPages(ACME, query("startDate", "2025-10-01", "endDate", "2026-03-31", "type", "lead.score_changed"), 100,
                api.reference().activity(ACME, dayStart("2025-10-01", "UTC"), dayStart("2026-04-01", "UTC"), Set.of("lead.score_changed"), null).size());
        for (JsonNode item : items) {
            assertTrue(Math.abs(item.get("metadata").get("to").asDouble() - item.get("metadata").get("from").asDouble()) >= 10, item.toString());
        }
    }

    @Test
    void shouldFilterByLeadIncludingEventsLinkedThroughTheConversation() {
        String lead = api.reference().busyLead(ACME, 3);
        List<FeedItem> expected = api.reference().activity(ACME, dayStart("2025-10-01", "UTC"), dayStart("2026-04-07", "UTC"), null, lead);
        assertSameFeed(expected, allPages(ACME, query("startDate", "2025-10-01", "endDate", "2026-04-06", "leadId", lead), 100, expected.size()));
    }

    @Test
    void shouldTakeInstantsAndWholeDaysInTheTimezone() {
        List<FeedItem> byInstants = api.reference().activity(ACME, ms("2026-03-02T06:30:00Z"), ms("2026-03-04T18:00:00.001Z"), null, null);
        assertSameFeed(byInstants, allPages(ACME, query("startDate", "2026-03-02T06:30:00.000Z", "endDate", "2026-03-04T18:00:00Z"), 100, byInstants.size()));
        List<FeedItem> withOffset = api.reference().activity(ACME, ms("2026-03-02T01:00:00Z"), ms("2026-03-02T23:00:00.001Z"), null, null);
        assertSameFeed(withOffset, allPages(ACME, query("startDate", "2026-03-02T06:30:00+05:30", "endDate", "2026-03-02T20:30:00-02:30"), 100, withOffset.size()));
        List<FeedItem> stJohnsDays = api.reference().activity(EDGES, dayStart("2026-03-08", "America/St_Johns"), dayStart("2026-03-10", "America/St_Johns"), null, null);
        assertSameFeed(stJohnsDays, allPages(EDGES, query("startDate", "2026-03-08", "endDate", "2026-03-09", "timezone", "America/St_Johns"), 100, stJohnsDays.size()));
        List<FeedItem> kolkataDay = api.reference().activity(EDGES, dayStart("2025-11-02", "Asia/Kolkata"), dayStart("2025-11-03", "Asia/Kolkata"), null, null);
        assertSameFeed(kolkataDay, allPages(EDGES, query("startDate", "2025-11-02", "endDate", "2025-11-02", "timezone", "Asia/Kolkata"), 100, kolkataDay.size()));
    }

    @Test
    void shouldEndTheDefaultWindowAtTheGivenEndAndStartItAtTheGivenStart() {
        List<FeedItem> dayOnly = api.reference().activity(ACME, dayStart("2026-02-10", "UTC"), dayStart("2026-02-11", "UTC"), null, null);
        assertSameFeed(dayOnly, allPages(ACME, query("endDate", "2026-02-10"), 100, dayOnly.size()));
        List<FeedItem> dayBefore = api.reference().activity(ACME, ms("2026-02-09T15:00:00Z"), ms("2026-02-10T15:00:00.001Z"), null, null);
        assertSameFeed(dayBefore, allPages(ACME, query("endDate", "2026-02-10T15:00:00Z"), 100, dayBefore.size()));
        List<FeedItem> untilNow = api.reference().activity(ACME, ms("2026-04-01T00:00:00Z"), ms("2026-04-06T12:00:00.001Z"), null, null);
        assertSameFeed(untilNow, allPages(ACME, query("startDate", "2026-04-01"), 100, untilNow.size()));
    }

    @Test
    void shouldPageEdgesRight() {
        String q = query("startDate", "2026-02-01", "endDate", "2026-02-14");
        int total = api.reference().activity(ACME, dayStart("2026-02-01", "UTC"), dayStart("2026-02-15", "UTC"), null, null).size();
        int limit = 20;
        while (total % limit == 0) {
            limit--;
        }
        assertTrue(total > limit, "more than one page: " + total);

        JsonNode one = api.get(ACME, "/v1/analytics/activity" + q + "&limit=1").json();
        assertEquals(1, one.get("data").size());
        assertEquals(total, one.get("pagination").get("totalPages").asLong());

        long lastPage = (total + limit - 1) / limit;
        JsonNode last = api.get(ACME, "/v1/analytics/activity" + q + "&limit=" + limit + "&page=" + lastPage).json();
        assertEquals(total - (lastPage - 1) * limit, last.get("data").size(), "a partial last page");
        assertFalse(last.get("pagination").get("hasMore").asBoolean());
        assertTrue(last.get("nextCursor").isNull());

        JsonNode past = api.get(ACME, "/v1/analytics/activity" + q + "&limit=" + limit + "&page=" + (lastPage + 1)).json();
        assertEquals(0, past.get("data").size());
        assertEquals(total, past.get("pagination").get("total").asLong());
        assertFalse(past.get("pagination").get("hasMore").asBoolean());

        JsonNode far = api.get(ACME, "/v1/analytics/activity" + q + "&limit=100&page=2147483647").json();
        assertEquals(0, far.get("data").size());

        JsonNode hundred = api.get(ACME, "/v1/analytics/activity" + query("startDate", "2025-10-01", "endDate", "2026-04-06") + "&limit=100").json();
        assertEquals(100, hundred.get("data").size());
        assertTrue(hundred.get("pagination").get("hasMore").asBoolean());
    }

    @Test
    void shouldWalkTheWholeFeedWithCursors() {
        List<FeedItem> expected = api.reference().activity(ACME, dayStart("2026-01-01", "UTC"), dayStart("2026-01-21", "UTC"), null, null);
        String q = query("startDate", "2026-01-01", "endDate", "2026-01-20", "limit", "30");
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int page = 0;
        do {
            JsonNode body = api.get(ACME, "/v1/analytics/activity" + q + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page++;
            assertEquals(page, body.get("pagination").get("page").asInt(), "a cursor knows which page it is");
            assertEquals(expected.size(), body.get("pagination").get("total").asLong());
            body.get("data").forEach(items::add);
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
            assertEquals(body.get("nextCursor"), body.get("pagination").get("nextCursor"));
        } while (cursor != null);
        assertSameFeed(expected, items);
    }

    @Test
    void shouldKeepACursorStableWhileNewEventsArrive() {
        String account = "cursor_co";
        String key = new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.VIEWER).secret();
        insertActivity(account, 0, 25);
        String q = query("startDate", "2026-04-01", "endDate", "2026-04-06", "limit", "10");
        JsonNode first = get(key, q).json();
        assertEquals(List.of("a24", "a23", "a22", "a21", "a20", "a19", "a18", "a17", "a16", "a15"), ids(first));

        insertActivity(account, 25, 5);
        JsonNode second = get(key, q + "&cursor=" + first.get("nextCursor").asText()).json();
        assertEquals(List.of("a14", "a13", "a12", "a11", "a10", "a09", "a08", "a07", "a06", "a05"), ids(second),
                "five newer events do not shift the next page");
        assertEquals(30, second.get("pagination").get("total").asLong());
        JsonNode byNumber = get(key, q + "&page=2").json();
        assertEquals("a19", ids(byNumber).get(0), "page numbers, by contrast, shift");

        JsonNode third = get(key, q + "&cursor=" + second.get("nextCursor").asText()).json();
        assertEquals(5, third.get("data").size());
        assertFalse(third.get("pagination").get("hasMore").asBoolean());
        assertNull(third.get("nextCursor").textValue());
    }

    @Test
    void shouldBreakTiesOnTheSameMillisecondById() {
        String account = "tie_co";
        String key = new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.VIEWER).secret();
        StringBuilder rows = new StringBuilder();
        for (String id : new String[] {"t_b", "t_a", "t_c"}) {
            rows.append(activityRow(account, id, ms("2026-04-02T10:00:00Z"))).append('\n');
        }
        api.clickHouse().client().insertJsonEachRow(Tables.ACTIVITY, rows.toString());
        JsonNode page1 = get(key, query("startDate", "2026-04-02", "endDate", "2026-04-02", "limit", "2")).json();
        assertEquals(List.of("t_c", "t_b"), ids(page1));
        JsonNode page2 = get(key, query("startDate", "2026-04-02", "endDate", "2026-04-02", "limit", "2", "cursor", page1.get("nextCursor").asText())).json();
        assertEquals(List.of("t_a"), ids(page2));
    }

    @Test
    void shouldShowNothingOfAnotherAccount() {
        JsonNode body = api.get(EMPTY, "/v1/analytics/activity" + query("startDate", "2025-10-01", "endDate", "2026-04-06", "limit", "100")).json();
        assertEquals(0, body.get("pagination").get("total").asLong());
        Set<String> acmeIds = api.reference().eventIds(ACME);
        String sharedLead = api.reference().busyLead(GLOBEX, 2);
        JsonNode globex = api.get(GLOBEX, "/v1/analytics/activity" + query("startDate", "2025-10-01", "endDate", "2026-04-06", "leadId", sharedLead, "limit", "100")).json();
        List<FeedItem> expected = api.reference().activity(GLOBEX, dayStart("2025-10-01", "UTC"), dayStart("2026-04-07", "UTC"), null, sharedLead);
        List<JsonNode> items = new ArrayList<>();
        globex.get("data").forEach(items::add);
        assertSameFeed(expected, items);
        assertTrue(items.stream().anyMatch(i -> acmeIds.contains(i.get("id").asText())), "ids collide across accounts on purpose");
    }

    @Test
    void shouldWriteOccurredAtWithMillisecondsAndZ() {
        JsonNode body = api.get(ACME, "/v1/analytics/activity" + query("startDate", "2026-03-01", "endDate", "2026-03-02")).json();
        assertTrue(body.get("data").size() > 0);
        for (JsonNode item : body.get("data")) {
            assertTrue(item.get("occurredAt").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), item.toString());
            assertTrue(item.get("metadata").isObject());
            assertNotNull(item.get("description").textValue());
        }
    }

    @Test
    void cursorsShouldRoundTrip() {
        ActivityCursor c = new ActivityCursor(1_775_000_000_123L, "evt_01HQ8AAA1BBB2CCC3DDD4EEE5F");
        assertEquals(c, ActivityCursor.decode(c.encode()));
    }

    private Answer get(String key, String q) {
        Answer a = api.send(api.baseUrl(), "Bearer " + key, "/v1/analytics/activity" + q);
        assertEquals(200, a.status(), a.text());
        return a;
    }

    /** Feed rows written the way the pipeline writes them, a minute apart from 2026-04-02T00:00Z, ids a00, a01... */
    private void insertActivity(String account, int from, int count) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            rows.append(activityRow(account, String.format("a%02d", i), ms("2026-04-02T00:00:00Z") + i * 60_000L)).append('\n');
        }
        api.clickHouse().client().insertJsonEachRow(Tables.ACTIVITY, rows.toString());
    }

    private static String activityRow(String account, String id, long occurredMs) {
        return JSON.createObjectNode().put("account_id", account).put("occurred_at", Instant.ofEpochMilli(occurredMs).toString().replace("T", " ").replace("Z", "").substring(0, 19))
                .put("occurred_ms", occurredMs).put("event_id", id).put("type", "intent.high_value").put("lead_id", "")
                .put("conversation_id", "c1").put("description", "High-value intent").put("metadata", "{\"intent\":\"demo_request\"}").toString();
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
