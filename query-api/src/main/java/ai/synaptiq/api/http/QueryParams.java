package ai.synaptiq.api.http;

import ai.synaptiq.api.analytics.ActivityWindow;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.schemas.events.Vocabulary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query string of one request, checked strictly: every parameter must be one the endpoint
 * takes, given once and not empty; every value is validated for its shape before anything else
 * sees it. Messages name the parameter and what was expected.
 */
public final class QueryParams {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");
    private static final int ECHO_LIMIT = 40;
    /** IANA zone names; Java's legacy SystemV/* aliases are not IANA names and ClickHouse does not know them. */
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds().stream().filter(z -> !z.startsWith("SystemV/")).collect(Collectors.toUnmodifiableSet());

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams of(Map<String, List<String>> raw, Set<String> accepted) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            String name = e.getKey();
            if (!accepted.contains(name)) {
                throw new InvalidRequestException("unknown parameter '" + echo(name) + "'; this endpoint takes " + String.join(", ", new TreeSet<>(accepted)));
            }
            if (e.getValue().isEmpty()) {
                throw new InvalidRequestException("parameter " + name + " has a malformed value; encode it as UTF-8 with valid percent escapes");
            }
            if (e.getValue().size() != 1) {
                throw new InvalidRequestException("parameter " + name + " is given " + e.getValue().size() + " times; give it once");
            }
            String value = e.getValue().get(0);
            if (value == null || value.isBlank()) {
                throw new InvalidRequestException("parameter " + name + " is empty; leave it out to use its default");
            }
            values.put(name, value);
        }
        return new QueryParams(values);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** An ISO 8601 date, {@code 2026-03-01}. */
    public Optional<LocalDate> date(String name) {
        return text(name).map(v -> {
            if (DATE.matcher(v).matches()) {
                try {
                    return LocalDate.parse(v);
                } catch (DateTimeParseException e) {
                    // falls through to the message below
                }
            }
            throw new InvalidRequestException(name + " must be an ISO 8601 date like 2026-03-01, got '" + echo(v) + "'");
        });
    }

    /** An ISO 8601 date ({@code 2026-03-01}) or instant with Z or an offset ({@code 2026-03-01T10:00:00.000Z}). */
    public Optional<ActivityWindow.Bound> dateOrInstant(String name) {
        return text(name).map(v -> {
            if (DATE.matcher(v).matches()) {
                try {
                    return ActivityWindow.Bound.of(LocalDate.parse(v));
                } catch (DateTimeParseException e) {
                    // falls through to the message below
                }
            } else if (v.length() <= 40) {
                try {
                    return ActivityWindow.Bound.of(Instant.from(OffsetDateTime.parse(v)));
                } catch (DateTimeParseException e) {
                    // falls through to the message below
                }
            }
            throw new InvalidRequestException(name + " must be an ISO 8601 date like 2026-03-01 or an instant like 2026-03-01T10:00:00.000Z, got '"
                    + echo(v) + "'");
        });
    }

    /** One of a closed set of values, e.g. {@code granularity=week}. */
    public <T> Optional<T> choice(String name, Map<String, T> allowed) {
        return text(name).map(v -> {
            T t = allowed.get(v);
            if (t == null) {
                throw new InvalidRequestException(name + " must be one of " + String.join(", ", new TreeSet<>(allowed.keySet())) + ", got '" + echo(v) + "'");
            }
            return t;
        });
    }

    /** A comma-separated list of values from a closed set; returned sorted and without repeats. */
    public Optional<List<String>> choices(String name, List<String> allowed) {
        return text(name).map(v -> {
            TreeSet<String> picked = new TreeSet<>();
            for (String item : v.split(",", -1)) {
                String trimmed = item.strip();
                if (!allowed.contains(trimmed)) {
                    throw new InvalidRequestException(name + " must be a comma-separated list of " + String.join(", ", allowed)
                            + "; '" + echo(trimmed) + "' is not one of them");
                }
                picked.add(trimmed);
            }
            return List.copyOf(picked);
        });
    }

    /** An identifier of the event contract: 1-64 characters of {@code [A-Za-z0-9_-]}. */
    public Optional<String> id(String name) {
        return text(name).map(v -> {
            if (!Vocabulary.ID.matcher(v).matches()) {
                throw new InvalidRequestException(name + " must be an id of 1-64 characters of [A-Za-z0-9_-], got '" + echo(v) + "'");
            }
            return v;
        });
    }

    public Optional<Long> wholeNumber(String name, long min, long max) {
        return text(name).map(v -> {
            if (WHOLE_NUMBER.matcher(v).matches()) {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) {
                    return n;
                }
            }
            throw new InvalidRequestException(name + " must be a whole number from " + min + " to " + max + ", got '" + echo(v) + "'");
        });
    }

    /** An IANA zone name such as {@code Asia/Kolkata}; UTC when absent. */
    public ZoneId zone(String name) {
        return text(name).map(v -> {
            if (!ZONES.contains(v)) {
                throw new InvalidRequestException(name + " must be an IANA time zone name such as UTC, Europe/Berlin or Asia/Kolkata, got '" + echo(v) + "'");
            }
            return ZoneId.of(v);
        }).orElse(ZoneId.of("UTC"));
    }

    /** A value as it may appear in a message: shortened, so a huge parameter does not make a huge answer. */
    private static String echo(String v) {
        return v.length() <= ECHO_LIMIT ? v : v.substring(0, ECHO_LIMIT) + "...";
    }
}
