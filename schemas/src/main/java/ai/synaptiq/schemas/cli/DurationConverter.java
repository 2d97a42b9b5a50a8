package ai.synaptiq.schemas.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** The one duration syntax of every flag and variable: a whole number and a unit, {@code 250ms}, {@code 10s}, {@code 5m}, {@code 48h}, {@code 7d}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final long[] UNIT_MS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    @Override
    public Duration convert(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** A bare {@code 0} is zero; anything else needs its unit. */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHAPE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 250ms, 10s, 5m, 48h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact spelling in the same syntax: 5000 ms is {@code 5s}, 90 minutes {@code 90m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (ms % UNIT_MS[i] == 0) {
                return ms / UNIT_MS[i] + UNITS[i];
            }
        }
        return ms + "ms";
    }
}
