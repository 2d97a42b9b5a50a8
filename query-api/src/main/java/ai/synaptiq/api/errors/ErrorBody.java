package ai.synaptiq.api.errors;

/** The body of every error answer (docs/metrics.md §1). */
public record ErrorBody(String error, String message) {
    public static ErrorBody of(ApiException e) {
        return new ErrorBody(e.code(), e.getMessage());
    }
}
