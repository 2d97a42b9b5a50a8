package ai.synaptiq.api.http;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.analytics.ActivityWindow;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.schemas.events.Vocabulary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The query string of one request, checked strictly: every parameter must be one the endpoint
 * takes, given once and not empty; every value is validated for its shape before anything else
 * sees it, by the rules of {@link ParameterRules} that the export routes follow too. Messages name
 * the parameter and what was expected.
 */
public final class QueryParams {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** The parameters of a request ({@link ParameterRules#queryParameters} has refused malformed and empty values). */
    public static QueryParams of(Map<String, List<String>> raw, Set<String> accepted) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            String name = e.getKey();
            if (!accepted.contains(name)) {
                throw new InvalidRequestException("unknown parameter " + quote(name) + "; this endpoint takes " + String.join(", ", new TreeSet<>(accepted)));
            }
            if (e.getValue().isEmpty()) {
                throw new InvalidRequestException("parameter " + name + " has a malformed value; encode it as UTF-8 with valid percent escapes");
            }
            if (e.getValue().size() != 1) {
                throw new InvalidRequestException("parameter " + name + " is given " + e.getValue().size() + " times; give it once");
            }
            values.put(name, ParameterRules.requireNotBlank(name, e.getValue().get(0)));
        }
        return new QueryParams(values);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** An ISO 8601 date, {@code 2026-03-01}, in the years {@link ParameterRules#date} takes. */
    public Optional<LocalDate> date(String name) {
        return text(name).map(v -> ParameterRules.date(name, v));
    }

    /** An ISO 8601 date ({@code 2026-03-01}) or instant with Z or an offset ({@code 2026-03-01T10:00:00.000Z}). */
    public Optional<ActivityWindow.Bound> dateOrInstant(String name) {
        return text(name).map(v -> {
            if (v.length() == 10) {
                return ActivityWindow.Bound.of(ParameterRules.date(name, v));
            }
            Instant instant = ParameterRules.instantOrNull(v);
            if (instant == null) {
                throw new InvalidRequestException(name + " must be an ISO 8601 date like 2026-03-01 or an instant like 2026-03-01T10:00:00.000Z"
                        + " (years " + ParameterRules.MIN_YEAR + " to " + ParameterRules.MAX_YEAR + "), got " + quote(v));
            }
            return ActivityWindow.Bound.of(instant);
        });
    }

    /** One of a closed set of values, e.g. {@code granularity=week}. */
    public <T> Optional<T> choice(String name, Map<String, T> allowed) {
        return text(name).map(v -> {
            T t = allowed.get(v);
            if (t == null) {
                throw new InvalidRequestException(name + " must be one of " + String.join(", ", new TreeSet<>(allowed.keySet())) + ", got " + quote(v));
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
                            + "; " + quote(trimmed) + " is not one of them");
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
                throw new InvalidRequestException(name + " must be an id of 1-64 characters of [A-Za-z0-9_-], got " + quote(v));
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
            throw new InvalidRequestException(name + " must be a whole number from " + min + " to " + max + ", got " + quote(v));
        });
    }

    /** A zone of {@link ParameterRules#zones}, such as {@code Asia/Kolkata}; UTC when absent. */
    public ZoneId zone(String name) {
        return text(name).map(v -> ParameterRules.zone(name, v)).orElse(ParameterRules.UTC);
    }
}
