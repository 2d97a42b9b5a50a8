package ai.synaptiq.api.exports.delivery;

/**
 * A destination's secret (webhook signing secret, S3 secret access key, alert webhook secret) as
 * the server keeps it: sealed by the {@link SecretsKey} ({@code sealed:v1:<last 4>:<iv and
 * ciphertext>}), or plain text while it comes from a request or from a row written before secrets
 * were sealed. Only {@link #masked()} is ever shown, also by {@link #toString()}, so a secret put in
 * a log line by mistake stays hidden.
 */
public record Secret(String text) {
    static final String SEALED = "sealed:v1:";
    public static final Secret NONE = new Secret("");

    public boolean isEmpty() {
        return text.isEmpty();
    }

    public boolean sealed() {
        return text.startsWith(SEALED);
    }

    /** {@code ****} and the last 4 characters of a secret of 12 or more; {@code ****} alone for a shorter one. */
    public String masked() {
        if (sealed()) {
            return "****" + text.substring(SEALED.length(), text.lastIndexOf(':'));
        }
        return "****" + ending(text);
    }

    /** What a secret of this plain text shows of itself: its last 4 characters, or nothing when it is short. */
    static String ending(String plain) {
        return plain.length() >= 12 ? plain.substring(plain.length() - 4) : "";
    }

    @Override
    public String toString() {
        return masked();
    }
}
