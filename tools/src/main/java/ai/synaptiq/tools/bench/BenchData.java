package ai.synaptiq.tools.bench;

import ai.synaptiq.api.analytics.SqlLiteral;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Vocabulary;

/**
 * Loads a year of one account's traffic straight into synaptiq.events, synaptiq.activity,
 * synaptiq.overview_rollup and synaptiq.pipeline_progress, in the shape the pipeline writes them
 * (same columns, enrichment, feed rules and 15-minute rollup), generated inside ClickHouse with
 * {@code INSERT ... SELECT FROM numbers(N)}: ten million events load in about a minute instead
 * of the much longer trip through Kafka and Flink.
 *
 * <p>Every visitor journey is 20 events a few seconds apart: a session, a conversation with
 * messages (every second one from the AI, timed), and for 40% of journeys a lead that scores,
 * for 20% one that qualifies with a deal size, 10% book a demo and 5% convert; some conversations
 * are handed off, some leads show high-value intent, and the conversation ends. Lead follow-up
 * events carry only the lead id, so the funnel's channel filter resolves them through the lead's
 * creation, as with real traffic.
 */
final class BenchData {
    static final int EVENTS_PER_JOURNEY = 20;
    private static final String ACTIVITY_TYPES = Sql.quoteEach(Vocabulary.ACTIVITY_TYPES);

    private final ClickHouseClient clickHouse;
    private final String account;

    BenchData(ClickHouseClient clickHouse, String account) {
        this.clickHouse = clickHouse;
        this.account = account;
    }

    long eventCount() {
        return Long.parseLong(clickHouse.query("SELECT count() FROM " + Tables.EVENTS + " WHERE account_id = " + Sql.quote(account)
                + " FORMAT TabSeparated").trim());
    }

    /** Inserts {@code events} events spread evenly from {@code fromMs} to {@code untilMs}. */
    void load(long events, long fromMs, long untilMs) {
        long journeys = events / EVENTS_PER_JOURNEY;
        String a = Sql.quote(account);
        clickHouse.execute(eventsSql(a, journeys, fromMs, untilMs));
        clickHouse.execute(activitySql(a));
        clickHouse.execute(rollupSql(a));
        settle();
        clickHouse.execute("INSERT INTO " + Tables.PIPELINE_PROGRESS + " (subtask, watermark_ms, updated_ms) VALUES (0, "
                + SqlLiteral.uint64(untilMs - 1) + ", " + SqlLiteral.uint64(System.currentTimeMillis()) + ")");
    }

    /**
     * Merges the freshly inserted parts as a year of data at rest would be, and waits until no
     * background merge runs: minutes of merging right after a load would otherwise be measured.
     */
    void settle() {
        for (String table : new String[] {Tables.EVENTS, Tables.ACTIVITY, Tables.OVERVIEW_ROLLUP}) {
            clickHouse.execute("OPTIMIZE TABLE " + table + " FINAL");
        }
        for (int i = 0; i < 1200; i++) {
            String merging = clickHouse.query("SELECT count() FROM system.merges WHERE database = " + Sql.quote(Migrations.DATABASE)
                    + " FORMAT TabSeparated").trim();
            if (merging.equals("0")) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String eventsSql(String account, long journeys, long fromMs, long untilMs) {
        long span = untilMs - fromMs - EVENTS_PER_JOURNEY * 15_000L;
        // n: event number; j: journey; p: position in the journey (see the class comment).
        String positions = "SELECT number AS n, intDiv(number, 20) AS j, number % 20 AS p,"
                + " j % 10 < 4 AS is_lead, j % 10 < 2 AS qualified, j % 10 = 0 AS meeting, j % 20 = 0 AS converted,"
                + " j % 101 AS s0, (j * 37) % 101 AS s1, least(100, s1 + 10) AS s2,"
                + " multiIf(p = 0, 'visitor.session_started', p = 1, 'conversation.started', p = 19, 'conversation.ended',"
                + "   p = 12 AND is_lead, 'lead.created', p = 13 AND is_lead, 'lead.score_changed', p = 14 AND qualified, 'lead.qualified',"
                + "   p = 15 AND j % 7 = 0, 'conversation.handoff', p = 16 AND is_lead AND j % 5 = 0, 'intent.high_value',"
                + "   p = 17 AND meeting, 'meeting.booked', p = 18 AND converted, 'conversion.completed', 'message.sent') AS type,"
                + " type IN ('lead.score_changed', 'lead.qualified', 'meeting.booked', 'conversion.completed') AS lead_only,"
                + " if(p % 2 = 1, 'ai', 'visitor') AS who,"
                + " " + SqlLiteral.uint64(fromMs) + " + intDiv(j * " + SqlLiteral.uint64(span) + ", " + SqlLiteral.uint64(journeys) + ")"
                + " + p * 15000 + (n * 7919) % 1000 AS ms,"
                + " ['web_chat', 'api', 'whatsapp', 'slack'][j % 4 + 1] AS ch,"
                + " ['chat', 'form', 'api', 'import'][intDiv(j, 4) % 4 + 1] AS src,"
                + " 1000 + (j % 90) * 1000 AS deal"
                + " FROM numbers(" + journeys * EVENTS_PER_JOURNEY + ")";
        return "INSERT INTO " + Tables.EVENTS + " (account_id, event_id, type, occurred_at, occurred_ms, visitor_id, conversation_id, lead_id,"
                + " channel, source, sender, response_time_ms, engagement_score, score, estimated_deal_size, amount, description, data)"
                + " SELECT " + account + ", concat('e', toString(n)), type, toDateTime(intDiv(ms, 1000)), ms,"
                + " if(lead_only, '', concat('v', toString(j))),"
                + " if(p = 0 OR lead_only, '', concat('c', toString(j))),"
                + " if(is_lead AND p >= 12, concat('l', toString(j)), ''),"
                + " if(lead_only, '', ch),"
                + " if(type = 'lead.created', src, ''),"
                + " if(type = 'message.sent', who, ''),"
                + " if(type = 'message.sent' AND who = 'ai', toFloat64(300 + (n * 7919) % 2700), NULL),"
                + " if(type = 'conversation.ended', toFloat64(j % 101), NULL),"
                + " multiIf(type = 'lead.created', toFloat64(s0), type = 'lead.score_changed', toFloat64(s1),"
                + "   type = 'lead.qualified', toFloat64(s2), NULL),"
                + " if(type = 'lead.qualified', toFloat64(deal), NULL),"
                + " if(type = 'conversion.completed', toFloat64(5000), NULL),"
                + " '',"
                + " multiIf(type = 'visitor.session_started', '{\"pageUrl\":\"https://example.com/pricing\"}',"
                + "   type = 'message.sent', concat('{\"sender\":\"', who, '\",\"content\":\"hello\"',"
                + "     if(who = 'ai', concat(',\"responseTimeMs\":', toString(300 + (n * 7919) % 2700)), ''), '}'),"
                + "   type = 'lead.created', concat('{\"score\":', toString(s0), '}'),"
                + "   type = 'lead.score_changed', concat('{\"from\":', toString(s0), ',\"to\":', toString(s1), '}'),"
                + "   type = 'lead.qualified', concat('{\"previousStatus\":\"new\",\"newStatus\":\"qualified\",\"scoreChange\":{\"from\":',"
                + "     toString(s1), ',\"to\":', toString(s2), '},\"estimatedDealSize\":', toString(deal), '}'),"
                + "   type = 'conversation.handoff', '{\"reason\":\"pricing question\"}',"
                + "   type = 'intent.high_value', '{\"intent\":\"demo_request\",\"confidence\":0.9}',"
                + "   type = 'meeting.booked', '{\"provider\":\"calcom\"}',"
                + "   type = 'conversion.completed', '{\"amount\":5000}',"
                + "   type = 'conversation.ended', concat('{\"engagementScore\":', toString(j % 101), '}'), '{}')"
                + " FROM (" + positions + ")";
    }

    private static String activitySql(String account) {
        return "INSERT INTO " + Tables.ACTIVITY + " (account_id, occurred_at, occurred_ms, event_id, type, lead_id, conversation_id, description, metadata)"
                + " SELECT account_id, occurred_at, occurred_ms, event_id, type, lead_id, conversation_id,"
                + " multiIf(type = 'lead.created', concat('New lead captured from ', source, ' with score ', toString(assumeNotNull(score)), '.'),"
                + "   type = 'lead.qualified', 'Lead qualified.', type = 'lead.score_changed', 'Lead score changed.',"
                + "   type = 'conversation.started', concat('New conversation started on ', replaceAll(channel, '_', ' '), '.'),"
                + "   type = 'conversation.handoff', 'Conversation handed off to a human agent: pricing question.',"
                + "   type = 'conversion.completed', 'Lead converted (closed-won) for $5,000.',"
                + "   'High-value buying intent detected: demo request (confidence 90%).'),"
                + " if(type = 'lead.created', concat('{\"score\":', toString(assumeNotNull(score)), ',\"source\":\"', source, '\"}'), data)"
                + " FROM " + Tables.EVENTS + " WHERE account_id = " + account + " AND type IN (" + ACTIVITY_TYPES + ")"
                + " AND NOT (type = 'lead.score_changed' AND abs(visitParamExtractFloat(data, 'to') - visitParamExtractFloat(data, 'from')) < 10)";
    }

    /** The rollup as the pipeline sums it; a lead's score_sum is its current score (the qualification's, else the score change's). */
    private static String rollupSql(String account) {
        String currentScore = "if(toUInt64OrZero(substring(lead_id, 2)) % 10 < 2, least(100, (toUInt64OrZero(substring(lead_id, 2)) * 37) % 101 + 10),"
                + " (toUInt64OrZero(substring(lead_id, 2)) * 37) % 101)";
        return "INSERT INTO " + Tables.OVERVIEW_ROLLUP + " SELECT account_id, toStartOfFifteenMinutes(occurred_at) AS bucket_start,"
                + " countIf(type = 'conversation.started'), countIf(type = 'lead.created'), countIf(type = 'lead.qualified'),"
                + " countIf(type = 'message.sent'), countIf(type = 'message.sent' AND sender = 'ai' AND isNotNull(response_time_ms)),"
                + " sumIf(ifNull(response_time_ms, 0), type = 'message.sent' AND sender = 'ai'),"
                + " countIf(type = 'conversation.handoff'),"
                + " sumIf(toInt64(round(ifNull(estimated_deal_size, 0) * 100)), type = 'lead.qualified'),"
                + " sumIf(toFloat64(" + currentScore + "), type = 'lead.created'),"
                + " countIf(type = 'visitor.session_started'), countIf(type = 'meeting.booked'), countIf(type = 'conversion.completed'),"
                + " countIf(type = 'conversation.ended' AND isNotNull(engagement_score)), sumIf(ifNull(engagement_score, 0), type = 'conversation.ended'),"
                + " toUInt64(1)"
                + " FROM " + Tables.EVENTS + " WHERE account_id = " + account + " GROUP BY account_id, bucket_start";
    }
}
