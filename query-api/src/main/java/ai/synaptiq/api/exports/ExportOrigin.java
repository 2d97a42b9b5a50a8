package ai.synaptiq.api.exports;

/** Why an export ran, as the audit log records it: asked for by a caller, or a run of a schedule. */
public record ExportOrigin(String name, String scheduleId, String runId) {
    public static final ExportOrigin MANUAL = new ExportOrigin("manual", "", "");

    public static ExportOrigin scheduled(String scheduleId, String runId) {
        return new ExportOrigin("scheduled", scheduleId, runId);
    }
}
