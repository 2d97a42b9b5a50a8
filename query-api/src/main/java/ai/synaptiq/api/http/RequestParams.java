package ai.synaptiq.api.http;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.analytics.TimeRange;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parameters of a request, of every route alike (analytics, exports, schedules), as name ->
 * values, whether they came from a query string, a JSON body or a stored schedule. One rule for
 * all of them (docs/security.md, "Input validation"):
 * <ul>
 * <li>unknown: a name the route does not take is a 400 ({@link #requireOnly}), so a misspelt filter
 *     never widens an answer;</li>
 * <li>repeated: a single-valued parameter given twice is a 400; a list parameter ({@link #list})
 *     takes comma-separated values, repeated names, or a JSON array;</li>
 * <li>empty and malformed: an empty value, an empty list item or a value whose escapes do not decode
 *     is a 400 naming the parameter, never "no filter";</li>
 * <li>every value is checked for its shape by {@link ParameterRules} (dates, zones, numbers, ids)
 *     before anything else sees it, and a message quotes it cut short.</li>
 * </ul>
 */
public final class RequestParams {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");
    /** Exponents of a JSON number whose plain form is short enough to write out; beyond them the number stays in E notation (and is refused). */
    private static final int PLAIN_SCALE_LIMIT = 20;
    private final Map<String, List<String>> values;

    private RequestParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static RequestParams of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new RequestParams(copy);
    }

    /** The query string of a request, with malformed and empty values refused ({@link ParameterRules#queryParameters}). */
    public static RequestParams ofQuery(Context ctx) {
        return of(ParameterRules.queryParameters(ctx));
    }

    /** A JSON object whose values are strings, numbers, booleans or arrays of them; {@code null} counts as absent. */
    public static RequestParams fromJson(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new RequestParams(Map.of());
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("the filters must be a JSON object");
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> list = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> list.add(scalar(e.getKey(), v)));
            } else if (!e.getValue().isNull()) {
                list.add(scalar(e.getKey(), e.getValue()));
            }
            map.put(e.getKey(), list);
        }
        return new RequestParams(map);
    }

    private static String scalar(String name, JsonNode v) {
        if (v.isNumber()) {
            return number(name, v);
        }
        if (v.isValueNode() && !v.isNull()) {
            return ParameterRules.requireNotBlank(name, v.asText());
        }
        throw new InvalidRequestException(quote(name) + " must be a string, a number or a list of them");
    }

    /** A JSON number as text: plain when that is short, else as Jackson writes it (E notation, which the number rule refuses). */
    private static String number(String name, JsonNode v) {
        try {
            BigDecimal d = v.decimalValue();
            return Math.abs(d.scale()) <= PLAIN_SCALE_LIMIT && d.precision() <= PLAIN_SCALE_LIMIT ? d.toPlainString() : d.toString();
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(quote(name) + " must be a finite number, got " + quote(v.asText()));
        }
    }

    /** Fails on any parameter whose name is not in {@code known}: a misspelt filter must not widen the answer. */
    public RequestParams requireOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException("unknown parameter " + quote(name) + "; this endpoint takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    /** The same parameters without {@code names}. */
    public RequestParams without(String... names) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        for (String n : names) {
            copy.remove(n);
        }
        return new RequestParams(copy);
    }

    /** The same parameters with {@code name} set to {@code value}. */
    public RequestParams with(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.put(name, List.of(value));
        return new RequestParams(copy);
    }

    public Map<String, List<String>> asMap() {
        return values;
    }

    public boolean has(String name) {
        return !list(name).isEmpty();
    }

    /** The one value of a single-valued parameter, if given; given twice, or empty, is a 400. */
    public Optional<String> text(String name) {
        List<String> v = values.getOrDefault(name, List.of());
        if (v.size() > 1) {
            throw new InvalidRequestException("parameter " + quote(name) + " is given " + v.size() + " times; give it once");
        }
        return v.stream().findFirst().map(s -> ParameterRules.requireNotBlank(name, s));
    }

    /** Every value of a list parameter: comma-separated values, repeated names or a JSON array; an empty item is a 400. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, List.of())) {
            for (String part : v.split(",", -1)) {
                if (part.isBlank()) {
                    throw new InvalidRequestException(quote(name) + " holds an empty value; give comma-separated values without blanks, or leave it out");
                }
                out.add(part.strip());
            }
        }
        return out;
    }

    /** An identifier of the event contract: 1-64 characters of {@code [A-Za-z0-9_-]}. */
    public Optional<String> id(String name) {
        return text(name).map(v -> checkedId(name, v));
    }

    /** A list of identifiers of the event contract ({@link #id}). */
    public List<String> ids(String name) {
        return list(name).stream().map(v -> checkedId(name, v)).toList();
    }

    private static String checkedId(String name, String v) {
        if (!Vocabulary.ID.matcher(v).matches()) {
            throw new InvalidRequestException(name + " must be an id of 1-64 characters of [A-Za-z0-9_-], got " + quote(v));
        }
        return v;
    }

    /** A list parameter whose values must each be one of {@code allowed}; sorted and without repeats, empty when absent. */
    public List<String> choices(String name, Collection<String> allowed) {
        TreeSet<String> picked = new TreeSet<>();
        for (String v : list(name)) {
            if (!allowed.contains(v)) {
                throw new InvalidRequestException(name + " must be a comma-separated list of " + String.join(", ", new TreeSet<>(allowed))
                        + "; " + quote(v) + " is not one of them");
            }
            picked.add(v);
        }
        return List.copyOf(picked);
    }

    /** One of a closed set of values, e.g. {@code granularity=week}, as the value it names. */
    public <T> Optional<T> choice(String name, Map<String, T> allowed) {
        return text(name).map(v -> {
            T t = allowed.get(v);
            if (t == null) {
                throw new InvalidRequestException(name + " must be one of " + String.join(", ", new TreeSet<>(allowed.keySet())) + ", got " + quote(v));
            }
            return t;
        });
    }

    /** One of a closed set of values, e.g. {@code channel=whatsapp}. */
    public Optional<String> choice(String name, Set<String> allowed) {
        return choice(name, allowed.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity())));
    }

    /** A single-valued parameter that must be one of {@code allowed}, or {@code dflt} when absent. */
    public String choice(String name, Set<String> allowed, String dflt) {
        return choice(name, allowed).orElse(dflt);
    }

    /** An ISO 8601 date, {@code 2026-03-01}, in the years {@link ParameterRules#date} takes. */
    public Optional<LocalDate> date(String name) {
        return text(name).map(s -> ParameterRules.date(name, s));
    }

    /** An ISO 8601 date ({@code 2026-03-01}) or instant with Z or an offset ({@code 2026-03-01T10:00:00.000Z}). */
    public Optional<TimeRange.Bound> dateOrInstant(String name) {
        return text(name).map(v -> {
            if (v.length() == 10) {
                return TimeRange.Bound.of(ParameterRules.date(name, v));
            }
            Instant instant = ParameterRules.instantOrNull(v);
            if (instant == null) {
                throw new InvalidRequestException(name + " must be an ISO 8601 date like 2026-03-01 or an instant like 2026-03-01T10:00:00.000Z"
                        + " (years " + ParameterRules.MIN_YEAR + " to " + ParameterRules.MAX_YEAR + "), got " + quote(v));
            }
            return TimeRange.Bound.of(instant);
        });
    }

    /** {@code timezone}: a zone of {@link ParameterRules#zones}, such as {@code Asia/Kolkata}; UTC when absent. */
    public ZoneId zone() {
        return text("timezone").map(v -> ParameterRules.zone("timezone", v)).orElse(ParameterRules.UTC);
    }

    /** A decimal number within [min, max] ({@link ParameterRules#decimal}). */
    public Optional<BigDecimal> number(String name, int min, int max) {
        return text(name).map(s -> ParameterRules.decimal(name, s, min, max));
    }

    /** A whole number within [min, max]. */
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

    /** A whole number within [min, max], or {@code dflt} when absent. */
    public int integer(String name, int min, int max, int dflt) {
        return wholeNumber(name, min, max).map(Long::intValue).orElse(dflt);
    }
}
