package ai.synaptiq.api.exports.schedule;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.exports.DataType;
import ai.synaptiq.api.exports.ExportFormat;
import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.http.RequestParams;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a schedule exports, when and where to (the body of {@code POST /v1/exports/schedules}):
 * the data type, format and filters of a manual export, a {@link Timing}, a date range mode and
 * one or more destinations. Dates and timezone come from the run, never from the filters.
 * {@code rows} {@code incremental} takes the rows changed since the last delivered run instead of a
 * period; {@code keyLayout} {@code date_partitioned} puts object-store files under {@code dt=<run date>/}.
 */
public record ScheduleDefinition(String name, DataType dataType, ExportFormat format, RequestParams filters, Timing timing,
        DateRangeMode mode, List<Destination> destinations, Rows rows, KeyLayout keyLayout) {
    public static final Set<String> FIELDS = Set.of("name", "dataType", "format", "filters", "frequency", "dayOfWeek", "dayOfMonth",
            "time", "dateRangeMode", "destinations", "mode", "keyLayout");

    /** Which rows a run takes (the schedule's {@code mode}): its period's, or those changed since the last delivered run. */
    public enum Rows {
        FULL, INCREMENTAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a run's file goes in an object store: {@code <prefix><file>}, or {@code <prefix>dt=<run date>/<file>}. */
    public enum KeyLayout {
        FLAT, DATE_PARTITIONED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<String, Rows> ROWS = Map.of("full", Rows.FULL, "incremental", Rows.INCREMENTAL);
    private static final Map<String, KeyLayout> KEY_LAYOUTS = Map.of("flat", KeyLayout.FLAT, "date_partitioned", KeyLayout.DATE_PARTITIONED);
    /** Parameters a schedule sets itself for each run. */
    private static final Set<String> SET_BY_RUN = Set.of("startDate", "endDate", "timezone", "format");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public static ScheduleDefinition of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("a schedule is a JSON object with dataType, format, filters, frequency, time, dateRangeMode and destinations");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new InvalidRequestException("unknown schedule field " + quote(f) + "; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        });
        String name = body.path("name").asText("").strip();
        if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("'name' must be at most 100 printable characters");
        }
        DataType type = DataType.fromWire(body.path("dataType").asText());
        RequestParams filters = RequestParams.fromJson(body.get("filters"));
        for (String n : SET_BY_RUN) {
            if (filters.asMap().containsKey(n)) {
                throw new InvalidRequestException("'filters' of a schedule cannot hold '" + n + "': each run sets it (dateRangeMode, the account timezone, format)");
            }
        }
        ExportFormat format = type.format(RequestParams.of(body.hasNonNull("format")
                ? Map.of("format", List.of(body.get("format").asText())) : Map.of()));
        Frequency frequency = switch (body.path("frequency").asText()) {
            case "daily" -> Frequency.DAILY;
            case "weekly" -> Frequency.WEEKLY;
            case "monthly" -> Frequency.MONTHLY;
            default -> throw new InvalidRequestException("'frequency' must be daily, weekly or monthly");
        };
        DayOfWeek dayOfWeek = null;
        if (frequency == Frequency.WEEKLY) {
            try {
                dayOfWeek = DayOfWeek.valueOf(body.path("dayOfWeek").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("a weekly schedule needs 'dayOfWeek': monday ... sunday");
            }
        }
        int dayOfMonth = 0;
        if (frequency == Frequency.MONTHLY) {
            dayOfMonth = body.path("dayOfMonth").asInt(0);
            if (dayOfMonth < 1 || dayOfMonth > 31 || !body.path("dayOfMonth").canConvertToInt()) {
                throw new InvalidRequestException("a monthly schedule needs 'dayOfMonth' from 1 to 31 (the last day of shorter months)");
            }
        }
        LocalTime time;
        try {
            time = LocalTime.parse(body.path("time").asText(), HH_MM);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'time' must be a time of day such as 08:00 (24-hour, in the account timezone)");
        }
        RequestParams options = RequestParams.of(textFields(body, "mode", "keyLayout"));
        Rows rows = options.choice("mode", ROWS).orElse(Rows.FULL);
        KeyLayout layout = options.choice("keyLayout", KEY_LAYOUTS).orElse(KeyLayout.FLAT);
        if (rows == Rows.INCREMENTAL && type == DataType.ANALYTICS) {
            throw new InvalidRequestException("'mode' incremental takes changed leads or conversations; an analytics report covers a period");
        }
        // An incremental run selects rows by change time, not by a period.
        DateRangeMode mode = switch (body.path("dateRangeMode").asText(rows == Rows.INCREMENTAL ? "all_time" : "previous_period")) {
            case "previous_period" -> DateRangeMode.PREVIOUS_PERIOD;
            case "all_time" -> DateRangeMode.ALL_TIME;
            default -> throw new InvalidRequestException("'dateRangeMode' must be previous_period or all_time");
        };
        if (rows == Rows.INCREMENTAL && mode != DateRangeMode.ALL_TIME) {
            throw new InvalidRequestException("an incremental schedule takes the rows changed since its last delivered run: 'dateRangeMode' must be all_time");
        }
        return new ScheduleDefinition(name, type, format, filters, new Timing(frequency, dayOfWeek, dayOfMonth, time), mode,
                Destination.listOf(body.get("destinations")), rows, layout);
    }

    /** The named fields of the body that are present, as text, for {@link RequestParams} to check. */
    private static Map<String, List<String>> textFields(JsonNode body, String... names) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String n : names) {
            if (body.has(n)) {
                m.put(n, List.of(body.get(n).asText()));
            }
        }
        return m;
    }

    /** The same schedule with other destinations (secrets sealed). */
    public ScheduleDefinition withDestinations(List<Destination> others) {
        return new ScheduleDefinition(name, dataType, format, filters, timing, mode, others, rows, keyLayout);
    }

    public boolean incremental() {
        return rows == Rows.INCREMENTAL;
    }

    /** The days (in the account's zone) a run due on {@code runDay} covers; null for all time (leads and conversations). */
    public DateRange period(LocalDate runDay) {
        if (mode == DateRangeMode.PREVIOUS_PERIOD) {
            return timing.previousPeriod(runDay);
        }
        // A report needs a period: all time is the longest a report covers, right before the run.
        return dataType == DataType.ANALYTICS ? new DateRange(runDay.minusDays(DateRange.MAX_DAYS), runDay.minusDays(1)) : null;
    }

    /** The export parameters of a run due on {@code runDay}. */
    public RequestParams paramsFor(LocalDate runDay, ZoneId zone) {
        RequestParams p = filters.with("format", format.wireName()).with("timezone", zone.getId());
        DateRange period = period(runDay);
        if (period != null) {
            p = p.with("startDate", period.startDate().toString()).with("endDate", period.endDate().toString());
        }
        return p;
    }

    public String timeText() {
        return HH_MM.format(timing.time());
    }
}
