package ai.synaptiq.api.exports.schedule;

/** A stored schedule: its definition, its state ({@code active}, {@code paused}, {@code deleted}) and history. */
public record Schedule(String id, String accountId, ScheduleDefinition definition, String status, long activeSinceMs, long createdMs,
        String createdBy, long updatedMs, long version) {

    public boolean active() {
        return "active".equals(status);
    }

    public Schedule with(ScheduleDefinition d, String newStatus, long newActiveSinceMs, long nowMs) {
        return new Schedule(id, accountId, d, newStatus, newActiveSinceMs, createdMs, createdBy, nowMs, version + 1);
    }
}
