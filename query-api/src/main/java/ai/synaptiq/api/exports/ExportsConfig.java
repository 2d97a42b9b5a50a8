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
 * @param allowPrivateDestinations deliveries may go to loopback, private and link-local addresses (off by default)
 * @param secretsKey base64 of the 32-byte AES key sealing destination secrets at rest (empty: none)
 * @param deliveryTimeout the longest one delivery may take, connecting, sending and reading the answer together
 * @param runThreads how many scheduled runs (file and deliveries) are carried out at once, off the scheduler's tick
 * @param streamsPerAccount how many exports (manual exports and downloads) one account may stream at once
 * @param cloud the addresses of GCS and Dropbox, and the size from which Dropbox uploads go in chunks
 * @param incrementalLag how far behind ClickHouse's clock an incremental run's window ends: longer than any insert
 *     takes to become visible, so a row written while a run goes lands in a later run (docs/exports.md, "Incremental schedules")
 */
public record ExportsConfig(String smtpHost, int smtpPort, String smtpFrom, String smtpUser, String smtpPassword, boolean smtpStartTls,
        String instanceId, Duration tickInterval, Duration claimSettle, Duration fileRetention, List<Duration> retryDelays,
        Duration mutationTimeout, boolean allowPrivateDestinations, String secretsKey, Duration deliveryTimeout, int runThreads,
        int streamsPerAccount, Cloud cloud, Duration incrementalLag) {

    /**
     * Where the cloud destinations are: GCS's XML API endpoint, Dropbox's content API, and from
     * which size a Dropbox upload goes through an upload session in chunks of {@code dropboxChunk}
     * bytes. Production uses {@link #DEFAULT}; tests point them at their local receivers.
     */
    public record Cloud(String gcsEndpoint, String dropboxContentUrl, long dropboxSingleMax, long dropboxChunk) {
        /** Dropbox takes at most 150 MiB in one request; session chunks of 128 MiB (a multiple of 4 MiB, as Dropbox prefers). */
        public static final Cloud DEFAULT = new Cloud("https://storage.googleapis.com", "https://content.dropboxapi.com", 150L << 20, 128L << 20);
    }

    /** 3 retries over the next hour: after 5, 15 and 40 more minutes. */
    public static final List<Duration> RETRIES = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(40));

    public static ExportsConfig defaults() {
        return new ExportsConfig("", 25, "exports@synaptiq.local", "", "", false, "api-" + UUID.randomUUID().toString().substring(0, 8),
                Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofDays(30), RETRIES, Duration.ofMinutes(2), false, "",
                Duration.ofSeconds(30), 4, 2, Cloud.DEFAULT, Duration.ofSeconds(30));
    }

    public ExportsConfig withSmtp(String host, int port) {
        return new ExportsConfig(host, port, smtpFrom, smtpUser, smtpPassword, smtpStartTls, instanceId, tickInterval, claimSettle,
                fileRetention, retryDelays, mutationTimeout, allowPrivateDestinations, secretsKey, deliveryTimeout, runThreads, streamsPerAccount, cloud, incrementalLag);
    }

    public ExportsConfig withInstance(String id, Duration settle) {
        return new ExportsConfig(smtpHost, smtpPort, smtpFrom, smtpUser, smtpPassword, smtpStartTls, id, tickInterval, settle,
                fileRetention, retryDelays, mutationTimeout, allowPrivateDestinations, secretsKey, deliveryTimeout, runThreads, streamsPerAccount, cloud, incrementalLag);
    }

    /** Private destinations allowed or not, with this secrets key and delivery deadline. */
    public ExportsConfig withOutbound(boolean allowPrivate, String key, Duration timeout) {
        return new ExportsConfig(smtpHost, smtpPort, smtpFrom, smtpUser, smtpPassword, smtpStartTls, instanceId, tickInterval, claimSettle,
                fileRetention, retryDelays, mutationTimeout, allowPrivate, key, timeout, runThreads, streamsPerAccount, cloud, incrementalLag);
    }

    public ExportsConfig withTickInterval(Duration interval) {
        return new ExportsConfig(smtpHost, smtpPort, smtpFrom, smtpUser, smtpPassword, smtpStartTls, instanceId, interval, claimSettle,
                fileRetention, retryDelays, mutationTimeout, allowPrivateDestinations, secretsKey, deliveryTimeout, runThreads, streamsPerAccount, cloud, incrementalLag);
    }

    public ExportsConfig withIncrementalLag(Duration lag) {
        return new ExportsConfig(smtpHost, smtpPort, smtpFrom, smtpUser, smtpPassword, smtpStartTls, instanceId, tickInterval, claimSettle,
                fileRetention, retryDelays, mutationTimeout, allowPrivateDestinations, secretsKey, deliveryTimeout, runThreads, streamsPerAccount, cloud, lag);
    }

    public ExportsConfig withCloud(Cloud c) {
        return new ExportsConfig(smtpHost, smtpPort, smtpFrom, smtpUser, smtpPassword, smtpStartTls, instanceId, tickInterval, claimSettle,
                fileRetention, retryDelays, mutationTimeout, allowPrivateDestinations, secretsKey, deliveryTimeout, runThreads, streamsPerAccount, c, incrementalLag);
    }
}
