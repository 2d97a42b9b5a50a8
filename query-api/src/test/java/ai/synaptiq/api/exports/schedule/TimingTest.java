package ai.synaptiq.api.exports.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.synaptiq.api.analytics.DateRange;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimingTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static String latest(Timing t, String now, ZoneId zone) {
        return t.latestAtOrBefore(Instant.parse(now), zone).toInstant().toString();
    }

    static String next(Timing t, String now, ZoneId zone) {
        return t.nextAfter(Instant.parse(now), zone).toInstant().toString();
    }

    @Test
    void shouldRunDailyAtTheTimeOfTheAccountsZone() {
        Timing daily = new Timing(Frequency.DAILY, null, 0, LocalTime.of(8, 0));
        assertEquals("2026-03-15T07:00:00Z", latest(daily, "2026-03-16T06:59:59Z", BERLIN));
        assertEquals("2026-03-16T07:00:00Z", latest(daily, "2026-03-16T07:00:00Z", BERLIN));
        assertEquals("2026-03-17T07:00:00Z", next(daily, "2026-03-16T07:00:00Z", BERLIN));
        assertEquals("2026-04-01T06:00:00Z", next(daily, "2026-03-31T07:00:00Z", BERLIN), "summer time from 2026-03-29");
    }

    @Test
    void shouldRunWeeklyOnItsWeekday() {
        Timing monday = new Timing(Frequency.WEEKLY, DayOfWeek.MONDAY, 0, LocalTime.of(8, 0));
        assertEquals("2026-03-09T07:00:00Z", latest(monday, "2026-03-16T06:00:00Z", BERLIN));
        assertEquals("2026-03-16T07:00:00Z", latest(monday, "2026-03-18T12:00:00Z", BERLIN));
        assertEquals("2026-03-23T07:00:00Z", next(monday, "2026-03-16T07:00:00Z", BERLIN));
    }

    @Test
    void shouldRunMonthlyOnTheLastDayOfShorterMonths() {
        Timing the31st = new Timing(Frequency.MONTHLY, null, 31, LocalTime.of(23, 30));
        ZoneId utc = ZoneId.of("UTC");
        assertEquals("2026-01-31T23:30:00Z", latest(the31st, "2026-02-27T00:00:00Z", utc));
        assertEquals("2026-02-28T23:30:00Z", latest(the31st, "2026-03-01T00:00:00Z", utc));
        assertEquals("2026-03-31T23:30:00Z", next(the31st, "2026-03-01T00:00:00Z", utc));
        assertEquals("2026-04-30T23:30:00Z", next(the31st, "2026-03-31T23:30:00Z", utc));
    }

    @Test
    void shouldRunRightAfterATimeSummerTimeSkips() {
        Timing at0230 = new Timing(Frequency.DAILY, null, 0, LocalTime.of(2, 30));
        assertEquals("2026-03-29T01:30:00Z", latest(at0230, "2026-03-29T02:00:00Z", BERLIN), "02:30 does not exist that day: 03:30 CEST");
    }

    @Test
    void shouldCoverThePeriodThatEndedTheDayBefore() {
        assertEquals(new DateRange(LocalDate.parse("2026-03-15"), LocalDate.parse("2026-03-15")),
                new Timing(Frequency.DAILY, null, 0, LocalTime.NOON).previousPeriod(LocalDate.parse("2026-03-16")));
        assertEquals(new DateRange(LocalDate.parse("2026-03-09"), LocalDate.parse("2026-03-15")),
                new Timing(Frequency.WEEKLY, DayOfWeek.MONDAY, 0, LocalTime.NOON).previousPeriod(LocalDate.parse("2026-03-16")));
        assertEquals(new DateRange(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-28")),
                new Timing(Frequency.MONTHLY, null, 1, LocalTime.NOON).previousPeriod(LocalDate.parse("2026-03-01")));
    }
}
