package ai.synaptiq.api.exports;

/**
 * Who asks for an export: the authenticated key's account, the key's id (for the audit log) and
 * its role ({@code admin}, {@code export} or {@code viewer}). {@link ExportRoutes} reads it from the
 * Javalin context attribute {@value ExportRoutes#CALLER_ATTRIBUTE}, which the API's authentication sets.
 */
public interface ExportCaller {
    String accountId();

    String keyId();

    String role();

    static ExportCaller of(String accountId, String keyId, String role) {
        return new Of(accountId, keyId, role);
    }

    record Of(String accountId, String keyId, String role) implements ExportCaller {
    }
}
