package ai.synaptiq.pipeline.testing;

import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Sql;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * Compares every table the API and exports read with what the reference model computed from the
 * raw events alone. Returns a readable diff, empty when everything matches.
 */
public final class TableExpectations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableExpectations() {
    }

    /**
     * Waits (up to 180 s) until one account's tables equal the reference model's outcome, as they do
     * once a job caught up or recovered; ClickHouse being unreachable meanwhile counts as not yet.
     * Fails with the last diff, naming {@code where} to look (a log).
     */
    public static void awaitMatch(ClickHouseClient ch, ReferenceModel.Outcome expected, String account, String topic, String where)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        String diff = "not compared yet";
        while (System.currentTimeMillis() < deadline) {
            try {
                diff = diff(ch, expected, Set.of(account), topic);
            } catch (ClickHouseException e) {
                diff = e.getMessage();
            }
            if (diff.isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        }
        Assertions.assertEquals("", diff, where);
    }

    public static String diff(ClickHouseClient ch, ReferenceModel.Outcome expected, Set<String> accounts, String topic) {
        String in = accounts.stream().map(Sql::quote).sorted().collect(Collectors.joining(", "));
        StringBuilder d = new StringBuilder();
        compare(d, "events", ch, "SELECT account_id, event_id, type, occurred_ms, visitor_id, conversation_id, lead_id, channel, source"
                + " FROM synaptiq.events FINAL WHERE account_id IN (" + in + ")",
                expected.admitted().stream().filter(e -> accounts.contains(e.accountId())).map(e -> row(e.accountId(), e.eventId(), e.type(),
                        e.occurredMs(), e.visitorId(), e.conversationId(), e.leadId(), e.channel(), e.source())).toList());
        compare(d, "leads", ch, "SELECT account_id, lead_id, created, created_ms, last_activity_ms, email, name, phone, company, status,"
                + " toString(score), source, source_url, arrayStringConcat(tags, '|'), assigned_to, custom_properties, visitor_id,"
                + " conversation_id, version FROM synaptiq.leads FINAL WHERE account_id IN (" + in + ")",
                expected.leads().values().stream().filter(l -> accounts.contains(l.accountId())).map(l -> row(l.accountId(), l.leadId(),
                        l.created() ? 1 : 0, l.createdMs() == null ? 0 : l.createdMs(), l.lastActivityMs(), l.email(), l.name(), l.phone(),
                        l.company(), l.status(), num(l.score() == null ? 0 : l.score()), l.source(), l.sourceUrl(),
                        String.join("|", l.tags()), l.assignedTo(), customJson(l.customProperties()), l.visitorId(),
                        l.conversationId(), l.events())).toList());
        compare(d, "conversations", ch, "SELECT account_id, conversation_id, visitor_id, lead_id, channel, started_ms, ended_ms,"
                + " last_event_ms, message_count, handoff, qualification_triggered, meeting_booked,"
                + " ifNull(toString(engagement_score), 'null'), version FROM synaptiq.conversations FINAL WHERE account_id IN (" + in + ")",
                expected.conversations().values().stream().filter(c -> accounts.contains(c.accountId())).map(c -> row(c.accountId(),
                        c.conversationId(), c.visitorId(), c.leadId(), c.channel(), c.startedMs() == null ? 0 : c.startedMs(),
                        c.endedMs() == null ? 0 : c.endedMs(), c.lastEventMs(), c.messageCount(), c.handoff() ? 1 : 0,
                        c.qualificationTriggered() ? 1 : 0, c.meetingBooked() ? 1 : 0,
                        c.engagementScore() == null ? "null" : num(c.engagementScore()), c.events())).toList());
        compare(d, "activity", ch, "SELECT account_id, event_id, type, occurred_ms, lead_id, conversation_id, metadata"
                + " FROM synaptiq.activity FINAL WHERE account_id IN (" + in + ")",
                expected.activity().stream().filter(a -> accounts.contains(a.accountId())).map(a -> row(a.accountId(), a.id(), a.type(),
                        a.occurredMs(), a.leadId(), a.conversationId(), a.metadata().toString())).toList());
        compare(d, "overview_rollup", ch, "SELECT account_id, toUInt64(toUnixTimestamp(bucket_start)) * 1000, conversations, leads,"
                + " qualified, messages, ai_timed_messages, toString(response_ms_sum), handoffs, revenue_cents, toString(score_sum), sessions,"
                + " meetings, conversions, ended_scored, toString(engagement_sum) FROM synaptiq.overview_rollup FINAL"
                + " WHERE account_id IN (" + in + ") AND NOT (conversations = 0 AND leads = 0 AND qualified = 0 AND messages = 0"
                + " AND handoffs = 0 AND score_sum = 0 AND sessions = 0 AND meetings = 0 AND conversions = 0 AND ended_scored = 0)",
                expected.rollup().entrySet().stream().filter(e -> accounts.contains(e.getKey().accountId()))
                        .filter(e -> !isEmpty(e.getValue())).map(e -> {
                            ReferenceModel.Rollup r = e.getValue();
                            return row(e.getKey().accountId(), e.getKey().bucketStartMs(), r.conversations(), r.leads(), r.qualified(),
                                    r.messages(), r.aiTimedMessages(), num(r.responseMsSum()), r.handoffs(), r.revenueCents(),
                                    num(r.scoreSum()), r.sessions(), r.meetings(), r.conversions(), r.endedScored(), num(r.engagementSum()));
                        }).toList());
        compare(d, "dead_letters", ch, "SELECT kafka_offset, reason FROM synaptiq.dead_letters FINAL WHERE topic = " + Sql.quote(topic),
                expected.deadLetterReasons().entrySet().stream().map(e -> row(e.getKey(), e.getValue())).toList());
        return d.toString();
    }

    private static boolean isEmpty(ReferenceModel.Rollup r) {
        return r.conversations() == 0 && r.leads() == 0 && r.qualified() == 0 && r.messages() == 0 && r.handoffs() == 0
                && r.scoreSum() == 0 && r.sessions() == 0 && r.meetings() == 0 && r.conversions() == 0 && r.endedScored() == 0;
    }

    private static void compare(StringBuilder d, String table, ClickHouseClient ch, String sql, List<String> expectedRows) {
        List<String> actual = new ArrayList<>(Arrays.asList(ch.query(sql + " FORMAT TabSeparated").split("\n")));
        actual.removeIf(String::isEmpty);
        actual = actual.stream().map(TableExpectations::unescape).sorted().toList();
        List<String> expected = expectedRows.stream().sorted().toList();
        if (actual.equals(expected)) {
            return;
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        d.append(table).append(": expected ").append(expected.size()).append(" rows, found ").append(actual.size()).append('\n');
        missing.stream().limit(5).forEach(r -> d.append("  missing ").append(r).append('\n'));
        extra.stream().limit(5).forEach(r -> d.append("  unexpected ").append(r).append('\n'));
    }

    private static String row(Object... values) {
        return Arrays.stream(values).map(v -> v == null ? "" : v.toString()).collect(Collectors.joining("\t"));
    }

    /** Undoes TabSeparated escaping within a line (tabs between fields stay separators). */
    private static String unescape(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '0' -> '\0';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A number as ClickHouse's toString prints a Float64 (no trailing .0). */
    static String num(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static String customJson(Map<String, String> custom) {
        ObjectNode n = JSON.createObjectNode();
        new TreeMap<>(custom).forEach(n::put);
        return n.toString();
    }
}
