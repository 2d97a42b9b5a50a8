package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.exports.format.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a schedule, as its history shows it. Status: {@code running}; {@code delivered} to
 * every destination; {@code retrying} (a delivery or the file failed, {@code nextAttemptMs} says
 * when the next of the 3 retries happens); {@code failed} after the last retry. Mutable: the one
 * instance that claimed the run (or a retry) updates it and saves it with a higher version.
 */
public final class ExportRun {
    /** Delivery state of one destination of the schedule (by its index). */
    public static final class Delivery {
        public int destination;
        public String type = "";
        public String target = "";
        public String status = "pending";
        public int attempts;
        public String error = "";
        public long deliveredMs;

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("destination", destination);
            m.put("type", type);
            m.put("target", target);
            m.put("status", status);
            m.put("attempts", attempts);
            m.put("error", error.isEmpty() ? null : error);
            m.put("deliveredAt", deliveredMs > 0 ? Values.instant(deliveredMs) : null);
            return m;
        }
    }

    public String accountId;
    public String scheduleId;
    public String runId;
    /** {@code scheduled} or {@code manual} (run now). */
    public String trigger;
    /**
     * The key the run exports as: the schedule's creator (the audit log names it too). Not stored with
     * the run: {@code ScheduleService} sets it, and {@code keyOwner}, from the schedule when it reads runs.
     */
    public String keyId = "";
    public String keyOwner;
    public long scheduledForMs;
    public String periodStart = "";
    public String periodEnd = "";
    /** An incremental run's change window ({@code ChangeWindow}, ClickHouse epoch seconds); 0 and 0 for other runs. */
    public long changesAfter;
    public long changesUntil;
    public String status = "running";
    public int retries;
    public long nextAttemptMs;
    public long recordCount;
    public String fileName = "";
    public String contentType = "";
    public long fileSize;
    public List<Delivery> deliveries = new ArrayList<>();
    public String error = "";
    public long startedMs;
    public long finishedMs;
    public long expiresMs;
    public long version;

    /** The change window as the history shows it: {@code changedAfter} (null on a first run) and {@code changedUntil}. */
    private Map<String, Object> changes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changedAfter", changesAfter == 0 ? null : Values.instant(changesAfter * 1000));
        m.put("changedUntil", Values.instant(changesUntil * 1000));
        return m;
    }

    public boolean hasFile() {
        return !fileName.isEmpty();
    }

    public Map<String, Object> toJson(long nowMs, boolean fileAvailable) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", runId);
        m.put("scheduleId", scheduleId);
        m.put("trigger", trigger);
        m.put("keyId", keyId.isEmpty() ? null : keyId);
        m.put("keyOwner", keyOwner);
        m.put("scheduledFor", Values.instant(scheduledForMs));
        m.put("period", periodStart.isEmpty() ? null : Map.of("startDate", periodStart, "endDate", periodEnd));
        m.put("changes", changesUntil == 0 ? null : changes());
        m.put("status", status);
        m.put("retries", retries);
        m.put("nextAttemptAt", "retrying".equals(status) ? Values.instant(nextAttemptMs) : null);
        m.put("recordCount", recordCount);
        m.put("fileName", fileName.isEmpty() ? null : fileName);
        m.put("fileSize", fileSize);
        m.put("fileExpiresAt", expiresMs > 0 ? Values.instant(expiresMs) : null);
        m.put("download", fileAvailable && expiresMs > nowMs ? "/v1/exports/schedules/" + scheduleId + "/runs/" + runId + "/file" : null);
        m.put("deliveries", deliveries.stream().map(Delivery::toJson).toList());
        m.put("error", error.isEmpty() ? null : error);
        m.put("startedAt", Values.instant(startedMs));
        m.put("finishedAt", finishedMs > 0 ? Values.instant(finishedMs) : null);
        return m;
    }
}
