package ai.synaptiq.api.exports.governance;

import ai.synaptiq.api.exports.DateFilter;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.DataList;
import ai.synaptiq.api.http.PathId;
import ai.synaptiq.api.http.RequestBody;
import ai.synaptiq.api.keys.ApiKeyStore;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Governance (docs/exports.md): field restrictions, the audit log, notifications and lead erasure. */
public record GovernanceHandlers(FieldRestrictionStore restrictions, AuditLog audit, Notifications notifications, LeadErasure erasure,
            ApiKeyStore keys) {
    /** Query parameters of the GET routes that take any (the OpenAPI document lists exactly these). */
    public static final Set<String> AUDIT_LOG_PARAMETERS = Set.of("startDate", "endDate", "timezone", "action", "page", "limit");
    public static final Set<String> NOTIFICATION_PARAMETERS = Set.of("limit");

    /** The account's restricted fields (sorted) and every field that can be restricted. */
    public record RestrictionsJson(List<String> fields, List<String> restrictable) {
        static RestrictionsJson of(FieldRestrictions r) {
            return new RestrictionsJson(r.fields().stream().sorted().toList(), FieldRestrictions.RESTRICTABLE);
        }
    }

    /** One page of the audit log. */
    public record AuditLogPage(List<Map<String, Object>> data, Pagination pagination) {
    }

    public record Pagination(int page, int limit, long total, long totalPages, boolean hasMore) {
    }

    public void restrictions(Context ctx) {
        ctx.json(RestrictionsJson.of(restrictions.get(Caller.of(ctx).accountId())));
    }

    public void putRestrictions(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.fromJson(RequestBody.json(ctx)).requireOnly(Set.of("fields"));
        FieldRestrictions r = FieldRestrictions.of(p.list("fields"));
        ctx.json(RestrictionsJson.of(restrictions.put(caller.accountId(), caller.keyId(), r)));
    }

    /** Newest first, a page at a time. */
    public void auditLog(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(AUDIT_LOG_PARAMETERS);
        DateFilter range = DateFilter.of(p);
        String action = p.choice("action", Set.of("export", "erasure"), null);
        int page = p.integer("page", 1, Integer.MAX_VALUE, 1);
        int limit = p.integer("limit", 1, 100, 50);
        AuditLog.Page entries = audit.list(caller.accountId(), range, action, page, limit);
        long totalPages = (entries.total() + limit - 1) / limit;
        Map<String, String> owners = keys.owners(caller.accountId(), entries.entries().stream().map(AuditLog.Entry::keyId).toList());
        ctx.json(new AuditLogPage(entries.entries().stream().map(e -> e.toJson(owners.get(e.keyId()))).toList(),
                new Pagination(page, limit, entries.total(), totalPages, page < totalPages)));
    }

    public void notifications(Context ctx) {
        Caller caller = Caller.of(ctx);
        int limit = RequestParams.ofQuery(ctx).requireOnly(NOTIFICATION_PARAMETERS).integer("limit", 1, 100, 50);
        List<Notifications.Notification> list = notifications.list(caller.accountId(), limit);
        Map<String, String> owners = keys.owners(caller.accountId(), list.stream().map(Notifications.Notification::keyId).toList());
        ctx.json(new DataList<>(list.stream().map(n -> n.toJson(owners.get(n.keyId()))).toList()));
    }

    /** 200 with the receipt when the erasure completed within the wait, 202 while it goes on. */
    public void eraseLead(Context ctx) {
        LeadErasure.Receipt receipt = erasure.erase(Caller.of(ctx), PathId.of(ctx, "leadId"));
        ctx.status(receipt.completed() ? 200 : 202).json(receipt.toJson());
    }
}
