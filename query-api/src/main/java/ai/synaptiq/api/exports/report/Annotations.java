package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.api.exports.DateFilter;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dashboard annotations ("Launched new landing page on March 10"), kept in
 * {@code synaptiq.dashboard_annotations}; the PDF report lists those of its period.
 * Deleting writes the same annotation again with {@code deleted = 1} and a higher version.
 */
public record Annotations(ClickHouseClient clickHouse, Clock clock) {
    public static final int MAX_TEXT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Annotation(String id, LocalDate date, String text, long createdMs, String createdBy) {
    }

    public Annotation add(String accountId, String keyId, LocalDate date, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > MAX_TEXT) {
            throw new InvalidRequestException("'text' must hold 1 to " + MAX_TEXT + " characters");
        }
        Annotation a = new Annotation("ann_" + UUID.randomUUID().toString().replace("-", ""), date, t, clock.millis(), keyId);
        write(accountId, a, false, a.createdMs());
        return a;
    }

    /** The account's annotations dated within the range (open ends allowed), oldest first. */
    public List<Annotation> list(String accountId, DateFilter range) {
        List<String> c = new ArrayList<>(List.of("account_id = " + Sql.quote(accountId), "deleted = 0"));
        if (range.start() != null) {
            c.add("date >= toDate(" + Sql.quote(range.start().toString()) + ")");
        }
        if (range.end() != null) {
            c.add("date <= toDate(" + Sql.quote(range.end().toString()) + ")");
        }
        List<Annotation> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT annotation_id, toString(date) AS day, text, created_ms, created_by FROM "
                + Tables.DASHBOARD_ANNOTATIONS + " FINAL WHERE " + String.join(" AND ", c) + " ORDER BY date, created_ms, annotation_id")) {
            out.add(new Annotation(r.path("annotation_id").asText(), LocalDate.parse(r.path("day").asText()), r.path("text").asText(),
                    r.path("created_ms").asLong(), r.path("created_by").asText()));
        }
        return out;
    }

    public void delete(String accountId, String annotationId) {
        JsonNode rows = clickHouse.queryRows("SELECT annotation_id, toString(date) AS day, text, created_ms, created_by, version FROM "
                + Tables.DASHBOARD_ANNOTATIONS + " FINAL WHERE account_id = " + Sql.quote(accountId)
                + " AND annotation_id = " + Sql.quote(annotationId) + " AND deleted = 0");
        if (rows.size() == 0) {
            throw new NotFoundException("no annotation " + annotationId);
        }
        JsonNode r = rows.get(0);
        Annotation a = new Annotation(annotationId, LocalDate.parse(r.path("day").asText()), r.path("text").asText(),
                r.path("created_ms").asLong(), r.path("created_by").asText());
        write(accountId, a, true, Math.max(clock.millis(), r.path("version").asLong() + 1));
    }

    private void write(String accountId, Annotation a, boolean deleted, long version) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", accountId).put("annotation_id", a.id()).put("date", a.date().toString()).put("text", a.text())
                .put("created_ms", a.createdMs()).put("created_by", a.createdBy()).put("deleted", deleted ? 1 : 0).put("version", version);
        clickHouse.insertJsonEachRow(Tables.DASHBOARD_ANNOTATIONS, n.toString());
    }
}
