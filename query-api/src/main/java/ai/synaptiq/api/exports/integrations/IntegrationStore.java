package ai.synaptiq.api.exports.integrations;

import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each account's named cloud credentials in {@code synaptiq.export_integrations}: the destination
 * as JSON with its secret sealed; the newest row of a name wins, and a deletion is a row marked deleted.
 */
public final class IntegrationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClickHouseClient clickHouse;
    private final Clock clock;

    /** Stored credentials: an s3, gcs or dropbox destination under the account's name for it. */
    public record Integration(String name, Destination destination, long updatedMs, String updatedBy) {
    }

    public IntegrationStore(ClickHouseClient clickHouse, Clock clock) {
        this.clickHouse = clickHouse;
        this.clock = clock;
    }

    /** Stores {@code sealed} (its secret already sealed) as {@code name}, replacing what the name held. */
    public Integration save(String accountId, String keyId, String name, Destination sealed) {
        Integration i = new Integration(name, sealed, clock.millis(), keyId);
        write(accountId, i, false);
        return i;
    }

    public void delete(String accountId, String keyId, Integration i) {
        write(accountId, new Integration(i.name(), i.destination(), clock.millis(), keyId), true);
    }

    public Optional<Integration> get(String accountId, String name) {
        return read(accountId, " AND name = " + Sql.quote(name)).stream().findFirst();
    }

    /** The account's integrations by name. */
    public List<Integration> list(String accountId) {
        return read(accountId, "");
    }

    private void write(String accountId, Integration i, boolean deleted) {
        clickHouse.insertJsonEachRow(Tables.EXPORT_INTEGRATIONS, JSON.createObjectNode().put("account_id", accountId).put("name", i.name())
                .put("type", i.destination().type()).put("config", i.destination().stored().toString()).put("deleted", deleted ? 1 : 0)
                .put("updated_ms", i.updatedMs()).put("updated_by", i.updatedBy()).toString());
    }

    private List<Integration> read(String accountId, String andWhere) {
        List<Integration> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT name, config, deleted, updated_ms, updated_by FROM " + Tables.EXPORT_INTEGRATIONS
                + " FINAL WHERE account_id = " + Sql.quote(accountId) + andWhere + " ORDER BY name")) {
            if (r.path("deleted").asInt() == 1) {
                continue; // filtered here, not in WHERE: a condition on a column that is no key may be applied before FINAL merges
            }
            try {
                out.add(new Integration(r.path("name").asText(), Destination.of(JSON.readTree(r.path("config").asText()), Destination.STORAGE_TYPES,
                        false), r.path("updated_ms").asLong(), r.path("updated_by").asText()));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("unreadable integration " + r.path("name").asText(), e);
            }
        }
        return out;
    }
}
