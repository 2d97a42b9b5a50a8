package ai.synaptiq.api.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The funnel response body (analytics-api.md), computed per docs/metrics.md §3. */
public record FunnelReport(OverviewReport.Period period, List<Stage> stages, BigDecimal overallConversion, String topDropoffStage) {
    static final int CONVERSION_PLACES = 3;
    static final int OVERALL_PLACES = 5;

    public record Stage(String name, long count, BigDecimal conversionToNext) {
    }

    /** Builds the report from the stage counts. */
    static FunnelReport of(DateRange period, StageCounts stageCounts) {
        FunnelStage[] names = FunnelStage.values();
        long[] counts = stageCounts.counts().stream().mapToLong(Long::longValue).toArray();
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            BigDecimal toNext = i + 1 < names.length ? Rounding.ratio(counts[i + 1], counts[i], CONVERSION_PLACES) : null;
            stages.add(new Stage(names[i].displayName(), counts[i], toNext));
        }
        BigDecimal overall = Rounding.ratio(counts[names.length - 1], counts[0], OVERALL_PLACES);
        return new FunnelReport(OverviewReport.Period.of(period), stages, overall, topDropoff(names, counts));
    }

    /** The step losing the most entities in absolute numbers, the earliest on a tie; null when every stage is 0. */
    private static String topDropoff(FunnelStage[] names, long[] counts) {
        boolean allZero = true;
        for (long c : counts) {
            allZero &= c == 0;
        }
        if (allZero) {
            return null;
        }
        int worst = 0;
        for (int i = 1; i + 1 < counts.length; i++) {
            if (counts[i] - counts[i + 1] > counts[worst] - counts[worst + 1]) {
                worst = i;
            }
        }
        return names[worst].displayName() + " -> " + names[worst + 1].displayName();
    }
}
