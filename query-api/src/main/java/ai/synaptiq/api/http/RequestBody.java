package ai.synaptiq.api.http;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.PayloadTooLargeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one way a handler reads a request body: at most {@link #MAX_BYTES}, counted as the bytes
 * arrive, so a chunked body (no Content-Length, which is all Javalin's own limit looks at) cannot
 * make the server hold more. Beyond it the request is a 413 and the rest is not read.
 */
public final class RequestBody {
    /** 1 MB: a schedule, settings or branding with a logo fit many times over. */
    public static final int MAX_BYTES = 1_000_000;
    /** Reads JSON bodies; decimals stay exact (a 1E-300000 must not become 0.0 and pass). */
    private static final ObjectReader JSON = new ObjectMapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RequestBody() {
    }

    public static String text(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[8192];
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (out.size() + n > MAX_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A broken chunked encoding, or a client that went away half way: either way the client's doing.
            throw new InvalidRequestException("the request body could not be read: " + ParameterRules.quote(e.getMessage()));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The body as JSON, read within the size limit; null when it is empty, 400 when it is not JSON. */
    public static JsonNode json(Context ctx) {
        String text = text(ctx);
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not JSON: " + ParameterRules.quote(e.getOriginalMessage()));
        }
    }

    public static PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("the request body is over " + MAX_BYTES + " bytes, the most this API reads");
    }
}
