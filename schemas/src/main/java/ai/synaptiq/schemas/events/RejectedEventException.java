package ai.synaptiq.schemas.events;

/** Thrown by {@link EventParser} for a record that breaks the contract. */
public class RejectedEventException extends Exception {
    private final Rejection rejection;

    public RejectedEventException(String reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.rejection = new Rejection(reason, detail);
    }

    public Rejection rejection() {
        return rejection;
    }
}
