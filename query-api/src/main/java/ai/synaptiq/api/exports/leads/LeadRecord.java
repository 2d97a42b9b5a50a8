package ai.synaptiq.api.exports.leads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One lead as a row of {@code synaptiq.leads FINAL} gives it (see {@link LeadExport#COLUMNS}). */
record LeadRecord(String id, String email, String name, String phone, String company, String status, double score,
        String sourceUrl, long createdMs, long lastActivityMs, List<String> tags, String assignedTo,
        Map<String, String> customProperties) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LeadRecord of(JsonNode row) {
        List<String> tags = new ArrayList<>();
        row.path("tags").forEach(t -> tags.add(t.asText()));
        return new LeadRecord(row.path("lead_id").asText(), row.path("email").asText(), row.path("name").asText(),
                row.path("phone").asText(), row.path("company").asText(), row.path("status").asText(),
                row.path("score").asDouble(), row.path("source_url").asText(), row.path("created_ms").asLong(),
                row.path("last_activity_ms").asLong(), tags, row.path("assigned_to").asText(),
                customProperties(row.path("custom_properties").asText("{}")));
    }

    /** The custom properties JSON object the pipeline stores, sorted by key. */
    static Map<String, String> customProperties(String json) {
        Map<String, String> m = new TreeMap<>();
        try {
            JsonNode n = JSON.readTree(json.isEmpty() ? "{}" : json);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable custom_properties in synaptiq.leads: " + json, e);
        }
        return m;
    }
}
