package ai.synaptiq.api.errors;

/** 413 payload too large: a request body over the server's limit, however it was sent (Content-Length or chunked). */
public final class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String message) {
        super(413, "payload_too_large", message);
    }
}
