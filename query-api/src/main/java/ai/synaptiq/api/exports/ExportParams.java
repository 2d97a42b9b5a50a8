package ai.synaptiq.api.exports;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.http.ParameterRules;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The parameters of an export as name -> values, whether they came from a query string, a JSON
 * body or a stored schedule. Every getter validates the value's shape by the rules the analytics
 * routes follow too ({@link ParameterRules}: dates, zones, numbers, empty values, quoting) and
 * fails with 400 naming the parameter, so nothing unchecked reaches SQL and no filter is dropped.
 * A list parameter takes repeated names and comma-separated values; any other is given once.
 */
public final class ExportParams {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,9}");
    /** Exponents of a JSON number whose plain form is short enough to write out; beyond them the number stays in E notation (and is refused). */
    private static final int PLAIN_SCALE_LIMIT = 20;
    private final Map<String, List<String>> values;

    private ExportParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static ExportParams of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new ExportParams(copy);
    }

    /** The query string of a request, with malformed and empty values refused. */
    public static ExportParams ofQuery(Context ctx) {
        return of(ParameterRules.queryParameters(ctx));
    }

    /** A JSON object whose values are strings, numbers, booleans or arrays of them; {@code null} counts as absent. */
    public static ExportParams fromJson(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new ExportParams(Map.of());
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
        return new ExportParams(map);
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

    /** Fails on any parameter whose name is not in {@code known}: a misspelt filter must not export everything. */
    public ExportParams requireOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException("unknown parameter " + quote(name) + "; this export takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    /** The same parameters without {@code names}. */
    public ExportParams without(String... names) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        for (String n : names) {
            copy.remove(n);
        }
        return new ExportParams(copy);
    }

    /** The same parameters with {@code name} set to {@code value}. */
    public ExportParams with(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.put(name, List.of(value));
        return new ExportParams(copy);
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
            throw new InvalidRequestException(quote(name) + " takes one value, got " + v.size());
        }
        return v.stream().findFirst().map(s -> ParameterRules.requireNotBlank(name, s).strip());
    }

    /** Every value of a list parameter: repeated names and comma-separated values; an empty item is a 400. */
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

    /** Identifiers of the event contract ([A-Za-z0-9_-], 1-64 characters). */
    public List<String> ids(String name) {
        List<String> ids = list(name);
        for (String id : ids) {
            if (!Vocabulary.ID.matcher(id).matches()) {
                throw new InvalidRequestException(quote(name) + " holds " + quote(id) + ", which is not an id ([A-Za-z0-9_-], 1-64 characters)");
            }
        }
        return ids;
    }

    /** Values of a list parameter that must each be one of {@code allowed}. */
    public List<String> choices(String name, Set<String> allowed) {
        List<String> v = list(name);
        for (String s : v) {
            if (!allowed.contains(s)) {
                throw new InvalidRequestException(quote(name) + " must be among " + String.join(", ", new TreeSet<>(allowed)) + "; got " + quote(s));
            }
        }
        return v;
    }

    /** A single-valued parameter that must be one of {@code allowed}, or {@code dflt} when absent. */
    public String choice(String name, Set<String> allowed, String dflt) {
        String v = text(name).orElse(dflt);
        if (v != null && !allowed.contains(v)) {
            throw new InvalidRequestException(quote(name) + " must be one of " + String.join(", ", new TreeSet<>(allowed)) + "; got " + quote(v));
        }
        return v;
    }

    /** An ISO date ({@link ParameterRules#date}). */
    public Optional<LocalDate> date(String name) {
        return text(name).map(s -> ParameterRules.date(name, s));
    }

    /** {@code timezone}: a zone of {@link ParameterRules#zones}, UTC when absent. */
    public ZoneId zone() {
        return text("timezone").map(ExportParams::zone).orElse(ParameterRules.UTC);
    }

    public static ZoneId zone(String name) {
        return ParameterRules.zone("timezone", name);
    }

    /** A decimal number within [min, max] ({@link ParameterRules#decimal}). */
    public Optional<BigDecimal> number(String name, int min, int max) {
        return text(name).map(s -> ParameterRules.decimal(name, s, min, max));
    }

    /** An integer within [min, max], or {@code dflt} when absent. */
    public int integer(String name, int min, int max, int dflt) {
        return text(name).map(s -> {
            if (WHOLE_NUMBER.matcher(s).matches()) {
                int n = Integer.parseInt(s);
                if (n >= min && n <= max) {
                    return n;
                }
            }
            throw new InvalidRequestException(quote(name) + " must be a whole number from " + min + " to " + max + "; got " + quote(s));
        }).orElse(dflt);
    }
}
