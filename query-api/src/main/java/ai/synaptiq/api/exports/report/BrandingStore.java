package ai.synaptiq.api.exports.report;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Base64;

/** Each account's report branding, in {@code synaptiq.report_branding} (the newest row wins). */
public record BrandingStore(ClickHouseClient clickHouse, Clock clock) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Branding get(String accountId) {
        return clickHouse.queryFirstRow("SELECT company_name, primary_color, accent_color, logo_png FROM " + Tables.REPORT_BRANDING
                + " FINAL WHERE account_id = " + Sql.quote(accountId)).map(r -> {
                    String logo = r.path("logo_png").asText();
                    return new Branding(r.path("company_name").asText(), r.path("primary_color").asText(), r.path("accent_color").asText(),
                            logo.isEmpty() ? null : Base64.getDecoder().decode(logo));
                }).orElse(Branding.DEFAULT);
    }

    public Branding put(String accountId, String keyId, Branding b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", accountId).put("company_name", b.companyName()).put("primary_color", b.primaryColor())
                .put("accent_color", b.accentColor()).put("logo_png", b.logoPng() == null ? "" : b.logoBase64())
                .put("updated_ms", clock.millis()).put("updated_by", keyId);
        clickHouse.insertJsonEachRow(Tables.REPORT_BRANDING, n.toString());
        return b;
    }
}
