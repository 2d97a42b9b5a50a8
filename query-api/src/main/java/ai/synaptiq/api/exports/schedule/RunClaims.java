package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;

/**
 * Makes sure one run (or one retry of it) is carried out by one API instance. ClickHouse has no
 * compare-and-set, so each instance that wants the run inserts a claim stamped with ClickHouse's
 * own clock, waits {@code settle} (longer than the clock's one-second grain plus an insert's
 * latency, so every competing claim stamped no later than its own is visible), and reads the
 * claims back: the earliest, then smallest token, wins. A claim made later loses to it.
 */
public record RunClaims(ClickHouseClient clickHouse, String instanceId, Duration settle) {

    /** True when this instance won attempt {@code attempt} of the run. */
    public boolean claim(String accountId, String runId, int attempt) {
        String token = UUID.randomUUID().toString();
        String key = "account_id = " + Sql.quote(accountId) + " AND run_id = " + Sql.quote(runId) + " AND attempt = " + attempt;
        clickHouse.execute("INSERT INTO " + Tables.EXPORT_RUN_CLAIMS + " (account_id, run_id, attempt, instance_id, token, claimed_at) SELECT "
                + Sql.quote(accountId) + ", " + Sql.quote(runId) + ", " + attempt + ", " + Sql.quote(instanceId) + ", " + Sql.quote(token) + ", now()");
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        JsonNode winner = clickHouse.queryRows("SELECT token FROM " + Tables.EXPORT_RUN_CLAIMS + " WHERE " + key
                + " ORDER BY claimed_at, token LIMIT 1");
        return winner.size() == 1 && token.equals(winner.get(0).path("token").asText());
    }
}
