package ai.synaptiq.api.exports;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Settings of the exports feature. The API server reads them with its other flags and variables
 * ({@code --smtp-host} or {@code SYNAPTIQ_SMTP_HOST}..., see {@code ApiConfig}); tests build their own.
 *
 * @param smtpHost SMTP server for email deliveries (empty: email destinations fail with a clear reason)
 * @param claimSettle how long an instance waits after claiming a run before checking it won; must exceed
 *     one second (claims are ordered by ClickHouse's clock, in seconds) plus an insert's latency
 * @param retryDelays the waits before each retry of a failed delivery, after the previous attempt
 */
public record ExportsConfig(String smtpHost, int smtpPort, String smtpFrom, String smtpUser, String smtpPassword, boolean smtpStartTls,
        String instanceId, Duration tickInterval, Duration claimSettle, Duration fileRetention, List<Duration> retryDelays,
        Duration mutationTimeout) {

    /** 3 retries over the next hour: after 5, 15 and 40 more minutes. */
    public static final List<Duration> RETRIES = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(40));

    public static ExportsConfig defaults() {
        return new ExportsConfig("", 25, "exports@synaptiq.local", "", "", false, "api-" + UUID.randomUUID().toString().substring(0, 8),
                Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofDays(30), RETRIES, Duration.ofMinutes(2));
    }

    public ExportsConfig withSmtp(String host, int port) {
        return new ExportsConfig(host, port, smtpFrom, smtpUser, smtpPassword, smtpStartTls, instanceId, tickInterval, claimSettle,
                fileRetention, retryDelays, mutationTimeout);
    }

    public ExportsConfig withInstance(String id, Duration settle) {
        return new ExportsConfig(smtpHost, smtpPort, smtpFrom, smtpUser, smtpPassword, smtpStartTls, id, tickInterval, settle,
                fileRetention, retryDelays, mutationTimeout);
    }
}
