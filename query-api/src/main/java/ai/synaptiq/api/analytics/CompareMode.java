package ai.synaptiq.api.analytics;

/** The period an overview is compared with (docs/metrics.md §2). */
public enum CompareMode {
    /** The same number of days right before startDate. */
    PREVIOUS_PERIOD("previous_period"),
    /** The same dates one year earlier; Feb 29 becomes Feb 28. */
    PREVIOUS_YEAR("previous_year");

    private final String wireName;

    CompareMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public DateRange comparedPeriod(DateRange current) {
        return switch (this) {
            case PREVIOUS_PERIOD -> new DateRange(current.startDate().minusDays(current.days()), current.startDate().minusDays(1));
            case PREVIOUS_YEAR -> new DateRange(current.startDate().minusYears(1), current.endDate().minusYears(1));
        };
    }
}
