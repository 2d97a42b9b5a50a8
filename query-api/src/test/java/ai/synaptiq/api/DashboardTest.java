package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.GLOBEX;
import static ai.synaptiq.api.testing.ApiFixture.LEAP;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import ai.synaptiq.api.testing.Browser;
import ai.synaptiq.api.testing.RawEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against a real API server and the fixture's ClickHouse
 * data: what the page shows must be what the API answers. Each view leaves a screenshot in
 * target/dashboard-screenshots/.
 */
class DashboardTest {
    private static final Duration LOAD = Duration.ofSeconds(30);
    /** The March view the figures are checked on: weekly buckets, compared with the previous period. */
    private static final String MARCH = query("startDate", "2026-03-01", "endDate", "2026-03-31", "granularity", "week",
            "compareWith", "previous_period");
    /** Each summary figure and how the page formats it. */
    private static final Map<String, String> KINDS = Map.of("totalConversations", "count", "totalLeads", "count",
            "qualifiedLeads", "count", "conversionRate", "percent", "avgLeadScore", "decimal", "avgResponseTime", "seconds",
            "avgMessagesPerConversation", "decimal", "handoffRate", "percent", "totalRevenuePipeline", "usd");

    private static ApiFixture api;
    private static ApiServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        api = ApiFixture.shared();
        server = ApiServer.start(api.config(), Clock.fixed(ApiFixture.NOW, ZoneOffset.UTC));
        browser = Browser.start(1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void desktopWidth() {
        browser.resize(1280, 900);
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static Answer get(String key, String pathAndQuery) {
        Answer a = api.send(base(), "Bearer " + key, pathAndQuery);
        assertEquals(200, a.status(), a.text());
        return a;
    }

    /** Opens the page with a view in its address, pastes the key by keyboard, and waits for the first figures. */
    private static void openDashboard(String key, String view) {
        forgetKey(base());
        browser.open(base() + "/dashboard" + view);
        WebElement field = browser.waitFor("the key form", LOAD, d -> {
            WebElement input = d.findElement(By.id("api-key"));
            return input.isDisplayed() && input.equals(d.switchTo().activeElement()) ? input : null;
        });
        field.sendKeys(key, Keys.ENTER);
        browser.waitFor("the first answers on the page", LOAD,
                d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        assertFalse(browser.driver().getCurrentUrl().contains(key), "the key never goes into the address");
    }

    /** Clears the tab's session storage on a file of the origin that runs no script, and the console's past. */
    private static void forgetKey(String origin) {
        browser.open(origin + "/dashboard/favicon.svg");
        browser.js("sessionStorage.clear()");
        browser.consoleErrors();
    }

    private static WebElement card(String metric) {
        return browser.driver().findElement(By.cssSelector("#summary [data-metric='" + metric + "']"));
    }

    private static String shownValue(String metric) {
        return card(metric).findElement(By.cssSelector("data.figure")).getAttribute("value");
    }

    @Test
    void shouldServeThePageAndItsFilesFromTheJarUnderAStrictPolicy() {
        Answer page = api.send(base(), null, "/dashboard");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.startsWith("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"), policy);
        assertFalse(policy.contains("unsafe") || policy.contains("http"), "this server only: " + policy);
        assertFalse(page.text().matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
        for (String asset : new String[] {"dashboard.js", "dashboard.css", "uPlot.iife.min.js", "uPlot.min.css", "favicon.svg"}) {
            Answer file = api.send(base(), null, "/dashboard/" + asset);
            assertEquals(200, file.status(), asset);
            assertTrue(file.body().length > 200, asset);
            assertEquals(policy, file.header("Content-Security-Policy"), asset);
            assertEquals(304, api.send(base(), null, "/dashboard/" + asset, "If-None-Match", file.header("ETag")).status(), asset);
        }
        Answer missing = api.send(base(), null, "/dashboard/openapi.json");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().get("error").asText());
    }

    @Test
    void shouldShowTheFiguresTheFunnelAndTheFeedAsTheApiAnswersThem() {
        String key = api.key(ACME);
        openDashboard(key, MARCH);
        JsonNode overview = get(key, "/v1/analytics/overview" + MARCH + "&timezone=UTC").json();
        browser.waitFor("the March figures", LOAD, d -> overview.get("summary").get("totalConversations").asText().equals(shownValue("totalConversations")));

        JsonNode summary = overview.get("summary");
        JsonNode comparison = overview.get("comparison");
        for (Map.Entry<String, String> metric : KINDS.entrySet()) {
            String name = metric.getKey();
            WebElement figure = card(name).findElement(By.cssSelector("data.figure"));
            assertSameNumber(summary.get(name), figure.getAttribute("value"), name);
            assertEquals(expectedText(metric.getValue(), summary.get(name)), figure.getText(), name + " as people read it");
            WebElement change = card(name).findElement(By.cssSelector(".change"));
            assertTrue(change.getText().endsWith("vs previous period"), change.getText());
            if (!comparison.get(name).get("change").isNull()) {
                assertSameNumber(comparison.get(name).get("change"), change.findElement(By.tagName("data")).getAttribute("value"), name + " change");
            }
        }
        assertEquals("2026-03-01 to 2026-03-31 (UTC)", browser.driver().findElement(By.id("period-label")).getText());

        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#series-table tbody tr"));
        JsonNode series = overview.get("timeSeries");
        assertEquals(series.size(), rows.size(), "one table row per bucket");
        for (int i = 0; i < series.size(); i++) {
            assertEquals(series.get(i).get("period").asText(), rows.get(i).getAttribute("data-period"));
            for (String field : new String[] {"conversations", "leads", "qualifiedLeads", "conversionRate"}) {
                assertSameNumber(series.get(i).get(field),
                        rows.get(i).findElement(By.cssSelector("td[data-field='" + field + "'] data")).getAttribute("value"), field);
            }
        }
        assertNotNull(browser.driver().findElement(By.cssSelector("#chart canvas")), "uPlot drew the chart");
        String chartLabel = browser.driver().findElement(By.id("chart")).getAttribute("aria-label");
        assertTrue(chartLabel.contains("(count)") && chartLabel.contains("(%)"), "the chart says its units: " + chartLabel);

        assertFunnel(key, query("startDate", "2026-03-01", "endDate", "2026-03-31", "timezone", "UTC"));

        JsonNode feed = get(key, "/v1/analytics/activity" + query("startDate", "2026-03-01", "endDate", "2026-03-31",
                "timezone", "UTC", "limit", "20")).json();
        assertEquals(ids(feed), shownFeedIds(), "the feed's first page, newest first");
        List<String> descriptions = new ArrayList<>();
        feed.get("data").forEach(item -> descriptions.add(item.get("description").asText()));
        assertEquals(descriptions, browser.driver().findElements(By.cssSelector("#feed li .desc")).stream().map(WebElement::getText).toList());

        assertTrue(browser.driver().findElement(By.id("freshness")).getText().startsWith("Complete until "),
                browser.driver().findElement(By.id("freshness")).getText());
        assertTrue(browser.driver().findElement(By.id("exports")).isDisplayed(), "an admin sees the export buttons");
        assertEquals(List.of(), browser.consoleErrors(), "nothing blocked by the Content-Security-Policy, no script error, no failed request");
        browser.screenshot("desktop-1280");
    }

    @Test
    void shouldFilterTheFunnelAndTheFeedAndKeepTheViewInTheAddress() {
        String key = api.key(ACME);
        openDashboard(key, MARCH);
        new Select(browser.driver().findElement(By.id("channel"))).selectByValue("whatsapp");
        new Select(browser.driver().findElement(By.id("source"))).selectByValue("chat");
        String funnelQuery = query("startDate", "2026-03-01", "endDate", "2026-03-31", "channel", "whatsapp", "source", "chat", "timezone", "UTC");
        JsonNode filtered = get(key, "/v1/analytics/funnel" + funnelQuery).json();
        List<String> counts = new ArrayList<>();
        filtered.get("stages").forEach(stage -> counts.add(stage.get("count").asText()));
        browser.waitFor("the filtered funnel", LOAD, d -> counts.equals(d.findElements(By.cssSelector("#funnel li[data-stage] data.count"))
                .stream().map(c -> c.getAttribute("value")).toList()));
        assertFunnel(key, funnelQuery);

        for (WebElement box : browser.driver().findElements(By.cssSelector("#types input"))) {
            if (!box.getAttribute("value").equals("lead.qualified") && !box.getAttribute("value").equals("intent.high_value")) {
                box.click();
            }
        }
        JsonNode feed = get(key, "/v1/analytics/activity" + query("startDate", "2026-03-01", "endDate", "2026-03-31",
                "type", "lead.qualified,intent.high_value", "timezone", "UTC", "limit", "20")).json();
        browser.waitFor("the feed of two types", LOAD, d -> ids(feed).equals(shownFeedIds()));
        List<String> firstPage = shownFeedIds();
        browser.driver().findElement(By.id("more")).click();
        JsonNode older = get(key, "/v1/analytics/activity" + query("startDate", "2026-03-01", "endDate", "2026-03-31",
                "type", "lead.qualified,intent.high_value", "timezone", "UTC", "limit", "20", "cursor", feed.get("nextCursor").asText())).json();
        List<String> both = new ArrayList<>(firstPage);
        both.addAll(ids(older));
        browser.waitFor("the second page below the first", LOAD, d -> both.equals(shownFeedIds()));

        String url = browser.driver().getCurrentUrl();
        assertTrue(url.contains("channel=whatsapp") && url.contains("source=chat") && url.contains("types=lead.qualified%2Cintent.high_value"), url);
        browser.open(url);
        browser.waitFor("the bookmarked view", LOAD, d -> ids(feed).equals(shownFeedIds()));
        assertEquals("whatsapp", new Select(browser.driver().findElement(By.id("channel"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("week", new Select(browser.driver().findElement(By.id("granularity"))).getFirstSelectedOption().getAttribute("value"));
        browser.screenshot("desktop-filtered");
    }

    @Test
    void shouldShowANewEventWithinThePollInterval() throws Exception {
        String account = "dash_live";
        String key = new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.ADMIN).secret();
        api.pushThroughPipeline(visitWithLead(account, "live1", "2026-04-06T09:00:00Z"));
        openDashboard(key, query("refresh", "1"));
        browser.waitFor("the first lead", LOAD, d -> shownFeedIds().contains("live1_l") && "1".equals(shownValue("totalLeads")));

        api.pushThroughPipeline(visitWithLead(account, "live2", "2026-04-06T11:30:00Z"));
        browser.waitFor("the new lead, without a reload", LOAD, d -> shownFeedIds().contains("live2_l") && "2".equals(shownValue("totalLeads")));
        WebElement newest = browser.driver().findElement(By.cssSelector("#feed li"));
        assertEquals("live2_l", newest.getAttribute("data-id"), "the new item is on top");
        assertTrue(newest.getAttribute("class").contains("new"), "and marked as new");
        assertTrue(shownFeedIds().contains("live1_l"), "the older items stay");
        browser.screenshot("desktop-new-event");
    }

    @Test
    void shouldPollWithTheLastETagAndPauseWhileTheTabIsHidden() {
        long unchangedBefore = overviewRequests("304");
        openDashboard(api.key(ACME), MARCH + "&refresh=1");
        browser.waitFor("polls answered 304 Not Modified", LOAD, d -> overviewRequests("304") >= unchangedBefore + 2);

        browser.js(visibility("hidden"));
        assertEquals("paused", browser.driver().findElement(By.tagName("body")).getAttribute("data-polling"), "no poll is scheduled");
        long asked = overviewRequests(null);
        browser.js(visibility("visible"));
        browser.waitFor("a poll as soon as the tab shows again", LOAD, d -> overviewRequests(null) > asked);
        browser.waitFor("polling again", LOAD, d -> "scheduled".equals(d.findElement(By.tagName("body")).getAttribute("data-polling")));
    }

    /** What the browser does when the tab is hidden or shown, as the page sees it. */
    private static String visibility(String state) {
        return "Object.defineProperty(document, 'hidden', {value: " + state.equals("hidden") + ", configurable: true});"
                + "Object.defineProperty(document, 'visibilityState', {value: '" + state + "', configurable: true});"
                + "document.dispatchEvent(new Event('visibilitychange'));";
    }

    /** GET /v1/analytics/overview requests this test's server has answered (with the status, or all). */
    private static long overviewRequests(String status) {
        long n = 0;
        for (String line : api.send(base(), null, "/metrics").text().split("\n")) {
            if (line.startsWith("synaptiq_api_requests_total{") && line.contains("\"/v1/analytics/overview\"")
                    && (status == null || line.contains("status=\"" + status + "\""))) {
                n += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    @Test
    void shouldKeepTheReadersPlaceWhenMoreThanAPageOfEventsArrives() throws Exception {
        String account = "dash_busy";
        String key = new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.VIEWER).secret();
        api.pushThroughPipeline(visits(account, "early", 12, "2026-04-06T08:00:00Z"));
        openDashboard(key, query("refresh", "1"));
        browser.waitFor("the first page", LOAD, d -> shownFeedIds().size() == 20);
        browser.driver().findElement(By.id("more")).click();
        browser.waitFor("both pages", LOAD, d -> shownFeedIds().size() == 24);
        List<String> read = shownFeedIds();

        api.pushThroughPipeline(visits(account, "late", 12, "2026-04-06T11:00:00Z"));
        WebElement newest = browser.waitFor("the button to the newest events", LOAD, d -> {
            WebElement button = d.findElement(By.id("newest"));
            return button.isDisplayed() ? button : null;
        });
        assertEquals(read, shownFeedIds(), "24 new events, more than a page, do not pull the list away from the reader");
        newest.click();
        JsonNode first = get(key, "/v1/analytics/activity" + query("timezone", "UTC", "limit", "20")).json();
        browser.waitFor("the newest page", LOAD, d -> ids(first).equals(shownFeedIds()));
        assertTrue(shownFeedIds().get(0).startsWith("late"), shownFeedIds().toString());
    }

    @Test
    void shouldBeUsableWithTheKeyboard() {
        String key = api.key(ACME);
        openDashboard(key, MARCH);
        assertEquals(List.of(), browser.js("return [...document.querySelectorAll('input, select')]"
                + ".filter(e => e.labels.length === 0 || !e.labels[0].textContent.trim()).map(e => e.id)"), "every field has a label");
        assertEquals(List.of(), browser.js("return [...document.querySelectorAll('button')].filter(b => !b.textContent.trim()).map(b => b.id)"),
                "every button says what it does");

        browser.driver().findElement(By.id("granularity")).sendKeys("Month");
        JsonNode monthly = get(key, "/v1/analytics/overview" + query("startDate", "2026-03-01", "endDate", "2026-03-31",
                "granularity", "month", "compareWith", "previous_period", "timezone", "UTC")).json();
        String period = monthly.get("timeSeries").get(0).get("period").asText();
        browser.waitFor("the monthly series", LOAD, d -> d.findElement(By.id("trend-label")).getText().equals("by month")
                && d.findElements(By.cssSelector("#series-table tbody tr")).size() == 1
                && period.equals(d.findElement(By.cssSelector("#series-table tbody tr")).getAttribute("data-period")));
        assertTrue(browser.driver().getCurrentUrl().contains("granularity=month"));

        int shown = shownFeedIds().size();
        browser.driver().findElement(By.id("more")).sendKeys(Keys.ENTER);
        browser.waitFor("the older page, asked for with Enter", LOAD, d -> shownFeedIds().size() > shown);
    }

    @Test
    void shouldShowNoExportButtonsToAViewer() {
        openDashboard(api.key(LEAP), query("startDate", "2024-02-20", "endDate", "2024-03-06"));
        browser.waitFor("the role probe", LOAD, d -> d.findElement(By.tagName("body")).getAttribute("data-exports") != null);
        assertEquals("refused", browser.driver().findElement(By.tagName("body")).getAttribute("data-exports"));
        assertFalse(browser.driver().findElement(By.id("exports")).isDisplayed());
        assertEquals(0, browser.driver().findElements(By.cssSelector("[data-export]")).stream().filter(WebElement::isDisplayed).count());
        browser.screenshot("desktop-viewer");
    }

    @Test
    void shouldDownloadEachExportWithTheKeyInAHeader() throws Exception {
        openDashboard(api.key(ACME), MARCH);
        browser.waitFor("the role probe", LOAD, d -> "allowed".equals(d.findElement(By.tagName("body")).getAttribute("data-exports")));
        String[][] exports = {{"leads", "csv", "\"email\""}, {"leads", "json", "\"email\""}, {"conversations", "json", "\"conversation_id\""},
            {"conversations", "txt", "--- Conversation "}, {"analytics", "csv", "\"date\""}, {"analytics", "pdf", "%PDF-"}};
        for (String[] export : exports) {
            WebElement button = browser.driver().findElement(By.cssSelector("[data-export='" + export[0] + "'][data-format='" + export[1] + "']"));
            button.click();
            String status = browser.waitFor("the saved " + button.getText(), LOAD, d -> {
                String text = d.findElement(By.id("export-status")).getText();
                return text.startsWith("Saved synaptiq-" + export[0]) && text.contains("." + export[1] + " (") ? text : null;
            });
            assertTrue(status.matches("Saved synaptiq-" + export[0] + "-.*\\." + export[1] + " \\([\\d,]+ bytes\\)\\."), status);
            String name = status.substring("Saved ".length(), status.indexOf(" ("));
            browser.waitFor("the file " + name + " in the download folder", LOAD, d -> Files.exists(browser.downloads().resolve(name)));
            String start = new String(Files.readAllBytes(browser.downloads().resolve(name)), StandardCharsets.ISO_8859_1);
            assertTrue(start.contains(export[2]), name + " holds " + export[2]);
        }
    }

    @Test
    void shouldShowTheApisMessageWhenItRefusesTheView() {
        openDashboard(api.key(ACME), query("startDate", "2024-01-01", "endDate", "2026-03-31"));
        Answer refused = api.send(base(), "Bearer " + api.key(ACME), "/v1/analytics/overview"
                + query("startDate", "2024-01-01", "endDate", "2026-03-31", "granularity", "day", "timezone", "UTC"));
        assertEquals(422, refused.status());
        String message = refused.json().get("message").asText();
        browser.waitFor("the API's message", LOAD, d -> d.findElement(By.id("error")).getText().contains(message));
    }

    @Test
    void shouldWaitAsRetryAfterSaysWhenRateLimited() {
        ApiServer limited = ApiServer.start(api.config("--rate-limit", "2/min"), Clock.fixed(ApiFixture.NOW, ZoneOffset.UTC));
        try {
            forgetKey("http://127.0.0.1:" + limited.port());
            browser.open("http://127.0.0.1:" + limited.port() + "/dashboard" + query("refresh", "1"));
            browser.waitFor("the key form", LOAD, d -> d.findElement(By.id("api-key")).isDisplayed());
            browser.driver().findElement(By.id("api-key")).sendKeys(api.key(GLOBEX), Keys.ENTER);
            String notice = browser.waitFor("the back-off notice", LOAD, d -> {
                String text = d.findElement(By.id("notice")).getText();
                return text.startsWith("The API asked to slow down") ? text : null;
            });
            Matcher wait = Pattern.compile("trying again in (\\d+) s").matcher(notice);
            assertTrue(wait.find(), notice);
            assertTrue(Integer.parseInt(wait.group(1)) > 1, "waits as Retry-After says, not the 1 s poll interval: " + notice);
            String error = browser.driver().findElement(By.id("error")).getText();
            assertTrue(error.contains("per API key reached") && error.endsWith("(rate_limited)"), "the API's message: " + error);
        } finally {
            limited.close();
        }
    }

    @Test
    void shouldFitAPhoneScreenWithoutSidewaysScrolling() {
        browser.resize(390, 844);
        openDashboard(api.key(ACME), MARCH);
        assertEquals(390L, browser.js("return window.innerWidth"), "the viewport is a phone's");
        browser.waitFor("the chart", LOAD, d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
        browser.driver().findElement(By.cssSelector("details summary")).click();
        long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
        long clientWidth = (Long) browser.js("return document.documentElement.clientWidth");
        assertTrue(scrollWidth <= clientWidth, "no horizontal scroll: " + scrollWidth + " > " + clientWidth);
        browser.screenshot("phone-390");
    }

    private static void assertFunnel(String key, String funnelQuery) {
        JsonNode funnel = get(key, "/v1/analytics/funnel" + funnelQuery).json();
        List<WebElement> stages = browser.driver().findElements(By.cssSelector("#funnel li[data-stage]"));
        assertEquals(funnel.get("stages").size(), stages.size());
        String dropoffFrom = funnel.get("topDropoffStage").asText().split(" -> ")[0];
        for (int i = 0; i < stages.size(); i++) {
            JsonNode stage = funnel.get("stages").get(i);
            WebElement li = stages.get(i);
            assertEquals(stage.get("name").asText(), li.getAttribute("data-stage"));
            assertEquals(stage.get("count").asText(), li.findElement(By.cssSelector("data.count")).getAttribute("value"));
            assertEquals(String.format(Locale.US, "%,d", stage.get("count").asLong()), li.findElement(By.cssSelector("data.count")).getText());
            if (!stage.get("conversionToNext").isNull()) {
                assertSameNumber(stage.get("conversionToNext"), li.findElement(By.cssSelector("data.rate")).getAttribute("value"), "conversion");
            }
            assertEquals(stage.get("name").asText().equals(dropoffFrom), !li.findElements(By.cssSelector(".dropoff")).isEmpty(),
                    "the top drop-off is marked on " + dropoffFrom + " alone");
        }
    }

    private static List<String> shownFeedIds() {
        return browser.driver().findElements(By.cssSelector("#feed li[data-id]")).stream().map(li -> li.getAttribute("data-id")).toList();
    }

    private static List<String> ids(JsonNode activity) {
        List<String> ids = new ArrayList<>();
        activity.get("data").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static void assertSameNumber(JsonNode expected, String shown, String what) {
        if (expected.isNull()) {
            assertEquals("", shown, what);
        } else {
            assertEquals(0, expected.decimalValue().compareTo(new BigDecimal(shown)), what + ": API " + expected + ", page " + shown);
        }
    }

    /**
     * The text en-US readers should see. The page formats the JSON number as the browser holds it (a
     * double, rounded half away from zero as ECMA-402 says), so the exact double is rounded here too.
     */
    private static String expectedText(String kind, JsonNode value) {
        if (value.isNull()) {
            return "–";
        }
        BigDecimal exact = new BigDecimal(value.asDouble());
        DecimalFormatSymbols us = DecimalFormatSymbols.getInstance(Locale.US);
        DecimalFormat format = switch (kind) {
            case "count" -> new DecimalFormat("#,##0", us);
            case "percent" -> new DecimalFormat("#,##0.0#'%'", us);
            case "usd" -> new DecimalFormat("$#,##0", us);
            default -> new DecimalFormat("#,##0.0", us);
        };
        format.setRoundingMode(RoundingMode.HALF_UP);
        String text = format.format(kind.equals("percent") ? exact.movePointRight(2) : exact);
        return kind.equals("seconds") ? text + " s" : text;
    }

    /** {@code count} visits with a lead, a minute apart from {@code from}. */
    private static List<String> visits(String account, String prefix, int count, String from) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.addAll(visitWithLead(account, prefix + i, Instant.parse(from).plusSeconds(60L * i).toString()));
        }
        return lines;
    }

    /** A visitor who starts a conversation and becomes a lead, as a producer would send it. */
    private static List<String> visitWithLead(String account, String id, String at) {
        return List.of(
                RawEvent.of(account, id + "_s", "visitor.session_started", at).visitor(id + "_v").channel("web_chat").json(),
                RawEvent.of(account, id + "_c", "conversation.started", at).visitor(id + "_v").conversation(id + "_c").json(),
                RawEvent.of(account, id + "_m", "message.sent", at).visitor(id + "_v").conversation(id + "_c")
                        .data("sender", "ai").data("content", "Hello! How can I help?").data("responseTimeMs", 900).json(),
                RawEvent.of(account, id + "_l", "lead.created", at).lead(id + "_l").visitor(id + "_v").conversation(id + "_c")
                        .source("chat").data("score", 40).json());
    }
}
