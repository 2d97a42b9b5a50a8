package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.conversations.ConversationExport;
import ai.synaptiq.api.exports.leads.LeadExport;
import ai.synaptiq.api.exports.report.AnalyticsReport;
import ai.synaptiq.api.exports.report.Annotations;
import ai.synaptiq.api.exports.report.BrandingStore;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Clock;

/**
 * The exports feature wired together: services on one ClickHouse client and one clock, and the
 * routes that expose them. The API server builds one and calls {@link #register(Javalin)}.
 */
public final class Exports {
    private final ExportService service;
    private final ExportRoutes routes;

    public Exports(ClickHouseClient clickHouse, Clock clock) {
        ObjectMapper json = new ObjectMapper();
        Annotations annotations = new Annotations(clickHouse, clock);
        BrandingStore branding = new BrandingStore(clickHouse, clock);
        this.service = new ExportService(new LeadExport(clickHouse, json), new ConversationExport(clickHouse, json),
                new AnalyticsReport(clickHouse), annotations, branding, clock);
        this.routes = new ExportRoutes(service, annotations, branding, json);
    }

    public void register(Javalin app) {
        routes.register(app);
    }

    public ExportService service() {
        return service;
    }
}
