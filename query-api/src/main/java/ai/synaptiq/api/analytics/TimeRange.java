package ai.synaptiq.api.analytics;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.UnprocessableException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Instants from {@code fromMs} (inclusive) to {@code untilMs} (exclusive), in epoch milliseconds:
 * the days of a {@link DateRange} in a zone ({@link DateRange#in}), or the activity feed's window
 * ({@link #activityWindow}), and the SQL conditions that keep the rows inside.
 */
public record TimeRange(long fromMs, long untilMs) {
    /** The activity feed's window without startDate: the 24 hours before its end. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration MAX_LENGTH = Duration.ofDays(DateRange.MAX_DAYS);

    /** One end of a window as the client gave it: a date (a whole day in the zone) or an instant. */
    public record Bound(LocalDate date, Instant instant) {
        public static Bound of(LocalDate date) {
            return new Bound(date, null);
        }

        public static Bound of(Instant instant) {
            return new Bound(null, instant);
        }

        @Override
        public String toString() {
            return date != null ? date.toString() : instant.toString();
        }
    }

    /**
     * The activity feed's startDate/endDate, both ends inclusive, each a date or an instant. Without
     * endDate the window ends now; without startDate it starts 24 hours before the end (at the start
     * of endDate when that is a date); at most {@link DateRange#MAX_DAYS} days.
     */
    public static TimeRange activityWindow(Optional<Bound> start, Optional<Bound> end, ZoneId zone, Instant now) {
        if (start.isPresent() && end.isPresent() && start.get().date() != null && end.get().date() != null) {
            return DateRange.requested(start.get().date(), end.get().date()).in(zone);
        }
        Instant until = end.map(b -> b.date() != null ? b.date().plusDays(1).atStartOfDay(zone).toInstant() : b.instant().plusMillis(1))
                .orElse(now.plusMillis(1));
        Instant from = start.map(b -> b.date() != null ? b.date().atStartOfDay(zone).toInstant() : b.instant())
                .orElseGet(() -> end.isPresent() && end.get().date() != null
                        ? end.get().date().atStartOfDay(zone).toInstant()
                        : until.minusMillis(1).minus(DEFAULT_WINDOW));
        if (!from.isBefore(until)) {
            throw new InvalidRequestException("startDate (" + start.map(Bound::toString).orElse(from.toString())
                    + ") must not be after endDate (" + end.map(Bound::toString).orElse("now, " + now) + ")");
        }
        if (Duration.between(from, until).compareTo(MAX_LENGTH) > 0) {
            throw new UnprocessableException("the range from startDate to endDate covers more than " + DateRange.MAX_DAYS + " days, the maximum");
        }
        return new TimeRange(from.toEpochMilli(), until.toEpochMilli());
    }

    /** SQL that keeps rows whose DateTime column (whole seconds) falls in the range. */
    String secondsCondition(String column) {
        return column + " >= " + SqlLiteral.dateTime(Math.floorDiv(fromMs, 1000))
                + " AND " + column + " < " + SqlLiteral.dateTime(Math.floorDiv(untilMs - 1, 1000) + 1);
    }

    /**
     * SQL that keeps rows whose epoch-millisecond column falls in the range; the DateTime column
     * next to it narrows the scan to the partitions and index marks concerned.
     */
    String millisCondition(String dateTimeColumn, String millisColumn) {
        return secondsCondition(dateTimeColumn)
                + " AND " + millisColumn + " >= " + SqlLiteral.uint64(Math.max(0, fromMs))
                + " AND " + millisColumn + " < " + SqlLiteral.uint64(Math.max(0, untilMs));
    }
}
