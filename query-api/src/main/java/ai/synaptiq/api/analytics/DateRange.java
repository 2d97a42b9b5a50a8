package ai.synaptiq.api.analytics;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.UnprocessableException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A period of whole days, both ends inclusive, as the API's startDate/endDate describe it. */
public record DateRange(LocalDate startDate, LocalDate endDate) {
    /** The longest range the API answers, in days (both ends counted). */
    public static final int MAX_DAYS = 365;
    /** Without startDate a period starts this many days before its end (docs/security.md lists the date rules). */
    public static final int DEFAULT_DAYS_BACK = 30;

    /** A range a client asked for: start not after end, at most {@link #MAX_DAYS} days. */
    public static DateRange requested(LocalDate startDate, LocalDate endDate) {
        if (startDate.isAfter(endDate)) {
            throw new InvalidRequestException("startDate (" + startDate + ") must not be after endDate (" + endDate + ")");
        }
        DateRange range = new DateRange(startDate, endDate);
        if (range.days() > MAX_DAYS) {
            throw new UnprocessableException("the range from startDate " + startDate + " to endDate " + endDate + " covers "
                    + range.days() + " days; the maximum is " + MAX_DAYS);
        }
        return range;
    }

    /**
     * The period a report or analytics request asks for, every route alike: endDate defaults to today
     * in the zone, startDate to {@link #DEFAULT_DAYS_BACK} days before endDate; then {@link #requested}.
     */
    public static DateRange withDefaults(Optional<LocalDate> startDate, Optional<LocalDate> endDate, ZoneId zone, Clock clock) {
        LocalDate end = endDate.orElseGet(() -> LocalDate.now(clock.withZone(zone)));
        return requested(startDate.orElseGet(() -> end.minusDays(DEFAULT_DAYS_BACK)), end);
    }

    public long days() {
        return ChronoUnit.DAYS.between(startDate, endDate) + 1;
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(startDate) && !day.isAfter(endDate);
    }

    /** From midnight of startDate to midnight after endDate, in the zone. */
    public TimeRange in(ZoneId zone) {
        return new TimeRange(startDate.atStartOfDay(zone).toInstant().toEpochMilli(),
                endDate.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /** Consecutive pieces of at most {@code days} days, counted from startDate; the last may be shorter. */
    public List<DateRange> splitEvery(int days) {
        List<DateRange> out = new ArrayList<>();
        for (LocalDate s = startDate; !s.isAfter(endDate); s = s.plusDays(days)) {
            LocalDate e = s.plusDays(days - 1);
            out.add(new DateRange(s, e.isAfter(endDate) ? endDate : e));
        }
        return out;
    }

    /** The calendar months the range touches, each clipped to the range. */
    public List<DateRange> splitByMonth() {
        List<DateRange> out = new ArrayList<>();
        for (LocalDate s = startDate; !s.isAfter(endDate); s = s.withDayOfMonth(1).plusMonths(1)) {
            LocalDate e = s.withDayOfMonth(s.lengthOfMonth());
            out.add(new DateRange(s, e.isAfter(endDate) ? endDate : e));
        }
        return out;
    }

    /** {@code 2026-03-01/2026-03-07}: how a time-series bucket names itself. */
    public String label() {
        return startDate + "/" + endDate;
    }
}
