package ai.synaptiq.api.exports.schedule;

import java.util.Locale;

/** How often a schedule runs: every day, every week on one weekday, every month on one day. */
public enum Frequency {
    DAILY, WEEKLY, MONTHLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
