package ai.synaptiq.api.http;

import ai.synaptiq.api.errors.InvalidRequestException;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules every request value follows, whichever route reads it (through {@link RequestParams},
 * or a JSON body's own fields): one date parser, one time-zone
 * whitelist, one rule for numbers, one rule for empty and malformed values, and one way to quote
 * a client's input in a message. docs/security.md, "Input validation", explains each limit.
 */
public final class ParameterRules {
    /** The most characters of a client's value an error message repeats. */
    public static final int QUOTE_LIMIT = 100;
    /** Dates outside these years are refused: nothing the product stores is older, and far years overflow epoch arithmetic. */
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;
    /** Decimal places a number in a filter may have. */
    public static final int MAX_DECIMALS = 4;
    public static final ZoneId UTC = ZoneId.of("UTC");

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** At most 9 integer digits and {@link #MAX_DECIMALS} decimals, no exponent: a bounded text with a bounded plain form. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,9}(\\.\\d{1," + MAX_DECIMALS + "})?");
    /** Java's fixed-offset names in disguise ({@code Etc/GMT+5} is UTC-5): offsets are not zones, and their sign misleads. */
    private static final Pattern OFFSET_ZONE = Pattern.compile(".*GMT[+-]\\d+");
    /**
     * Region zones both the JDK and ClickHouse know: the JDK's IANA names without its legacy
     * {@code SystemV/*} aliases (ClickHouse refuses them) and without offset forms. Names such as
     * {@code UTC+1}, {@code GMT+5}, {@code Z} or {@code +05:00} are not in the JDK's list at all.
     * ZoneWhitelistTest runs every one of them through ClickHouse.
     */
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> !z.startsWith("SystemV/") && !OFFSET_ZONE.matcher(z).matches())
            .collect(Collectors.toUnmodifiableSet());

    private ParameterRules() {
    }

    /** The zones a {@code timezone} parameter may name. */
    public static Set<String> zones() {
        return ZONES;
    }

    /**
     * The decoded query string of a request. A value whose percent escapes do not decode (Javalin
     * leaves it out, or fails) and an empty value are refused naming the parameter: a filter that
     * could not be read must never be dropped, which would widen an export.
     */
    public static Map<String, List<String>> queryParameters(Context ctx) {
        Map<String, List<String>> raw;
        try {
            raw = ctx.queryParamMap();
        } catch (RuntimeException e) {
            throw new InvalidRequestException("the query string is not valid URL encoding (UTF-8, percent escapes)");
        }
        raw.forEach((name, values) -> {
            if (values.isEmpty()) {
                throw new InvalidRequestException("parameter " + quote(name) + " has a malformed value; encode it as UTF-8 with valid percent escapes");
            }
            values.forEach(v -> requireNotBlank(name, v));
        });
        return raw;
    }

    /** An empty or blank value is the client's mistake, never "no filter". */
    public static String requireNotBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("parameter " + quote(name) + " is empty; leave it out to use its default");
        }
        return value;
    }

    /** A calendar date {@code 2026-03-01} with a year from {@value #MIN_YEAR} to {@value #MAX_YEAR}. */
    public static LocalDate date(String name, String value) {
        if (DATE.matcher(value).matches()) {
            try {
                LocalDate d = LocalDate.parse(value);
                if (d.getYear() >= MIN_YEAR && d.getYear() <= MAX_YEAR) {
                    return d;
                }
            } catch (DateTimeException e) {
                // falls through to the message below
            }
        }
        throw new InvalidRequestException(name + " must be an ISO 8601 date like 2026-03-01 (years " + MIN_YEAR + " to " + MAX_YEAR
                + "), got " + quote(value));
    }

    /** An instant with Z or an offset, {@code 2026-03-01T10:00:00.000Z}, in the years {@link #date} takes; null when it is not one. */
    public static Instant instantOrNull(String value) {
        if (value.length() > 40) {
            return null;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(value);
            int year = t.withOffsetSameInstant(ZoneOffset.UTC).getYear();
            return year >= MIN_YEAR && year <= MAX_YEAR ? t.toInstant() : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A zone of the whitelist ({@link #zones}), e.g. {@code Europe/Berlin}. */
    public static ZoneId zone(String name, String value) {
        if (!ZONES.contains(value)) {
            throw new InvalidRequestException(name + " must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York"
                    + " (not an offset such as UTC+1), got " + quote(value));
        }
        return ZoneId.of(value);
    }

    /**
     * A decimal number within [min, max] written plainly: at most 9 integer digits and
     * {@value #MAX_DECIMALS} decimals, no exponent, so neither its text nor its plain form can be
     * huge (a {@code 1E-999999999} would take a gigabyte to print).
     */
    public static BigDecimal decimal(String name, String value, long min, long max) {
        String v = value.strip();
        if (!DECIMAL.matcher(v).matches()) {
            throw new InvalidRequestException(name + " must be a number written plainly with at most " + MAX_DECIMALS
                    + " decimals (no exponent), got " + quote(value));
        }
        BigDecimal n = new BigDecimal(v);
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidRequestException(name + " must be between " + min + " and " + max + ", got " + quote(value));
        }
        BigDecimal stripped = n.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * A client's value as a message may quote it: in single quotes, cut to {@value #QUOTE_LIMIT}
     * characters, control characters shown as {@code ?}, so a huge or binary value does not make a
     * huge or broken answer.
     */
    public static String quote(String value) {
        if (value == null) {
            return "''";
        }
        int end = Math.min(value.length(), QUOTE_LIMIT);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        String cut = value.substring(0, end);
        StringBuilder sb = new StringBuilder(cut.length() + 5).append('\'');
        cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        sb.append('\'');
        if (cut.length() < value.length()) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
