package ai.synaptiq.schemas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {
    @Command(name = "probe", mixinStandardHelpOptions = true)
    static final class Probe implements Runnable {
        @Mixin ClickHouseOptions clickHouse;
        @Option(names = "--freshness", defaultValue = "5s", description = "how old an answer may be") Duration freshness;
        @Option(names = "--rounds", defaultValue = "2", description = "rounds") int rounds;

        @Override
        public void run() {
        }
    }

    @Test
    void shouldReadOneDurationSyntax() {
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10s"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5m"));
        assertEquals(Duration.ofHours(48), DurationConverter.parse("48h"));
        assertEquals(Duration.ofDays(7), DurationConverter.parse("7d"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse("5000"));
        assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse("1.5s"));
        assertEquals("5s", DurationConverter.format(Duration.ofMillis(5000)));
        assertEquals("2m", DurationConverter.format(Duration.ofSeconds(120)));
        assertEquals("250ms", DurationConverter.format(Duration.ofMillis(250)));
    }

    @Test
    void shouldTakeFlagsOverVariablesOverDefaults() {
        Probe defaults = Cli.parse(new Probe(), new String[0], Map.of());
        assertEquals(Duration.ofSeconds(5), defaults.freshness);
        assertEquals("http://127.0.0.1:8123", defaults.clickHouse.url);
        Probe env = Cli.parse(new Probe(), new String[0], Map.of("SYNAPTIQ_FRESHNESS", "1m", "SYNAPTIQ_CLICKHOUSE_USER", "synaptiq", "SYNAPTIQ_ROUNDS", " "));
        assertEquals(Duration.ofMinutes(1), env.freshness);
        assertEquals("synaptiq", env.clickHouse.user);
        assertEquals(2, env.rounds, "a blank variable is unset");
        Probe flags = Cli.parse(new Probe(), new String[] {"--freshness=250ms", "--rounds", "3"}, Map.of("SYNAPTIQ_FRESHNESS", "1m"));
        assertEquals(Duration.ofMillis(250), flags.freshness);
        assertEquals(3, flags.rounds);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Cli.parse(new Probe(), new String[] {"--freshness", "5000"}, Map.of()));
        assertTrue(wrong.getMessage().contains("--freshness"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cli.parse(new Probe(), new String[] {"--colour", "red"}, Map.of()));
    }

    @Test
    void shouldReadTheOldSpellingsWithAWarning() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Probe probe = new Probe();
        int status = Cli.execute(probe, new String[] {"--freshness-ms", "100"}, Map.of(), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8),
                LegacyFlag.millis("freshness"));
        assertEquals(0, status);
        assertEquals(Duration.ofMillis(100), probe.freshness);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--freshness-ms is deprecated") && err.toString(StandardCharsets.UTF_8).contains("--freshness 100ms"),
                err.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream envErr = new ByteArrayOutputStream();
        Probe fromEnv = new Probe();
        Cli.execute(fromEnv, new String[0], Map.of("SYNAPTIQ_FRESHNESS_MS", "2000"), new PrintStream(out), new PrintStream(envErr, true, StandardCharsets.UTF_8),
                LegacyFlag.millis("freshness"));
        assertEquals(Duration.ofSeconds(2), fromEnv.freshness);
        assertTrue(envErr.toString(StandardCharsets.UTF_8).contains("SYNAPTIQ_FRESHNESS_MS is deprecated"), envErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldNameEachVariableInTheHelpAndNeverASecret() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.execute(new Probe(), new String[] {"--help"}, Map.of("SYNAPTIQ_CLICKHOUSE_PASSWORD", "s3cret"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status);
        assertTrue(help.contains("SYNAPTIQ_FRESHNESS, default 5s") && help.contains("SYNAPTIQ_CLICKHOUSE_USER"), help);
        assertFalse(help.contains("s3cret"), help);
    }
}
