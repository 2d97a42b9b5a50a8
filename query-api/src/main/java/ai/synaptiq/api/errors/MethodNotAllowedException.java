package ai.synaptiq.api.errors;

/** 405 method_not_allowed: The path exists but not for this HTTP method. */
public final class MethodNotAllowedException extends ApiException {
    public MethodNotAllowedException(String message) {
        super(405, "method_not_allowed", message);
    }
}
