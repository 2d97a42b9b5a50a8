package ai.synaptiq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

    @Test
    void shouldTakeFlagsOverEnvironmentOverDefaults() {
        ApiConfig defaults = ApiConfig.defaults();
        assertEquals(7070, defaults.port());
        assertEquals("http://127.0.0.1:8123", defaults.clickHouseUrl());
        ApiConfig c = ApiConfig.fromArgs(new String[] {"--port", "9090", "--rate-limit=20/s"},
                Map.of("SYNAPTIQ_PORT", "8080", "SYNAPTIQ_CLICKHOUSE", "http://ch:8123", "SYNAPTIQ_RATE_LIMIT", "5/min"));
        assertEquals(9090, c.port());
        assertEquals("http://ch:8123", c.clickHouseUrl());
        assertEquals(new ApiConfig.RateLimit(20, Duration.ofSeconds(1)), c.rateLimit());
        assertTrue(c.describe().contains("20/s per key"));
        assertTrue(ApiConfig.help().contains("SYNAPTIQ_RATE_LIMIT"));
    }

    @Test
    void shouldNeverPrintTheClickHouseCredentials() {
        ApiConfig inUrl = ApiConfig.fromArgs(new String[] {"--clickhouse", "http://synaptiq:s3cretInUrl@ch:8123"}, Map.of());
        ApiConfig apart = ApiConfig.fromArgs(new String[0], Map.of("SYNAPTIQ_CLICKHOUSE_USER", "synaptiq", "SYNAPTIQ_CLICKHOUSE_PASSWORD", "s3cretApart"));
        assertFalse(inUrl.describe().contains("s3cretInUrl"), inUrl.describe());
        assertTrue(inUrl.describe().contains("http://ch:8123"), inUrl.describe());
        assertFalse(apart.describe().contains("s3cretApart"), apart.describe());
        assertEquals("s3cretApart", apart.clickHousePassword());
    }

    @Test
    void shouldReadRateLimits() {
        assertEquals(new ApiConfig.RateLimit(600, Duration.ofMinutes(1)), ApiConfig.RateLimit.parse("600/min"));
        assertEquals(new ApiConfig.RateLimit(5000, Duration.ofHours(1)), ApiConfig.RateLimit.parse("5000/h"));
        assertEquals(new ApiConfig.RateLimit(30, Duration.ofMinutes(1)), ApiConfig.RateLimit.parse("30"));
        assertEquals(new ApiConfig.RateLimit(2, Duration.ofSeconds(1)), ApiConfig.RateLimit.parse("2/second"));
        assertFalse(ApiConfig.RateLimit.parse("off").enabled());
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.RateLimit.parse("600 per minute"));
    }

    @Test
    void shouldReadTheExportSettingsAsFlagsAndVariables() {
        ApiConfig d = ApiConfig.defaults();
        assertTrue(d.exportScheduler());
        assertEquals("", d.exports().smtpHost());
        assertEquals(Duration.ofSeconds(30), d.exports().tickInterval());
        assertTrue(d.exports().instanceId().startsWith("api-"));
        ApiConfig c = ApiConfig.fromArgs(new String[] {"--smtp-host", "mail.example.com", "--export-scheduler=off", "--instance-id", "api-1"},
                Map.of("SYNAPTIQ_SMTP_PORT", "2525", "SYNAPTIQ_SMTP_USER", "robot", "SYNAPTIQ_SMTP_PASSWORD", "hunter2",
                        "SYNAPTIQ_SMTP_STARTTLS", "true", "SYNAPTIQ_EXPORT_TICK_MS", "5000", "SYNAPTIQ_ERASURE_WAIT_MS", "60000"));
        assertEquals("mail.example.com", c.exports().smtpHost());
        assertEquals(2525, c.exports().smtpPort());
        assertEquals("robot", c.exports().smtpUser());
        assertTrue(c.exports().smtpStartTls());
        assertFalse(c.exportScheduler());
        assertEquals("api-1", c.exports().instanceId());
        assertEquals(Duration.ofSeconds(5), c.exports().tickInterval());
        assertEquals(Duration.ofMinutes(1), c.exports().mutationTimeout());
        assertTrue(c.describe().contains("mail.example.com:2525") && !c.describe().contains("hunter2"), c.describe());
        assertTrue(ApiConfig.help().contains("SYNAPTIQ_SMTP_HOST") && ApiConfig.help().contains("--export-scheduler"));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--export-scheduler", "sometimes"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--smtp-starttls", "yes please"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--instance-id", "two words"}, Map.of()));
    }

    @Test
    void shouldRefuseUnknownFlagsAndBadNumbers() {
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--prot", "1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--port", "seventy"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--port", "70000"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.fromArgs(new String[] {"--port"}, Map.of()));
    }
}
