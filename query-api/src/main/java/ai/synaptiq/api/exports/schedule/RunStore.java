package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The run history in {@code synaptiq.export_runs}: each save writes the run with its version plus one. */
public final class RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClickHouseClient clickHouse;

    public RunStore(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    public void save(ExportRun r) {
        r.version++;
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", r.accountId).put("schedule_id", r.scheduleId).put("run_id", r.runId).put("trigger", r.trigger)
                .put("scheduled_for_ms", r.scheduledForMs).put("period_start", r.periodStart).put("period_end", r.periodEnd)
                .put("changes_after", r.changesAfter).put("changes_until", r.changesUntil)
                .put("status", r.status).put("retries", r.retries).put("next_attempt_ms", r.nextAttemptMs).put("record_count", r.recordCount)
                .put("file_name", r.fileName).put("content_type", r.contentType).put("file_size", r.fileSize).put("error", r.error)
                .put("started_ms", r.startedMs).put("finished_ms", r.finishedMs).put("expires_ms", r.expiresMs).put("version", r.version);
        ArrayNode deliveries = JSON.createArrayNode();
        for (ExportRun.Delivery d : r.deliveries) {
            deliveries.addObject().put("destination", d.destination).put("type", d.type).put("target", d.target).put("status", d.status)
                    .put("attempts", d.attempts).put("error", d.error).put("delivered_ms", d.deliveredMs);
        }
        n.put("deliveries", deliveries.toString());
        clickHouse.insertJsonEachRow(Tables.EXPORT_RUNS, n.toString());
    }

    public Optional<ExportRun> get(String accountId, String scheduleId, String runId) {
        return read("account_id = " + Sql.quote(accountId) + " AND schedule_id = " + Sql.quote(scheduleId) + " AND run_id = " + Sql.quote(runId), 1)
                .stream().findFirst();
    }

    public boolean exists(String accountId, String scheduleId, String runId) {
        return clickHouse.queryRows("SELECT count() AS n FROM " + Tables.EXPORT_RUNS + " WHERE account_id = " + Sql.quote(accountId)
                + " AND schedule_id = " + Sql.quote(scheduleId) + " AND run_id = " + Sql.quote(runId)).get(0).path("n").asLong() > 0;
    }

    /** The schedule's runs, newest first. */
    public List<ExportRun> list(String accountId, String scheduleId, int limit) {
        return read("account_id = " + Sql.quote(accountId) + " AND schedule_id = " + Sql.quote(scheduleId), limit);
    }

    /**
     * Where the next incremental run of a schedule starts: the end of the change window of its latest
     * delivered run (0 when none was delivered: a first run, which takes everything).
     */
    public long changesDelivered(String accountId, String scheduleId) {
        return clickHouse.queryRows("SELECT max(changes_until) AS m FROM " + Tables.EXPORT_RUNS + " FINAL WHERE account_id = " + Sql.quote(accountId)
                + " AND schedule_id = " + Sql.quote(scheduleId) + " AND status = 'delivered'").get(0).path("m").asLong();
    }

    /** ClickHouse's clock minus {@code lag}, in epoch seconds: the end of an incremental run's change window. */
    public long changesUntil(Duration lag) {
        return clickHouse.queryRows("SELECT toUInt32(now()) - " + lag.toSeconds() + " AS m").get(0).path("m").asLong();
    }

    /** Runs of every account waiting for a retry that is due. */
    public List<ExportRun> dueRetries(long nowMs) {
        return read("status = 'retrying' AND next_attempt_ms <= " + nowMs, 1000);
    }

    /** Runs left {@code running} since before {@code startedBeforeMs}: their instance stopped half way. */
    public List<ExportRun> stale(long startedBeforeMs) {
        return read("status = 'running' AND started_ms < " + startedBeforeMs, 1000);
    }

    private List<ExportRun> read(String where, int limit) {
        List<ExportRun> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT * FROM " + Tables.EXPORT_RUNS + " FINAL WHERE " + where
                + " ORDER BY scheduled_for_ms DESC, started_ms DESC, run_id DESC LIMIT " + limit)) {
            out.add(run(r));
        }
        return out;
    }

    private static ExportRun run(JsonNode n) {
        ExportRun r = new ExportRun();
        r.accountId = n.path("account_id").asText();
        r.scheduleId = n.path("schedule_id").asText();
        r.runId = n.path("run_id").asText();
        r.trigger = n.path("trigger").asText();
        r.scheduledForMs = n.path("scheduled_for_ms").asLong();
        r.periodStart = n.path("period_start").asText();
        r.periodEnd = n.path("period_end").asText();
        r.changesAfter = n.path("changes_after").asLong();
        r.changesUntil = n.path("changes_until").asLong();
        r.status = n.path("status").asText();
        r.retries = n.path("retries").asInt();
        r.nextAttemptMs = n.path("next_attempt_ms").asLong();
        r.recordCount = n.path("record_count").asLong();
        r.fileName = n.path("file_name").asText();
        r.contentType = n.path("content_type").asText();
        r.fileSize = n.path("file_size").asLong();
        r.error = n.path("error").asText();
        r.startedMs = n.path("started_ms").asLong();
        r.finishedMs = n.path("finished_ms").asLong();
        r.expiresMs = n.path("expires_ms").asLong();
        r.version = n.path("version").asLong();
        try {
            for (JsonNode d : JSON.readTree(n.path("deliveries").asText("[]"))) {
                ExportRun.Delivery x = new ExportRun.Delivery();
                x.destination = d.path("destination").asInt();
                x.type = d.path("type").asText();
                x.target = d.path("target").asText();
                x.status = d.path("status").asText();
                x.attempts = d.path("attempts").asInt();
                x.error = d.path("error").asText();
                x.deliveredMs = d.path("delivered_ms").asLong();
                r.deliveries.add(x);
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }
}
