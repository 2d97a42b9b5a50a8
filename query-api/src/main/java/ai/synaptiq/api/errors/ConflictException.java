package ai.synaptiq.api.errors;

/** 409 conflict: The request clashes with what the account has, e.g. deleting credentials that schedules still use. */
public final class ConflictException extends ApiException {
    public ConflictException(String message) {
        super(409, "conflict", message);
    }
}
