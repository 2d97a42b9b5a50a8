package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.exports.DataType;
import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Schedules in {@code synaptiq.export_schedules}; every change writes the row again with a higher version. */
public final class ScheduleStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleStore.class);
    private final ClickHouseClient clickHouse;

    public ScheduleStore(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    public void save(Schedule s) {
        ScheduleDefinition d = s.definition();
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", s.accountId()).put("schedule_id", s.id()).put("name", d.name()).put("data_type", d.dataType().wireName())
                .put("format", d.format().wireName()).put("filters", JSON.valueToTree(d.filters().asMap()).toString())
                .put("frequency", d.timing().frequency().wireName())
                .put("day_of_week", d.timing().dayOfWeek() == null ? 0 : d.timing().dayOfWeek().getValue())
                .put("day_of_month", d.timing().dayOfMonth()).put("time_of_day", d.timeText()).put("date_range_mode", d.mode().wireName())
                .put("mode", d.rows().wireName()).put("key_layout", d.keyLayout().wireName())
                .put("status", s.status()).put("active_since_ms", s.activeSinceMs()).put("created_ms", s.createdMs())
                .put("created_by", s.createdBy()).put("updated_ms", s.updatedMs()).put("version", s.version());
        ArrayNode destinations = JSON.createArrayNode();
        d.destinations().forEach(x -> destinations.add(x.stored()));
        n.put("destinations", destinations.toString());
        clickHouse.insertJsonEachRow(Tables.EXPORT_SCHEDULES, n.toString());
    }

    /** The account's schedule unless deleted. */
    public Optional<Schedule> get(String accountId, String scheduleId) {
        List<Schedule> found = read("account_id = " + Sql.quote(accountId) + " AND schedule_id = " + Sql.quote(scheduleId));
        return found.stream().findFirst();
    }

    /** The account's schedules, oldest first. */
    public List<Schedule> list(String accountId) {
        return read("account_id = " + Sql.quote(accountId));
    }

    /** Every active schedule of every account: what the scheduler looks at. */
    public List<Schedule> active() {
        List<Schedule> all = read("1");
        return all.stream().filter(Schedule::active).toList();
    }

    /**
     * Seals the secrets that rows written before secrets were sealed hold in plain text: each such
     * schedule is written again, sealed, with a higher version, and the table is merged so the
     * plain-text versions are gone from disk too. Returns how many schedules it sealed.
     */
    public int sealPlainSecrets(SecretsKey key) {
        int sealed = 0;
        for (Schedule s : read("1")) {
            List<Destination> now = s.definition().destinations().stream().map(d -> d.sealedWith(key)).toList();
            if (!now.equals(s.definition().destinations())) {
                ScheduleDefinition d = s.definition();
                save(s.with(d.withDestinations(now), s.status(), s.activeSinceMs(), s.updatedMs()));
                sealed++;
            }
        }
        if (sealed > 0) {
            clickHouse.mergeAllVersions(Tables.EXPORT_SCHEDULES);
        }
        return sealed;
    }

    /** The schedules that match, but deleted ones; a row that cannot be read is logged and left out, never failing the others. */
    private List<Schedule> read(String where) {
        List<Schedule> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT * FROM " + Tables.EXPORT_SCHEDULES + " FINAL WHERE " + where
                + " ORDER BY created_ms, schedule_id")) {
            if (!"deleted".equals(r.path("status").asText())) {
                try {
                    out.add(schedule(r));
                } catch (RuntimeException e) {
                    LOG.warn("schedule {} of account {} cannot be read and is left out: {}", r.path("schedule_id").asText(),
                            r.path("account_id").asText(), e.getMessage());
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Schedule schedule(JsonNode r) {
        try {
            Map<String, List<String>> filters = JSON.readValue(r.path("filters").asText("{}"), Map.class);
            List<Destination> destinations = Destination.listOf(JSON.readTree(r.path("destinations").asText("[]")));
            int dow = r.path("day_of_week").asInt();
            Timing timing = new Timing(Frequency.valueOf(r.path("frequency").asText().toUpperCase()), dow == 0 ? null : DayOfWeek.of(dow),
                    r.path("day_of_month").asInt(), LocalTime.parse(r.path("time_of_day").asText()));
            DataType type = DataType.fromWire(r.path("data_type").asText());
            ScheduleDefinition d = new ScheduleDefinition(r.path("name").asText(), type,
                    type.format(RequestParams.of(Map.of("format", List.of(r.path("format").asText())))), RequestParams.of(filters), timing,
                    DateRangeMode.valueOf(r.path("date_range_mode").asText().toUpperCase()), destinations,
                    ScheduleDefinition.Rows.valueOf(r.path("mode").asText("full").toUpperCase()),
                    ScheduleDefinition.KeyLayout.valueOf(r.path("key_layout").asText("flat").toUpperCase()));
            return new Schedule(r.path("schedule_id").asText(), r.path("account_id").asText(), d, r.path("status").asText(),
                    r.path("active_since_ms").asLong(), r.path("created_ms").asLong(), r.path("created_by").asText(),
                    r.path("updated_ms").asLong(), r.path("version").asLong());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable schedule " + r.path("schedule_id").asText(), e);
        }
    }
}
