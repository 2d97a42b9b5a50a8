package ai.synaptiq.api.dashboard;

import ai.synaptiq.api.errors.NotFoundException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The browser dashboard ({@code GET /dashboard}): a static page, its script and style, and the uPlot
 * chart library from its webjar, all read from the jar once at start. The page uses the public API
 * only, with the key the user pastes; the server knows nothing of it beyond these bytes. Every answer
 * carries a Content-Security-Policy that allows this server alone, so nothing is fetched from
 * elsewhere and no inline script runs; {@code form-action 'none'} keeps the key form from ever
 * turning into a URL.
 */
public final class Dashboard {
    /** The version of the org.webjars.npm:uplot dependency (query-api/pom.xml). */
    static final String UPLOT_VERSION = "1.6.30";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String OWN = "/ai/synaptiq/api/dashboard/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    private record Asset(byte[] body, String contentType, String etag) {
    }

    private final Asset page;
    private final Map<String, Asset> assets;

    private Dashboard(Asset page, Map<String, Asset> assets) {
        this.page = page;
        this.assets = assets;
    }

    /** Reads every file of the dashboard; fails at start, not on the first visit, when one is missing. */
    public static Dashboard load() {
        String js = "text/javascript; charset=utf-8";
        String css = "text/css; charset=utf-8";
        return new Dashboard(asset(OWN + "index.html", "text/html; charset=utf-8"), Map.of(
                "dashboard.js", asset(OWN + "dashboard.js", js),
                "dashboard.css", asset(OWN + "dashboard.css", css),
                "uPlot.iife.min.js", asset(UPLOT + "uPlot.iife.min.js", js),
                "uPlot.min.css", asset(UPLOT + "uPlot.min.css", css),
                "favicon.svg", asset(OWN + "favicon.svg", "image/svg+xml")));
    }

    /** {@code GET /dashboard}. */
    public void page(Context ctx) {
        write(ctx, page);
    }

    /** {@code GET /dashboard/{asset}}: one of the page's own files, nothing else from the class path. */
    public void asset(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("asset"));
        if (asset == null) {
            throw new NotFoundException("no dashboard file " + ctx.pathParam("asset") + "; the page is at /dashboard");
        }
        write(ctx, asset);
    }

    private static void write(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        // Revalidated on each visit, so a new jar's files are used at once; unchanged ones cost a 304.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    private static Asset asset(String resource, String contentType) {
        try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing dashboard resource " + resource);
            }
            byte[] body = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
