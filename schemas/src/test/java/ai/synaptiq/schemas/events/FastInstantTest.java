package ai.synaptiq.schemas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser's fast path for instants agrees with OffsetDateTime.parse, or leaves the verdict to it. */
class FastInstantTest {

    private static Long full(String t) {
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void check(String t) {
        long fast = EventParser.fastInstant(t);
        if (fast != EventParser.NOT_FAST) {
            assertEquals(full(t), fast, t);
        }
    }

    @Test
    void shouldAgreeWithTheFullParserOnUsualAndOddInstants() {
        for (String t : List.of("2026-04-05T11:42:00.000Z", "2026-04-05T11:42:00Z", "2026-04-05T11:42:00.1Z",
                "2026-04-05T11:42:00.123456789Z", "2026-04-05T11:42:00.1234567891Z", "2026-04-05T11:42:00+05:30",
                "2026-04-05T11:42:00.5-03:30", "2024-02-29T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-04-05T24:00:00Z", "2026-04-05T11:60:00Z", "2026-04-05T11:42:60Z",
                "2026-04-05T11:42Z", "2026-04-05t11:42:00z", "2026-04-05T11:42:00-00:00", "2026-04-05T11:42:00+18:00",
                "2026-04-05T11:42:00.Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999-17:59",
                "2000-02-29T12:00:00+00:00", "1900-02-29T12:00:00Z", "2026-04-05T11:42:00+5:30", "2026-04-05 11:42:00Z")) {
            check(t);
        }
        assertTrue(EventParser.fastInstant("2026-04-05T11:42:00.000Z") != EventParser.NOT_FAST, "the usual shape takes the fast path");
        assertTrue(EventParser.fastInstant("2026-04-05T11:42:00+05:30") != EventParser.NOT_FAST);
    }

    @Test
    void shouldAgreeWithTheFullParserOnRandomInstants() {
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            String frac = switch (r.nextInt(4)) {
                case 0 -> "";
                case 1 -> "." + String.format("%03d", r.nextInt(1000));
                case 2 -> "." + String.format("%0" + (1 + r.nextInt(9)) + "d", r.nextInt(1000));
                default -> "." + r.nextInt(10);
            };
            String off = switch (r.nextInt(3)) {
                case 0 -> "Z";
                default -> (r.nextBoolean() ? "+" : "-") + String.format("%02d:%02d", r.nextInt(20), r.nextInt(62));
            };
            String t = String.format("%04d-%02d-%02dT%02d:%02d:%02d", 1965 + r.nextInt(100), r.nextInt(14), r.nextInt(33),
                    r.nextInt(26), r.nextInt(62), r.nextInt(62)) + frac + off;
            check(t);
        }
    }
}
