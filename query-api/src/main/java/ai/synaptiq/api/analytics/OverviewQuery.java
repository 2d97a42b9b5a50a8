package ai.synaptiq.api.analytics;

import java.time.ZoneId;
import java.util.Optional;

/** A validated overview request; its {@code toString} is the normalized form the response cache keys on. */
public record OverviewQuery(DateRange period, Granularity granularity, Optional<CompareMode> compareWith, ZoneId zone) {
}
