package ai.synaptiq.api.exports;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
 * body or a stored schedule. Every getter validates the value's shape and fails with 400, so
 * nothing unchecked reaches SQL. A list parameter takes repeated names and comma-separated values.
 */
public final class ExportParams {
    private static final Pattern ZONE_SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9_+/-]{0,63}");
    private final Map<String, List<String>> values;

    private ExportParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static ExportParams of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new ExportParams(copy);
    }

    /** A JSON object whose values are strings, numbers, booleans or arrays of them. */
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
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        throw new InvalidRequestException("'" + name + "' must be a string, a number or a list of them");
    }

    /** Fails on any parameter whose name is not in {@code known}: a misspelt filter must not export everything. */
    public ExportParams requireOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException("unknown parameter '" + name + "'; this export takes " + String.join(", ", new TreeSet<>(known)));
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

    /** The one value of a single-valued parameter, if given (blank counts as absent). */
    public Optional<String> text(String name) {
        List<String> v = values.getOrDefault(name, List.of()).stream().filter(s -> !s.isBlank()).toList();
        if (v.size() > 1) {
            throw new InvalidRequestException("'" + name + "' takes one value, got " + v.size());
        }
        return v.stream().findFirst().map(String::strip);
    }

    /** Every value of a list parameter: repeated names and comma-separated values, blanks dropped. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** Identifiers of the event contract ([A-Za-z0-9_-], 1-64 characters). */
    public List<String> ids(String name) {
        List<String> ids = list(name);
        for (String id : ids) {
            if (!Vocabulary.ID.matcher(id).matches()) {
                throw new InvalidRequestException("'" + name + "' holds '" + id + "', which is not an id ([A-Za-z0-9_-], 1-64 characters)");
            }
        }
        return ids;
    }

    /** Values of a list parameter that must each be one of {@code allowed}. */
    public List<String> choices(String name, Set<String> allowed) {
        List<String> v = list(name);
        for (String s : v) {
            if (!allowed.contains(s)) {
                throw new InvalidRequestException("'" + name + "' must be among " + String.join(", ", new TreeSet<>(allowed)) + "; got '" + s + "'");
            }
        }
        return v;
    }

    /** A single-valued parameter that must be one of {@code allowed}, or {@code dflt} when absent. */
    public String choice(String name, Set<String> allowed, String dflt) {
        String v = text(name).orElse(dflt);
        if (v != null && !allowed.contains(v)) {
            throw new InvalidRequestException("'" + name + "' must be one of " + String.join(", ", new TreeSet<>(allowed)) + "; got '" + v + "'");
        }
        return v;
    }

    public Optional<LocalDate> date(String name) {
        return text(name).map(s -> {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("'" + name + "' must be an ISO date such as 2026-03-01; got '" + s + "'");
            }
        });
    }

    /** {@code timezone}: an IANA zone name, UTC when absent. */
    public ZoneId zone() {
        return text("timezone").map(ExportParams::zone).orElse(ZoneId.of("UTC"));
    }

    public static ZoneId zone(String name) {
        if (!ZONE_SHAPE.matcher(name).matches()) {
            throw new InvalidRequestException("'timezone' must be an IANA zone name such as Europe/Berlin; got '" + name + "'");
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("'timezone' must be an IANA zone name such as Europe/Berlin; got '" + name + "'");
        }
    }

    /** A decimal number within [min, max]. */
    public Optional<BigDecimal> number(String name, int min, int max) {
        return text(name).map(s -> {
            BigDecimal n;
            try {
                n = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("'" + name + "' must be a number; got '" + s + "'");
            }
            if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw new InvalidRequestException("'" + name + "' must be between " + min + " and " + max + "; got " + s);
            }
            return n.stripTrailingZeros();
        });
    }

    /** An integer within [min, max], or {@code dflt} when absent. */
    public int integer(String name, int min, int max, int dflt) {
        return text(name).map(s -> {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("'" + name + "' must be an integer; got '" + s + "'");
            }
            if (n < min || n > max) {
                throw new InvalidRequestException("'" + name + "' must be between " + min + " and " + max + "; got " + n);
            }
            return n;
        }).orElse(dflt);
    }
}
