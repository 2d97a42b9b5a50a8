package ai.synaptiq.api.exports.report;

import java.util.List;

/** One stage of the conversion funnel, counted as the funnel API counts it (distinct entities). */
public record FunnelStage(String name, long count) {
    public static final List<String> NAMES = List.of("Visitors", "Engaged (Started Chat)", "Lead Captured", "Qualified",
            "Demo Booked", "Converted");
}
