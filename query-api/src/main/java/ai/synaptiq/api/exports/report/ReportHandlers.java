package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.exports.DateFilter;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.DataList;
import ai.synaptiq.api.http.PathId;
import ai.synaptiq.api.http.RequestBody;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Set;

/** What the analytics report shows besides the figures: annotations on the time series and the account's branding. */
public record ReportHandlers(Annotations annotations, BrandingStore branding) {
    /** Query parameters of the annotation list (the OpenAPI document lists exactly these). */
    public static final Set<String> ANNOTATION_PARAMETERS = Set.of("startDate", "endDate");

    /** One annotation as the API shows it. */
    public record AnnotationJson(String id, String date, String text, String createdAt, String createdBy) {
        static AnnotationJson of(Annotations.Annotation a) {
            return new AnnotationJson(a.id(), a.date().toString(), a.text(), Values.instant(a.createdMs()), a.createdBy());
        }
    }

    /** The branding as the API shows it: the logo as base64 PNG. */
    public record BrandingJson(String companyName, String primaryColor, String accentColor, String logoPng) {
        static BrandingJson of(Branding b) {
            return new BrandingJson(b.companyName(), b.primaryColor(), b.accentColor(), b.logoBase64());
        }
    }

    public void listAnnotations(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(ANNOTATION_PARAMETERS);
        ctx.json(new DataList<>(annotations.list(caller.accountId(), DateFilter.of(p)).stream().map(AnnotationJson::of).toList()));
    }

    public void addAnnotation(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.fromJson(RequestBody.json(ctx)).requireOnly(Set.of("date", "text"));
        LocalDate date = p.date("date").orElseThrow(() -> new InvalidRequestException("'date' is required (an ISO date such as 2026-03-10)"));
        Annotations.Annotation a = annotations.add(caller.accountId(), caller.keyId(), date, p.text("text").orElse(""));
        ctx.status(201).json(AnnotationJson.of(a));
    }

    public void deleteAnnotation(Context ctx) {
        annotations.delete(Caller.of(ctx).accountId(), PathId.of(ctx, "annotationId"));
        ctx.status(204);
    }

    public void branding(Context ctx) {
        ctx.json(BrandingJson.of(branding.get(Caller.of(ctx).accountId())));
    }

    public void putBranding(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.json(BrandingJson.of(branding.put(caller.accountId(), caller.keyId(), Branding.of(RequestBody.json(ctx)))));
    }
}
