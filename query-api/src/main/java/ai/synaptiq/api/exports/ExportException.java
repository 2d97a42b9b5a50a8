package ai.synaptiq.api.exports;

/**
 * A failure the client sees as {@code {"error": code, "message": ...}} with an HTTP status.
 * One subclass per kind of failure; {@link ExportRoutes} turns them into responses.
 */
public abstract class ExportException extends RuntimeException {
    private final int status;
    private final String code;

    protected ExportException(int status, String code, String message) {
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

    /** 400: a parameter or body is malformed, unknown or out of range. */
    public static final class InvalidRequest extends ExportException {
        public InvalidRequest(String message) {
            super(400, "invalid_request", message);
        }
    }

    /** 401: no authenticated caller on the request. */
    public static final class Unauthorized extends ExportException {
        public Unauthorized(String message) {
            super(401, "unauthorized", message);
        }
    }

    /** 403: the caller's role may not do this. */
    public static final class Forbidden extends ExportException {
        public Forbidden(String message) {
            super(403, "forbidden", message);
        }
    }

    /** 404: the account has no such lead, schedule, run, file or annotation. */
    public static final class NotFound extends ExportException {
        public NotFound(String message) {
            super(404, "not_found", message);
        }
    }

    /** 422: well-formed but not allowed, such as a report period over 365 days. */
    public static final class Unprocessable extends ExportException {
        public Unprocessable(String message) {
            super(422, "unprocessable", message);
        }
    }
}
