package ai.synaptiq.api.errors;

/**
 * A failure the client should see as {@code {"error": code, "message": ...}} with an HTTP status.
 * One subclass per kind of failure; the server's one exception mapper turns them into responses.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    protected ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
