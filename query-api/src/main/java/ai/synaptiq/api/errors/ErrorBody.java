package ai.synaptiq.api.errors;

/** The body of every error answer (docs/metrics.md §1). */
public record ErrorBody(String error, String message) {
    /** Longest message sent: messages quote input through ParameterRules.quote; this only keeps a missed echo from making a huge answer. */
    static final int MAX_MESSAGE = 1000;

    public static ErrorBody of(ApiException e) {
        String m = e.getMessage();
        return new ErrorBody(e.code(), m != null && m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m);
    }
}
