package ai.synaptiq.api.analytics;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.UnprocessableException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The activity feed's startDate/endDate, each a date (whole day in the zone) or an ISO instant,
 * both ends inclusive. Without endDate the window ends now; without startDate it starts 24 hours
 * before the end (at the start of endDate when that is a date).
 */
public final class ActivityWindow {
    static final Duration DEFAULT_LENGTH = Duration.ofHours(24);
    static final Duration MAX_LENGTH = Duration.ofDays(DateRange.MAX_DAYS);

    private ActivityWindow() {
    }

    /** One end as the client gave it: a date or an instant. */
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

    public static TimeRange of(Optional<Bound> start, Optional<Bound> end, ZoneId zone, Instant now) {
        if (start.isPresent() && end.isPresent() && start.get().date() != null && end.get().date() != null) {
            return DateRange.requested(start.get().date(), end.get().date()).in(zone);
        }
        Instant until = end.map(b -> b.date() != null ? b.date().plusDays(1).atStartOfDay(zone).toInstant() : b.instant().plusMillis(1))
                .orElse(now.plusMillis(1));
        Instant from = start.map(b -> b.date() != null ? b.date().atStartOfDay(zone).toInstant() : b.instant())
                .orElseGet(() -> end.isPresent() && end.get().date() != null
                        ? end.get().date().atStartOfDay(zone).toInstant()
                        : until.minusMillis(1).minus(DEFAULT_LENGTH));
        if (!from.isBefore(until)) {
            throw new InvalidRequestException("startDate (" + start.map(Bound::toString).orElse(from.toString())
                    + ") must not be after endDate (" + end.map(Bound::toString).orElse("now, " + now) + ")");
        }
        if (Duration.between(from, until).compareTo(MAX_LENGTH) > 0) {
            throw new UnprocessableException("the range from startDate to endDate covers more than " + DateRange.MAX_DAYS + " days, the maximum");
        }
        return new TimeRange(from.toEpochMilli(), until.toEpochMilli());
    }
}
