package ai.synaptiq.api.errors;

/** 400 invalid_request: A parameter is malformed, unknown, repeated or out of range. */
public final class InvalidRequestException extends ApiException {
    public InvalidRequestException(String message) {
        super(400, "invalid_request", message);
    }
}
