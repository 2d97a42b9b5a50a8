package ai.synaptiq.api.analytics;

import java.time.ZoneId;
import java.util.Optional;

/** A validated funnel request; {@code channel} and {@code source} are values of the event contract. */
public record FunnelQuery(DateRange period, Optional<String> channel, Optional<String> source, ZoneId zone) {
}
