package ai.synaptiq.pipeline.functions;

import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.PersonalData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Set;

/**
 * Which events enter the public activity feed, with what description and metadata
 * (docs/metrics.md §4). Generated descriptions carry no personal data.
 */
public final class ActivityFeed implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final Set<String> PUBLIC_TYPES = Set.of("lead.created", "lead.qualified", "lead.score_changed",
            "conversation.started", "conversation.handoff", "conversion.completed", "intent.high_value");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int scoreChangeThreshold;

    public ActivityFeed(int scoreChangeThreshold) {
        this.scoreChangeThreshold = scoreChangeThreshold;
    }

    public boolean includes(Event e) {
        if (!PUBLIC_TYPES.contains(e.type)) {
            return false;
        }
        if ("lead.score_changed".equals(e.type)) {
            return Math.abs(e.score - e.scoreFrom) >= scoreChangeThreshold;
        }
        return true;
    }

    /** data without personal fields ({@link PersonalData}, at any depth); lead.created shows exactly its score and source. */
    public static String metadata(Event e) throws IOException {
        if (e.dataJson != null && !"lead.created".equals(e.type) && !PersonalData.mayHold(e.dataJson)) {
            // dataJson is Jackson's compact text of the parsed data, so reading and writing it again gives the same text.
            return e.dataJson;
        }
        ObjectNode data = (ObjectNode) JSON.readTree(e.dataJson);
        if ("lead.created".equals(e.type)) {
            ObjectNode m = JSON.createObjectNode();
            m.set("score", data.get("score"));
            if (e.source != null) {
                m.put("source", e.source);
            } else {
                m.putNull("source");
            }
            return m.toString();
        }
        PersonalData.strip(data);
        return data.toString();
    }

    public static String description(Event e) {
        if (e.description != null && !e.description.isBlank()) {
            return e.description;
        }
        return switch (e.type) {
            case "lead.created" -> "New lead captured" + (e.source != null ? " from " + e.source : "")
                    + " with score " + number(e.score) + ".";
            case "lead.qualified" -> "Lead qualified" + (e.score != null && e.scoreFrom != null
                    ? " (score " + number(e.scoreFrom) + " -> " + number(e.score) + ")" : "")
                    + (e.estimatedDealSize != null ? ", estimated deal size " + money(e.estimatedDealSize) : "") + ".";
            case "lead.score_changed" -> "Lead score " + (e.score >= e.scoreFrom ? "increased" : "decreased")
                    + " from " + number(e.scoreFrom) + " to " + number(e.score) + ".";
            case "conversation.started" -> "New conversation started" + (e.channel != null ? " on " + e.channel.replace('_', ' ') : "") + ".";
            case "conversation.handoff" -> {
                JsonNode d = read(e.dataJson);
                String reason = d.path("reason").asText("");
                yield "Conversation handed off to a human agent" + (reason.isEmpty() ? "." : ": " + reason + ".");
            }
            case "conversion.completed" -> "Lead converted (closed-won)" + (e.amount != null ? " for " + money(e.amount) : "") + ".";
            case "intent.high_value" -> {
                JsonNode d = read(e.dataJson);
                yield "High-value buying intent detected: " + d.path("intent").asText().replace('_', ' ')
                        + " (confidence " + Math.round(d.path("confidence").asDouble() * 100) + "%).";
            }
            default -> e.type;
        };
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException ex) {
            return JSON.createObjectNode();
        }
    }

    private static String number(Double d) {
        return d == null ? "?" : new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** DecimalFormat is not thread-safe and costly to build: one per thread. */
    private static final ThreadLocal<DecimalFormat> MONEY =
            ThreadLocal.withInitial(() -> new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US)));

    private static String money(double amount) {
        return "$" + MONEY.get().format(amount);
    }
}
