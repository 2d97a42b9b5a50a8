package ai.synaptiq.schemas.events;

/**
 * Why a record was refused. {@code reason} is a short machine code
 * ({@code invalid_json}, {@code missing_field}, {@code invalid_field}, {@code unknown_type},
 * {@code too_late}, {@code in_future}); {@code detail} says which field and what was expected.
 */
public record Rejection(String reason, String detail) {
    public static final String INVALID_JSON = "invalid_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_FIELD = "invalid_field";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String TOO_LATE = "too_late";
    /** Dated further ahead of the pipeline's clock than it accepts (a producer with a wrong clock). */
    public static final String IN_FUTURE = "in_future";
}
