package ai.synaptiq.api.exports.governance;

import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The right to erasure ({@code DELETE /v1/leads/{leadId}}): writes a tombstone for the lead and the
 * conversations and visitors linked to it (so every later export and query leaves them out at
 * once), deletes their rows from every table with ClickHouse mutations and waits for them, then
 * records the erasure in the audit log and the dashboard notifications and returns a receipt.
 * Asking again returns the same receipt, finishing the erasure first if it was cut short.
 */
public record LeadErasure(ClickHouseClient clickHouse, AuditLog audit, Notifications notifications, Clock clock, Duration mutationTimeout) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ERASED_TABLES = List.of(Tables.EVENTS, Tables.ACTIVITY, Tables.LEADS, Tables.CONVERSATIONS,
            Tables.DEAD_LETTERS, Tables.EXPORT_FILES, Tables.EXPORT_AUDIT_LOG);
    /** What an erased id becomes where a record must stay (the audit log's filters). */
    static final String ERASED_ID = "[erased]";

    /** What was erased; {@code status} is {@code completed} or {@code in_progress} (mutations still running). */
    public record Receipt(String erasureId, String leadId, String status, long requestedMs, long completedMs, String requestedBy,
            Map<String, Long> removed, List<String> conversationIds, List<String> visitorIds, String notificationId) {
        public boolean completed() {
            return "completed".equals(status);
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("erasureId", erasureId);
            m.put("leadId", leadId);
            m.put("status", status);
            m.put("requestedAt", Values.instant(requestedMs));
            m.put("completedAt", completedMs > 0 ? Values.instant(completedMs) : null);
            m.put("requestedBy", requestedBy);
            m.put("removed", removed);
            m.put("conversationIds", conversationIds);
            m.put("visitorIds", visitorIds);
            m.put("notificationId", notificationId.isEmpty() ? null : notificationId);
            return m;
        }
    }

    public Receipt erase(Caller caller, String leadId) {
        String account = caller.accountId();
        Receipt receipt = tombstone(account, leadId);
        if (receipt == null) {
            receipt = start(caller, leadId);
        }
        if (receipt.completed()) {
            return receipt;
        }
        // Submitted again when resuming: a deletion is idempotent, and a cut-short first call may not have sent them all.
        TreeSet<String> conversations = new TreeSet<>(receipt.conversationIds());
        TreeSet<String> visitors = new TreeSet<>(receipt.visitorIds());
        for (Target t : targets(account, leadId, conversations, visitors).values()) {
            clickHouse.execute("ALTER TABLE " + t.table() + " DELETE WHERE " + t.where());
        }
        clickHouse.execute("ALTER TABLE " + Tables.FUNNEL_CHANNELS + " DELETE WHERE " + funnelChannelsOf(account, leadId, conversations, visitors));
        clickHouse.execute(auditScrub(account, erasedIds(leadId, conversations, visitors)));
        if (!waitForMutations()) {
            return receipt;
        }
        return complete(account, receipt);
    }

    /** Collects what belongs to the lead, counts it and writes the tombstone. */
    private Receipt start(Caller caller, String leadId) {
        String account = caller.accountId();
        String acc = "account_id = " + Sql.quote(account);
        String lead = Sql.quote(leadId);
        TreeSet<String> conversations = new TreeSet<>();
        TreeSet<String> visitors = new TreeSet<>();
        JsonNode leadRows = clickHouse.queryRows("SELECT visitor_id, conversation_id FROM " + Tables.LEADS + " FINAL WHERE " + acc + " AND lead_id = " + lead);
        leadRows.forEach(r -> {
            addId(visitors, r.path("visitor_id").asText());
            addId(conversations, r.path("conversation_id").asText());
        });
        JsonNode linked = clickHouse.queryRows("SELECT DISTINCT visitor_id, conversation_id FROM " + Tables.EVENTS + " WHERE " + acc + " AND lead_id = " + lead);
        if (leadRows.size() == 0 && linked.size() == 0) {
            throw new NotFoundException("no lead " + leadId);
        }
        linked.forEach(r -> {
            addId(visitors, r.path("visitor_id").asText());
            addId(conversations, r.path("conversation_id").asText());
        });
        clickHouse.queryRows("SELECT conversation_id FROM " + Tables.CONVERSATIONS + " FINAL WHERE " + acc + " AND lead_id = " + lead)
                .forEach(r -> addId(conversations, r.path("conversation_id").asText()));
        if (!conversations.isEmpty()) {
            clickHouse.queryRows("SELECT DISTINCT visitor_id FROM " + Tables.EVENTS + " WHERE " + acc + " AND conversation_id IN (" + Sql.quoteEach(conversations) + ")")
                    .forEach(r -> addId(visitors, r.path("visitor_id").asText()));
        }

        Map<String, Target> targets = targets(account, leadId, conversations, visitors);
        Map<String, Long> removed = new LinkedHashMap<>();
        targets.forEach((name, t) -> removed.put(name, clickHouse.queryRows("SELECT " + t.count() + " AS n FROM " + t.table() + " FINAL WHERE "
                + t.where()).get(0).path("n").asLong()));
        Receipt r = new Receipt("era_" + UUID.randomUUID().toString().replace("-", ""), leadId, "in_progress", clock.millis(), 0,
                caller.keyId(), removed, List.copyOf(conversations), List.copyOf(visitors), "");
        writeTombstone(account, r, 1);
        return r;
    }

    /** A table holding some of the lead's data, the condition that selects it, and how the receipt counts it. */
    private record Target(String table, String where, String count) {
        Target(String table, String where) {
            this(table, where, "count()");
        }
    }

    /** Per table holding the lead's data (named as the receipt names it), what to delete. */
    private static Map<String, Target> targets(String account, String leadId, TreeSet<String> conversations, TreeSet<String> visitors) {
        String acc = "account_id = " + Sql.quote(account);
        String lead = Sql.quote(leadId);
        String inConversations = conversations.isEmpty() ? "" : " OR conversation_id IN (" + Sql.quoteEach(conversations) + ")";
        String inVisitors = visitors.isEmpty() ? "" : " OR visitor_id IN (" + Sql.quoteEach(visitors) + ")";
        Map<String, Target> t = new LinkedHashMap<>();
        t.put("events", new Target(Tables.EVENTS, acc + " AND (lead_id = " + lead + inConversations + inVisitors + ")"));
        t.put("activity", new Target(Tables.ACTIVITY, acc + " AND (lead_id = " + lead + inConversations + ")"));
        t.put("leads", new Target(Tables.LEADS, acc + " AND lead_id = " + lead));
        t.put("conversations", new Target(Tables.CONVERSATIONS, acc + " AND (lead_id = " + lead + inConversations + ")"));
        // Refused records keep their raw text, personal fields included, and what they claim may be wrong (a
        // misspelt accountId, broken JSON): any dead letter naming an erased id goes, whatever its account.
        t.put("deadLetters", new Target(Tables.DEAD_LETTERS, mentionsAny("raw", erasedIds(leadId, conversations, visitors))));
        // Stored files of scheduled runs may hold the lead: every file of the account made so far goes.
        t.put("exportFiles", new Target(Tables.EXPORT_FILES, acc, "uniqExact(file_id)"));
        return t;
    }

    /**
     * The funnel's channel lookups copied from the events erased (LeadErasure's events condition, on
     * the hashes that table keeps instead of ids): not a figure of the receipt, which counts records.
     */
    private static String funnelChannelsOf(String account, String leadId, TreeSet<String> conversations, TreeSet<String> visitors) {
        String inConversations = conversations.isEmpty() ? "" : " OR conversation_h IN (" + hashes(conversations) + ")";
        String inVisitors = visitors.isEmpty() ? "" : " OR visitor_h IN (" + hashes(visitors) + ")";
        return "account_id = " + Sql.quote(account) + " AND (lead_h = cityHash64(" + Sql.quote(leadId) + ")" + inConversations + inVisitors + ")";
    }

    private static String hashes(TreeSet<String> ids) {
        return String.join(", ", ids.stream().map(id -> "cityHash64(" + Sql.quote(id) + ")").toList());
    }

    /** The lead's id and those of its conversations and visitors: what must not be left anywhere. */
    private static List<String> erasedIds(String leadId, TreeSet<String> conversations, TreeSet<String> visitors) {
        TreeSet<String> ids = new TreeSet<>(conversations);
        ids.addAll(visitors);
        ids.add(leadId);
        return List.copyOf(ids);
    }

    /**
     * A condition true when {@code column} holds one of the ids as a whole token: not inside a longer
     * id ({@code lead_1} does not match {@code lead_10}). Ids are {@code [A-Za-z0-9_-]}, so none is a
     * regular-expression metacharacter; any other id is matched as plain text.
     */
    static String mentionsAny(String column, List<String> ids) {
        List<String> c = new ArrayList<>();
        List<String> tokens = ids.stream().filter(id -> Vocabulary.ID.matcher(id).matches()).toList();
        if (!tokens.isEmpty()) {
            c.add("match(" + column + ", " + Sql.quote("(^|[^A-Za-z0-9_-])(" + String.join("|", tokens) + ")($|[^A-Za-z0-9_-])") + ")");
        }
        ids.stream().filter(id -> !Vocabulary.ID.matcher(id).matches()).forEach(id -> c.add("position(" + column + ", " + Sql.quote(id) + ") > 0"));
        return c.isEmpty() ? "0" : "(" + String.join(" OR ", c) + ")";
    }

    /** Rewrites the erased ids in the account's earlier audit entries (filters of exports that named them) to {@value #ERASED_ID}. */
    private static String auditScrub(String account, List<String> ids) {
        String filters = "filters";
        for (String id : ids) {
            filters = "replaceAll(" + filters + ", " + Sql.quote("\"" + id + "\"") + ", " + Sql.quote("\"" + ERASED_ID + "\"") + ")";
        }
        String anyQuoted = String.join(" OR ", ids.stream().map(id -> "position(filters, " + Sql.quote("\"" + id + "\"") + ") > 0").toList());
        return "ALTER TABLE " + Tables.EXPORT_AUDIT_LOG + " UPDATE filters = " + filters + " WHERE account_id = " + Sql.quote(account)
                + " AND (" + anyQuoted + ")";
    }

    /** Polls system.mutations until no deletion on the erased tables is left to do; false on timeout. */
    private boolean waitForMutations() {
        long deadline = System.nanoTime() + mutationTimeout.toNanos();
        String tables = String.join(", ", ERASED_TABLES.stream().map(t -> Sql.quote(t.substring(t.indexOf('.') + 1))).toList());
        while (true) {
            long pending = clickHouse.queryRows("SELECT count() AS n FROM system.mutations WHERE database = 'synaptiq' AND is_done = 0"
                    + " AND table IN (" + tables + ")").get(0).path("n").asLong();
            if (pending == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private Receipt complete(String account, Receipt r) {
        long total = r.removed().values().stream().mapToLong(Long::longValue).sum();
        Notifications.Notification n = notifications.add(account, "erasure_completed", "Lead data erased",
                "The personal data of a lead was erased (erasure " + r.erasureId() + ", " + total + " records) and is gone from every later export. "
                        + "Files exported before " + Values.instant(r.requestedMs()) + " may still hold it: update or delete your copies.",
                r.erasureId(), r.requestedBy());
        Receipt done = new Receipt(r.erasureId(), r.leadId(), "completed", r.requestedMs(), clock.millis(), r.requestedBy(), r.removed(),
                r.conversationIds(), r.visitorIds(), n.id());
        writeTombstone(account, done, 2);
        // The audit log outlives the erasure: it names the erasure, never the lead (the receipt and tombstone do).
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("erasureId", r.erasureId());
        audit.record(account, new AuditLog.Entry("aud_" + UUID.randomUUID().toString().replace("-", ""), done.completedMs(), r.requestedBy(),
                "erasure", "manual", "leads", "", filters, total, "completed", "", "", "erasure " + r.erasureId()));
        return done;
    }

    private Receipt tombstone(String account, String leadId) {
        JsonNode rows = clickHouse.queryRows("SELECT * FROM " + Tables.LEAD_ERASURES + " FINAL WHERE account_id = " + Sql.quote(account)
                + " AND lead_id = " + Sql.quote(leadId));
        if (rows.size() == 0) {
            return null;
        }
        JsonNode t = rows.get(0);
        Map<String, Long> removed = new LinkedHashMap<>();
        try {
            JSON.readTree(t.path("removed").asText("{}")).fields().forEachRemaining(e -> removed.put(e.getKey(), e.getValue().asLong()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Receipt(t.path("erasure_id").asText(), leadId, t.path("status").asText(), t.path("requested_ms").asLong(),
                t.path("completed_ms").asLong(), t.path("requested_by").asText(), removed, texts(t.path("conversation_ids")),
                texts(t.path("visitor_ids")), t.path("notification_id").asText());
    }

    private void writeTombstone(String account, Receipt r, long version) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", account).put("lead_id", r.leadId()).put("erasure_id", r.erasureId()).put("requested_ms", r.requestedMs())
                .put("completed_ms", r.completedMs()).put("requested_by", r.requestedBy()).put("status", r.status())
                .put("notification_id", r.notificationId()).put("version", version);
        ArrayNode visitors = n.putArray("visitor_ids");
        r.visitorIds().forEach(visitors::add);
        ArrayNode conversations = n.putArray("conversation_ids");
        r.conversationIds().forEach(conversations::add);
        n.put("removed", JSON.valueToTree(r.removed()).toString());
        clickHouse.insertJsonEachRow(Tables.LEAD_ERASURES, n.toString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static void addId(TreeSet<String> set, String id) {
        if (!id.isEmpty()) {
            set.add(id);
        }
    }
}
