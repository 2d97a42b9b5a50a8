package ai.synaptiq.api.errors;

/** 401 unauthorized: The API key is missing, malformed, unknown or revoked. */
public final class UnauthorizedException extends ApiException {
    public UnauthorizedException(String message) {
        super(401, "unauthorized", message);
    }
}
