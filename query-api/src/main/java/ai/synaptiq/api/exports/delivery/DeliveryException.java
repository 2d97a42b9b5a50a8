package ai.synaptiq.api.exports.delivery;

/** A destination did not take the file; the message says why (kept in the run history). */
public final class DeliveryException extends Exception {
    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
