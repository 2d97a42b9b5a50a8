package ai.synaptiq.api.errors;

/** 422 unprocessable: The request is well formed but asks for more than the API serves (a range over 365 days). */
public final class UnprocessableException extends ApiException {
    public UnprocessableException(String message) {
        super(422, "unprocessable", message);
    }
}
