package ai.synaptiq.schemas.clickhouse;

/** ClickHouse could not be reached, or answered with an error. */
public class ClickHouseException extends RuntimeException {
    private final int status;

    public ClickHouseException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status of ClickHouse's answer, or 0 when it could not be reached. */
    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0 || status >= 500 && getMessage() != null && getMessage().contains("Code: 241");
    }
}
