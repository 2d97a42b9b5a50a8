package ai.synaptiq.api.exports.leads;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.exports.ChangeWindow;
import ai.synaptiq.api.exports.DateFilter;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.events.Vocabulary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which leads an export holds: an explicit selection ({@code leadId}, which replaces every other
 * filter, as ticking leads in the table does), or any combination of {@code status} (any of),
 * creation date ({@code startDate}..{@code endDate} inclusive, in {@code timezone}), score range
 * ({@code minScore}..{@code maxScore} inclusive) and {@code tags} (any of).
 */
public record LeadFilter(List<String> leadIds, List<String> statuses, DateFilter created, BigDecimal minScore,
        BigDecimal maxScore, List<String> tags, ChangeWindow changes) {
    public static final Set<String> PARAMETERS = Set.of("format", "leadId", "status", "startDate", "endDate", "timezone",
            "minScore", "maxScore", "tags");

    public static LeadFilter of(RequestParams p) {
        List<String> tags = p.list("tags");
        for (String t : tags) {
            if (t.length() > 200 || t.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidRequestException("'tags' holds a value that is not a tag (at most 200 printable characters)");
            }
        }
        BigDecimal min = p.number("minScore", 0, 100).orElse(null);
        BigDecimal max = p.number("maxScore", 0, 100).orElse(null);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new InvalidRequestException("minScore " + min + " is above maxScore " + max);
        }
        return new LeadFilter(p.ids("leadId"), p.choices("status", Vocabulary.LEAD_STATUSES), DateFilter.of(p), min, max, tags, null);
    }

    /** The same filter, narrowed to the leads whose latest version is in an incremental run's window (null: no narrowing). */
    public LeadFilter within(ChangeWindow window) {
        return new LeadFilter(leadIds, statuses, created, minScore, maxScore, tags, window);
    }

    /** The conditions on {@code synaptiq.leads} columns, joined with AND. */
    public String sql() {
        List<String> c = new ArrayList<>();
        if (changes != null) {
            c.add(changes.sql());
        }
        if (!leadIds.isEmpty()) {
            c.add("lead_id IN (" + Sql.quoteEach(leadIds) + ")");
            return String.join(" AND ", c);
        }
        if (!statuses.isEmpty()) {
            c.add("status IN (" + Sql.quoteEach(statuses) + ")");
        }
        c.add(created.sqlOn("created_ms"));
        if (minScore != null) {
            c.add("score >= " + minScore.toPlainString());
        }
        if (maxScore != null) {
            c.add("score <= " + maxScore.toPlainString());
        }
        if (!tags.isEmpty()) {
            c.add("hasAny(tags, [" + Sql.quoteEach(tags) + "])");
        }
        return String.join(" AND ", c);
    }

    /** The filters as the audit log records them: only what was asked for. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (changes != null) {
            changes.describeInto(m);
        }
        if (!leadIds.isEmpty()) {
            m.put("leadId", leadIds);
            return m;
        }
        if (!statuses.isEmpty()) {
            m.put("status", statuses);
        }
        if (created.start() != null) {
            m.put("startDate", created.start().toString());
        }
        if (created.end() != null) {
            m.put("endDate", created.end().toString());
        }
        if (created.start() != null || created.end() != null) {
            m.put("timezone", created.zone().getId());
        }
        if (minScore != null) {
            m.put("minScore", minScore);
        }
        if (maxScore != null) {
            m.put("maxScore", maxScore);
        }
        if (!tags.isEmpty()) {
            m.put("tags", tags);
        }
        return m;
    }
}
