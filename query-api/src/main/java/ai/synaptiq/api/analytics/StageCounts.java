package ai.synaptiq.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How many distinct entities reached each stage of the funnel, in {@link FunnelStage} order. */
public record StageCounts(List<Long> counts) {
    public static final StageCounts NONE = new StageCounts(Collections.nCopies(FunnelStage.values().length, 0L));

    /** A row with the columns {@code stage0} to {@code stage5}. */
    static StageCounts of(JsonNode row) {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < FunnelStage.values().length; i++) {
            counts.add(row.get("stage" + i).asLong());
        }
        return new StageCounts(List.copyOf(counts));
    }

    /** The counts a funnel report shows. */
    public static StageCounts of(FunnelReport report) {
        return new StageCounts(report.stages().stream().map(FunnelReport.Stage::count).toList());
    }

    public long of(FunnelStage stage) {
        return counts.get(stage.ordinal());
    }
}
