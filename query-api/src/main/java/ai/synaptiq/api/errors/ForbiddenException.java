package ai.synaptiq.api.errors;

/** 403 forbidden: the key is valid but its role may not do this (docs/exports.md §1: exports need admin or export). */
public final class ForbiddenException extends ApiException {
    public ForbiddenException(String message) {
        super(403, "forbidden", message);
    }
}
