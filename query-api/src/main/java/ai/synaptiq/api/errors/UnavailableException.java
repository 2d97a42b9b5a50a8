package ai.synaptiq.api.errors;

/** 503 unavailable: ClickHouse cannot be reached or failed; the client may retry. */
public final class UnavailableException extends ApiException {
    public UnavailableException(String message) {
        super(503, "unavailable", message);
    }
}
