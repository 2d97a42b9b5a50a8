package ai.synaptiq.api.exports.schedule;

import java.util.Locale;

/** What a scheduled run covers: the period that just ended, or everything (analytics: the last 365 days). */
public enum DateRangeMode {
    PREVIOUS_PERIOD, ALL_TIME;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
