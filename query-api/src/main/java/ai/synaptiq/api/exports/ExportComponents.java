package ai.synaptiq.api.exports;

import ai.synaptiq.api.analytics.FunnelService;
import ai.synaptiq.api.analytics.OverviewService;
import ai.synaptiq.api.exports.conversations.ConversationExport;
import ai.synaptiq.api.exports.delivery.Deliveries;
import ai.synaptiq.api.exports.delivery.DestinationPolicy;
import ai.synaptiq.api.exports.delivery.DropboxUploader;
import ai.synaptiq.api.exports.delivery.EmailSender;
import ai.synaptiq.api.exports.delivery.OutboundHttp;
import ai.synaptiq.api.exports.delivery.S3Uploader;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import ai.synaptiq.api.exports.delivery.SignedPost;
import ai.synaptiq.api.exports.governance.AuditLog;
import ai.synaptiq.api.exports.governance.FieldRestrictionStore;
import ai.synaptiq.api.exports.governance.LeadErasure;
import ai.synaptiq.api.exports.governance.Notifications;
import ai.synaptiq.api.exports.integrations.AlertChannelStore;
import ai.synaptiq.api.exports.integrations.IntegrationStore;
import ai.synaptiq.api.exports.integrations.Integrations;
import ai.synaptiq.api.exports.leads.LeadExport;
import ai.synaptiq.api.exports.report.AnalyticsReport;
import ai.synaptiq.api.exports.report.Annotations;
import ai.synaptiq.api.exports.report.BrandingStore;
import ai.synaptiq.api.exports.schedule.ExportFiles;
import ai.synaptiq.api.exports.schedule.ExportScheduler;
import ai.synaptiq.api.exports.schedule.ExportSettingsStore;
import ai.synaptiq.api.exports.schedule.RunClaims;
import ai.synaptiq.api.exports.schedule.RunExecutor;
import ai.synaptiq.api.exports.schedule.RunStore;
import ai.synaptiq.api.exports.schedule.ScheduleService;
import ai.synaptiq.api.exports.schedule.ScheduleStore;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exports feature wired together: every service on one ClickHouse client and one clock.
 * The API server builds one, hands its services to the export handlers of its route list
 * ({@code ApiServer.exportRoutes}) and starts the {@link #scheduler()}.
 */
public final class ExportComponents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportComponents.class);
    /** Writes the rows of JSON export files (responses go through the server's JSON mapper). */
    private final ObjectMapper json = new ObjectMapper();
    private final AuditLog audit;
    private final Notifications notifications;
    private final FieldRestrictionStore restrictions;
    private final Annotations annotations;
    private final BrandingStore branding;
    private final LeadErasure erasure;
    private final ExportRunner runner;
    private final ExportSettingsStore settings;
    private final ExportScheduler scheduler;
    private final ScheduleService schedules;
    private final ExportStreams streams;
    private final SecretsKey secrets;
    private final ScheduleStore scheduleStore;
    private final Deliveries deliveries;
    private final Integrations integrations;
    private final ApiKeyStore keys;

    public ExportComponents(ClickHouseClient clickHouse, Clock clock) {
        this(clickHouse, clock, ExportsConfig.defaults());
    }

    public ExportComponents(ClickHouseClient clickHouse, Clock clock, ExportsConfig config) {
        this.audit = new AuditLog(clickHouse);
        this.keys = new ApiKeyStore(clickHouse, clock);
        this.notifications = new Notifications(clickHouse, clock);
        this.restrictions = new FieldRestrictionStore(clickHouse, clock);
        this.annotations = new Annotations(clickHouse, clock);
        this.branding = new BrandingStore(clickHouse, clock);
        this.erasure = new LeadErasure(clickHouse, audit, notifications, clock, config.mutationTimeout());
        this.runner = new ExportRunner(new LeadExport(clickHouse, json), new ConversationExport(clickHouse, json),
                new AnalyticsReport(clickHouse, new FunnelService(clickHouse), new OverviewService(clickHouse)), annotations, branding, restrictions, audit, clock);
        DestinationPolicy policy = new DestinationPolicy(config.allowPrivateDestinations());
        this.secrets = SecretsKey.of(config.secretsKey());
        this.streams = new ExportStreams(config.streamsPerAccount());
        AlertChannelStore alerts = new AlertChannelStore(clickHouse, clock);
        IntegrationStore integrationStore = new IntegrationStore(clickHouse, clock);
        this.settings = new ExportSettingsStore(clickHouse, clock, policy, secrets, alerts);
        this.scheduleStore = new ScheduleStore(clickHouse);
        RunStore runs = new RunStore(clickHouse);
        ExportFiles files = new ExportFiles(clickHouse);
        OutboundHttp http = new OutboundHttp(policy, config.deliveryTimeout());
        ExportsConfig.Cloud cloud = config.cloud();
        this.deliveries = new Deliveries(new EmailSender(config.smtpHost(), config.smtpPort(), config.smtpFrom(), config.smtpUser(),
                config.smtpPassword(), config.smtpStartTls()), http, new SignedPost(http, clock),
                new S3Uploader(policy, config.deliveryTimeout(), cloud.gcsEndpoint()),
                new DropboxUploader(http, cloud.dropboxContentUrl(), cloud.dropboxSingleMax(), cloud.dropboxChunk()), secrets, integrationStore);
        RunExecutor executor = new RunExecutor(runner, runs, files, deliveries, settings, alerts, notifications, clock, config);
        this.scheduler = new ExportScheduler(scheduleStore, runs, new RunClaims(clickHouse, config.instanceId(), config.claimSettle()),
                executor, settings, files, clock, config);
        this.schedules = new ScheduleService(scheduleStore, runs, files, scheduler, runner, settings, audit, clock, policy, secrets, integrationStore, keys);
        this.integrations = new Integrations(integrationStore, alerts, scheduleStore, deliveries, policy, secrets, clock);
    }

    /**
     * Seals the destination secrets that an earlier version stored in plain text (the API server
     * calls it once its migrations are applied); without a secrets key they stay as they are.
     */
    public void sealStoredSecrets() {
        if (!secrets.present()) {
            LOG.warn("no secrets key (--secrets-key): webhook and S3 destinations cannot be created, and secrets stored in plain text"
                    + " by an earlier version stay so");
            return;
        }
        int n = scheduleStore.sealPlainSecrets(secrets) + settings.sealPlainSecrets();
        if (n > 0) {
            LOG.info("sealed the plain-text secrets of {} stored schedules and settings", n);
        }
    }

    /** Stops the scheduler and the delivery clients. */
    @Override
    public void close() {
        scheduler.close();
        deliveries.close();
    }

    /** How many exports each account streams at once. */
    public ExportStreams streams() {
        return streams;
    }

    public ExportRunner runner() {
        return runner;
    }

    /** The API keys, for the owners the audit log, run history and notifications name. */
    public ApiKeyStore keys() {
        return keys;
    }

    public AuditLog audit() {
        return audit;
    }

    public Notifications notifications() {
        return notifications;
    }

    public FieldRestrictionStore restrictions() {
        return restrictions;
    }

    public Annotations annotations() {
        return annotations;
    }

    public BrandingStore branding() {
        return branding;
    }

    public LeadErasure erasure() {
        return erasure;
    }

    public ExportSettingsStore settings() {
        return settings;
    }

    public ScheduleService schedules() {
        return schedules;
    }

    /** The account's cloud credentials and alert channels. */
    public Integrations integrations() {
        return integrations;
    }

    /** The scheduler; the API server calls {@code start()} on it (tests call {@code tick()}). */
    public ExportScheduler scheduler() {
        return scheduler;
    }
}
