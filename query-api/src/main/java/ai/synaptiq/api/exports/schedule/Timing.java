package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.analytics.DateRange;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * When a schedule runs, at {@code time} in the account's timezone: daily; weekly on
 * {@code dayOfWeek}; monthly on {@code dayOfMonth} (the last day of a shorter month when it has
 * no such day). A time a DST change skips runs right after the gap.
 */
public record Timing(Frequency frequency, DayOfWeek dayOfWeek, int dayOfMonth, LocalTime time) {

    /** The latest due time at or before {@code now}. */
    public ZonedDateTime latestAtOrBefore(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        ZonedDateTime candidate = at(onOrBefore(today), zone);
        if (candidate.toInstant().isAfter(now)) {
            candidate = at(onOrBefore(previousDay(onOrBefore(today))), zone);
        }
        return candidate;
    }

    /** The first due time after {@code now}. */
    public ZonedDateTime nextAfter(Instant now, ZoneId zone) {
        ZonedDateTime latest = latestAtOrBefore(now, zone);
        LocalDate d = latest.toLocalDate();
        LocalDate next = switch (frequency) {
            case DAILY -> d.plusDays(1);
            case WEEKLY -> d.plusWeeks(1);
            case MONTHLY -> monthDay(d.withDayOfMonth(1).plusMonths(1));
        };
        return at(next, zone);
    }

    /**
     * The days a "previous period" run due on {@code runDay} covers: the period that ended the day
     * before, one day, 7 days or one month long (exporting-data.md: a weekly export holds the last 7 days).
     */
    public DateRange previousPeriod(LocalDate runDay) {
        LocalDate end = runDay.minusDays(1);
        LocalDate start = switch (frequency) {
            case DAILY -> end;
            case WEEKLY -> runDay.minusDays(7);
            case MONTHLY -> runDay.minusMonths(1);
        };
        return new DateRange(start, end);
    }

    private ZonedDateTime at(LocalDate day, ZoneId zone) {
        return ZonedDateTime.of(day, time, zone);
    }

    /** The latest due day on or before {@code day}. */
    private LocalDate onOrBefore(LocalDate day) {
        return switch (frequency) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(dayOfWeek));
            case MONTHLY -> {
                LocalDate thisMonth = monthDay(day.withDayOfMonth(1));
                yield thisMonth.isAfter(day) ? monthDay(day.withDayOfMonth(1).minusMonths(1)) : thisMonth;
            }
        };
    }

    private static LocalDate previousDay(LocalDate dueDay) {
        return dueDay.minusDays(1);
    }

    /** This schedule's day in the month starting on {@code firstOfMonth}. */
    private LocalDate monthDay(LocalDate firstOfMonth) {
        return firstOfMonth.withDayOfMonth(Math.min(dayOfMonth, firstOfMonth.lengthOfMonth()));
    }
}
