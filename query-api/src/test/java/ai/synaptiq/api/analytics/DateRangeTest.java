package ai.synaptiq.api.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.UnprocessableException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateRangeTest {
    private static DateRange range(String start, String end) {
        return new DateRange(LocalDate.parse(start), LocalDate.parse(end));
    }

    @Test
    void shouldCompareWithTheSameNumberOfDaysRightBefore() {
        assertEquals(range("2026-01-29", "2026-02-28"), CompareMode.PREVIOUS_PERIOD.comparedPeriod(range("2026-03-01", "2026-03-31")));
        assertEquals(range("2026-02-28", "2026-02-28"), CompareMode.PREVIOUS_PERIOD.comparedPeriod(range("2026-03-01", "2026-03-01")));
    }

    @Test
    void shouldCompareWithTheSameDatesAYearEarlierFebruary29BecomingFebruary28() {
        assertEquals(range("2023-02-01", "2023-02-28"), CompareMode.PREVIOUS_YEAR.comparedPeriod(range("2024-02-01", "2024-02-29")));
        assertEquals(range("2023-02-28", "2023-03-01"), CompareMode.PREVIOUS_YEAR.comparedPeriod(range("2024-02-29", "2024-03-01")));
        assertEquals(range("2024-02-28", "2024-03-01"), CompareMode.PREVIOUS_YEAR.comparedPeriod(range("2025-02-28", "2025-03-01")));
    }

    @Test
    void shouldCutBuckets() {
        assertEquals(List.of(range("2026-03-01", "2026-03-07"), range("2026-03-08", "2026-03-10")),
                Granularity.WEEK.buckets(range("2026-03-01", "2026-03-10")));
        assertEquals(List.of(range("2026-01-31", "2026-01-31"), range("2026-02-01", "2026-02-28"), range("2026-03-01", "2026-03-02")),
                Granularity.MONTH.buckets(range("2026-01-31", "2026-03-02")));
        assertEquals(3, Granularity.DAY.buckets(range("2026-03-01", "2026-03-03")).size());
    }

    @Test
    void shouldAllow365DaysAndNoMoreNorReversedRanges() {
        assertEquals(365, DateRange.requested(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31")).days());
        assertThrows(UnprocessableException.class, () -> DateRange.requested(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31")));
        assertThrows(InvalidRequestException.class, () -> DateRange.requested(LocalDate.parse("2025-01-02"), LocalDate.parse("2025-01-01")));
    }

    @Test
    void shouldSpanLocalDaysOf23And25Hours() {
        ZoneId stJohns = ZoneId.of("America/St_Johns");
        TimeRange spring = range("2026-03-08", "2026-03-08").in(stJohns);
        assertEquals(23 * 3_600_000L, spring.untilMs() - spring.fromMs());
        TimeRange fall = range("2025-11-02", "2025-11-02").in(stJohns);
        assertEquals(25 * 3_600_000L, fall.untilMs() - fall.fromMs());
    }
}
