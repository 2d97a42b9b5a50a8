package ai.synaptiq.api.errors;

/** 404 not_found: No route answers this path. */
public final class NotFoundException extends ApiException {
    public NotFoundException(String message) {
        super(404, "not_found", message);
    }
}
