package ai.synaptiq.api.analytics;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage counts of an account's funnel from synaptiq.events: distinct entities whose stage event
 * falls in the period, filtered by channel and source with the query-time resolution rules of
 * docs/architecture.md, so the answer is exact whatever order the events arrived in. Duplicate rows
 * cannot change distinct counts, so no FINAL is needed.
 *
 * <p>Ids are compared as 64-bit hashes ({@link #key}), in the distinct counts and in the lookups that
 * resolve a channel or source: hashing and comparing a number costs a third of a string, which is
 * most of a year's funnel with a channel filter. Two ids of one account would have to share a hash to
 * change a count; docs/metrics.md ("Funnel") gives the odds.
 */
public final class FunnelService {
    private static final String CONVERSATION_STARTED = Sql.quote(EventType.CONVERSATION_STARTED.wireName());
    private static final String SESSION_STARTED = Sql.quote(EventType.VISITOR_SESSION_STARTED.wireName());
    private static final String LEAD_CREATED = Sql.quote(EventType.LEAD_CREATED.wireName());

    private final ClickHouseClient clickHouse;

    public FunnelService(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    public FunnelReport funnel(String accountId, FunnelQuery query) {
        return FunnelReport.of(query.period(), StageCounts.of(clickHouse.queryRows(sql(accountId, query)).get(0)));
    }

    /** The one statement a funnel runs: a distinct count per stage. */
    public String sql(String accountId, FunnelQuery query) {
        return "SELECT " + stageCounts() + from(accountId, query);
    }

    /**
     * The stage counts of each bucket of the period, keyed by the bucket's first day (buckets of
     * {@link Granularity#buckets}; one without events is absent): what the analytics report's rows
     * count. An entity is counted in each bucket where it has the stage's event.
     */
    public Map<LocalDate, StageCounts> stageCountsByBucket(String accountId, FunnelQuery query, Granularity granularity) {
        Map<LocalDate, StageCounts> byBucket = new HashMap<>();
        String bucket = granularity.bucketStartSql("occurred_at", query.zone(), query.period().startDate());
        for (JsonNode row : clickHouse.queryRows("SELECT toString(" + bucket + ") AS bucket, " + stageCounts() + from(accountId, query)
                + " GROUP BY bucket")) {
            byBucket.put(LocalDate.parse(row.get("bucket").asText()), StageCounts.of(row));
        }
        return byBucket;
    }

    /** A distinct count per stage, {@code stage0} to {@code stage5}. */
    private static String stageCounts() {
        FunnelStage[] stages = FunnelStage.values();
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            counts.add("uniqExactIf(" + key(stages[i].entityColumn()) + ", type = " + typeOf(stages[i]) + ") AS stage" + i);
        }
        return String.join(", ", counts);
    }

    /** The stage events of the query's period and segment. */
    private static String from(String accountId, FunnelQuery query) {
        return " FROM " + Tables.EVENTS + " WHERE account_id = " + Sql.quote(accountId)
                + " AND type IN (" + Sql.quoteEach(Arrays.stream(FunnelStage.values()).map(s -> s.event().wireName()).toList()) + ")"
                + " AND " + query.period().in(query.zone()).millisCondition("occurred_at", "occurred_ms")
                + segment(accountId, query);
    }

    /** SQL selecting the {@code lead_id} of every lead whose lead.created is in the query's segment (any date). */
    public String leadsInSegmentSql(String accountId, FunnelQuery query) {
        return "SELECT lead_id FROM " + Tables.EVENTS + " WHERE account_id = " + Sql.quote(accountId) + " AND type = " + LEAD_CREATED
                + segment(accountId, query);
    }

    /**
     * The query's channel and source as conditions on rows of synaptiq.events (each starting with
     * {@code AND}; empty without them): the funnel's segment rules, which the analytics report
     * applies to its other figures too.
     */
    static String segment(String accountId, FunnelQuery query) {
        String account = Sql.quote(accountId);
        StringBuilder sql = new StringBuilder();
        query.channel().ifPresent(c -> sql.append(" AND (").append(channelIs(account, Sql.quote(c))).append(")"));
        query.source().ifPresent(s -> sql.append(" AND ").append(sourceIs(account, Sql.quote(s))));
        return sql.toString();
    }

    /**
     * An event's channel: its own (or enriched) channel; else that of its conversation's
     * conversation.started; else that of its visitor's visitor.session_started; else, for events
     * counting leads, that of its lead's lead.created, resolved the same way (over the
     * lead.created rows of synaptiq.funnel_channels, which carry their conversation and visitor).
     */
    private static String channelIs(String account, String channel) {
        String leadStages = Sql.quoteEach(Arrays.stream(FunnelStage.values()).filter(FunnelStage::countsLeads)
                .map(s -> s.event().wireName()).toList());
        String leadsOfChannel = "SELECT lead_h FROM " + Tables.FUNNEL_CHANNELS + " WHERE account_id = " + account
                + " AND type = " + LEAD_CREATED + " AND (" + resolvedChannelIs(account, channel, "conversation_h", "visitor_h", "0") + ")";
        return resolvedChannelIs(account, channel, key("conversation_id"), key("visitor_id"),
                "type IN (" + leadStages + ") AND " + key("lead_id") + " IN (" + leadsOfChannel + ")");
    }

    /**
     * The resolution chain as conditions on a row. "Its conversation's conversation.started carries
     * no channel" is asked as "carries none other than this one": the row already passed when one
     * carries this channel, so both mean the same, and the lookup sets hold each conversation or
     * visitor once instead of twice (the channel's and every channel's).
     */
    private static String resolvedChannelIs(String account, String channel, String conversation, String visitor, String otherwise) {
        return "channel = " + channel + " OR (channel = '' AND ("
                + conversation + " IN (" + carrying(account, CONVERSATION_STARTED, "conversation_h", "= " + channel) + ")"
                + " OR (" + conversation + " NOT IN (" + carrying(account, CONVERSATION_STARTED, "conversation_h", "!= " + channel) + ") AND ("
                + visitor + " IN (" + carrying(account, SESSION_STARTED, "visitor_h", "= " + channel) + ")"
                + " OR (" + visitor + " NOT IN (" + carrying(account, SESSION_STARTED, "visitor_h", "!= " + channel) + ") AND (" + otherwise + "))))))";
    }

    /**
     * Entities whose event of the type carries a channel that meets the condition ({@code = 'x'} or
     * {@code != 'x'}), from synaptiq.funnel_channels: those events' ids as hashes, written with every
     * insert into synaptiq.events (migration 008), so the set is built from a narrow sorted table
     * instead of hashing ids over the account's raw events. A conversation has one
     * conversation.started (copies share its channel); a plain filter is ten times cheaper than
     * picking the first of several per entity with a GROUP BY.
     */
    private static String carrying(String account, String type, String hashColumn, String channelCondition) {
        return "SELECT " + hashColumn + " FROM " + Tables.FUNNEL_CHANNELS + " WHERE account_id = " + account + " AND type = " + type
                + " AND channel " + channelCondition;
    }

    /**
     * A lead has the source of its lead.created; a visitor or conversation has source S when any of
     * its events carries (own or enriched) the id of a lead of source S.
     */
    private static String sourceIs(String account, String source) {
        String leadsOfSource = "SELECT " + key("lead_id") + " FROM " + Tables.EVENTS + " WHERE account_id = " + account
                + " AND type = " + LEAD_CREATED + " AND source = " + source;
        String linked = " FROM " + Tables.EVENTS + " WHERE account_id = " + account + " AND " + key("lead_id") + " IN (" + leadsOfSource + ")";
        return "multiIf(type = " + SESSION_STARTED + ", " + key("visitor_id") + " IN (SELECT " + key("visitor_id") + linked + " AND visitor_id != ''),"
                + " type = " + CONVERSATION_STARTED + ", " + key("conversation_id") + " IN (SELECT " + key("conversation_id") + linked
                + " AND conversation_id != ''), " + key("lead_id") + " IN (" + leadsOfSource + "))";
    }

    /** An id column as the 64-bit hash the funnel counts and looks up. */
    private static String key(String idColumn) {
        return "cityHash64(" + idColumn + ")";
    }

    private static String typeOf(FunnelStage stage) {
        return Sql.quote(stage.event().wireName());
    }
}
