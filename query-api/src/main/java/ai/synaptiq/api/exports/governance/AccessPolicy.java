package ai.synaptiq.api.exports.governance;

import ai.synaptiq.api.errors.ForbiddenException;
import ai.synaptiq.api.exports.ExportCaller;

/**
 * Who may do what (docs/exports.md §1): {@code admin} everything; {@code export} exports, schedules,
 * report branding and annotations; {@code viewer} analytics only (reading annotations).
 * Audit log, field restrictions, account export settings and erasure are for admins.
 */
public final class AccessPolicy {
    private AccessPolicy() {
    }

    /** Exports and schedules: admin or export. */
    public static void requireExporter(ExportCaller caller) {
        if (!"admin".equals(caller.role()) && !"export".equals(caller.role())) {
            throw new ForbiddenException("exports need a key with the admin or export role; this key has the "
                    + caller.role() + " role");
        }
    }

    /** Governance: admin only. */
    public static void requireAdmin(ExportCaller caller) {
        if (!"admin".equals(caller.role())) {
            throw new ForbiddenException("this needs a key with the admin role; this key has the " + caller.role() + " role");
        }
    }
}
