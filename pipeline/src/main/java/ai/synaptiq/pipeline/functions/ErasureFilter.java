package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.PipelineConfig;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the job forget erased leads. The API's {@code DELETE /v1/leads/{id}} writes a tombstone into
 * synaptiq.lead_erasures naming the lead, its conversations and its visitors; each subtask loads
 * them when it opens (so a restarted job knows every erasure before its first event) and reloads
 * them every {@code --erasure-refresh} on a background thread. Runs before the account keyBy:
 * <ul>
 *   <li>an event whose own lead, conversation or visitor is erased is dropped, without a dead
 *   letter (a dead letter keeps the raw record) and before any state or row is made from it, so a
 *   late or replayed event cannot bring the lead back;</li>
 *   <li>every tombstone the subtask has not announced yet goes on as a {@link #FORGET_LEAD} marker
 *   (after each start too, for state restored from a checkpoint older than the erasure):
 *   {@link AccountProcessor} then clears the lead's state, keeps only that it was erased, and drops
 *   later events linked to it only through their conversation.</li>
 * </ul>
 */
public class ErasureFilter extends ProcessFunction<Event, Event> {
    /** Type of the marker telling the account processor to forget {@code (accountId, leadId)}; never written anywhere. */
    public static final String FORGET_LEAD = "synaptiq.forget_lead";
    private static final Logger LOG = LoggerFactory.getLogger(ErasureFilter.class);
    private static final String SEP = "\u0001";

    /** The erased ids of one load, each as {@code accountId SEP id}. */
    private record Tombstones(Set<String> leads, Set<String> conversations, Set<String> visitors) {
        static final Tombstones NONE = new Tombstones(Set.of(), Set.of(), Set.of());
    }

    private final String clickHouseUrl;
    private final String clickHouseUser;
    private final String clickHousePassword;
    private final long refreshMs;
    private transient volatile Tombstones current;
    private transient ScheduledExecutorService refresher;
    /** The load whose leads this subtask has announced, and the leads announced so far. */
    private transient Tombstones announcedFrom;
    private transient Set<String> announced;
    private transient Counter dropped;

    public ErasureFilter(PipelineConfig config) {
        this.clickHouseUrl = config.clickhouse();
        this.clickHouseUser = config.clickhouseUser();
        this.clickHousePassword = config.clickhousePassword();
        this.refreshMs = config.erasureRefresh().toMillis();
    }

    public static boolean isForgetMarker(Event e) {
        return FORGET_LEAD.equals(e.type);
    }

    @Override
    public void open(OpenContext ctx) {
        ClickHouseClient clickHouse = new ClickHouseClient(clickHouseUrl, clickHouseUser, clickHousePassword, Duration.ofSeconds(30));
        // A failure here fails the task, which restarts: the job must not run without knowing the erasures.
        current = load(clickHouse);
        announcedFrom = Tombstones.NONE;
        announced = new HashSet<>();
        dropped = getRuntimeContext().getMetricGroup().counter("erasedEventsDropped");
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "erasure-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                current = load(clickHouse);
            } catch (RuntimeException e) {
                LOG.warn("could not reload {} (keeping the {} erased leads known): {}", Tables.LEAD_ERASURES, current.leads().size(), e.toString());
            }
        }, refreshMs, refreshMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) {
        Tombstones t = current;
        if (t != announcedFrom) {
            for (String lead : t.leads()) {
                if (announced.add(lead)) {
                    int at = lead.indexOf(SEP);
                    out.collect(forgetMarker(lead.substring(0, at), lead.substring(at + 1)));
                }
            }
            announcedFrom = t;
        }
        if (erased(t.leads(), e.accountId, e.leadId) || erased(t.conversations(), e.accountId, e.conversationId)
                || erased(t.visitors(), e.accountId, e.visitorId)) {
            dropped.inc();
            return;
        }
        out.collect(e);
    }

    /** The marker the account processor forgets a lead on: routed by account like the lead's events, nothing else set. */
    static Event forgetMarker(String accountId, String leadId) {
        Event m = new Event();
        m.type = FORGET_LEAD;
        m.eventId = "forget";
        m.accountId = accountId;
        m.leadId = leadId;
        return m;
    }

    private static boolean erased(Set<String> ids, String accountId, String id) {
        return id != null && !ids.isEmpty() && ids.contains(accountId + SEP + id);
    }

    private static Tombstones load(ClickHouseClient clickHouse) {
        Set<String> leads = new HashSet<>();
        Set<String> conversations = new HashSet<>();
        Set<String> visitors = new HashSet<>();
        for (JsonNode row : clickHouse.queryRows("SELECT account_id, lead_id, visitor_ids, conversation_ids FROM " + Tables.LEAD_ERASURES + " FINAL")) {
            String account = row.path("account_id").asText();
            leads.add(account + SEP + row.path("lead_id").asText());
            row.path("conversation_ids").forEach(c -> conversations.add(account + SEP + c.asText()));
            row.path("visitor_ids").forEach(v -> visitors.add(account + SEP + v.asText()));
        }
        return new Tombstones(Set.copyOf(leads), Set.copyOf(conversations), Set.copyOf(visitors));
    }
}
