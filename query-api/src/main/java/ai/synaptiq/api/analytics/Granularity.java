package ai.synaptiq.api.analytics;

import java.util.List;

/** How the overview's timeSeries cuts the period (docs/metrics.md §2). */
public enum Granularity {
    /** Each day. */
    DAY("day"),
    /** 7-day buckets counted from startDate; the last one may be shorter. */
    WEEK("week"),
    /** Calendar months clipped to the period. */
    MONTH("month");

    private final String wireName;

    Granularity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public List<DateRange> buckets(DateRange period) {
        return switch (this) {
            case DAY -> period.splitEvery(1);
            case WEEK -> period.splitEvery(7);
            case MONTH -> period.splitByMonth();
        };
    }
}
