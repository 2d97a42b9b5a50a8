package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.conversations.ConversationExport;
import ai.synaptiq.api.exports.governance.AuditLog;
import ai.synaptiq.api.exports.governance.FieldRestrictionStore;
import ai.synaptiq.api.exports.governance.LeadErasure;
import ai.synaptiq.api.exports.governance.Notifications;
import ai.synaptiq.api.exports.leads.LeadExport;
import ai.synaptiq.api.exports.report.AnalyticsReport;
import ai.synaptiq.api.exports.report.Annotations;
import ai.synaptiq.api.exports.report.BrandingStore;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;

/**
 * The exports feature wired together: every service on one ClickHouse client and one clock.
 * The API server builds one and calls {@link #register(Javalin)} to add the routes.
 */
public final class Exports {
    private final ObjectMapper json = new ObjectMapper();
    private final AuditLog audit;
    private final Notifications notifications;
    private final FieldRestrictionStore restrictions;
    private final Annotations annotations;
    private final BrandingStore branding;
    private final LeadErasure erasure;
    private final ExportService service;

    public Exports(ClickHouseClient clickHouse, Clock clock) {
        this.audit = new AuditLog(clickHouse);
        this.notifications = new Notifications(clickHouse, clock);
        this.restrictions = new FieldRestrictionStore(clickHouse, clock);
        this.annotations = new Annotations(clickHouse, clock);
        this.branding = new BrandingStore(clickHouse, clock);
        this.erasure = new LeadErasure(clickHouse, audit, notifications, clock, Duration.ofMinutes(2));
        this.service = new ExportService(new LeadExport(clickHouse, json), new ConversationExport(clickHouse, json),
                new AnalyticsReport(clickHouse), annotations, branding, restrictions, audit, clock);
    }

    public void register(Javalin app) {
        new ExportRoutes(this, json).register(app);
    }

    public ExportService service() {
        return service;
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
}
