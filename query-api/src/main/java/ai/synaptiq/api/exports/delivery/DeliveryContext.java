package ai.synaptiq.api.exports.delivery;

/**
 * What a delivery says about the run it comes from (email subject, webhook headers), and the folder
 * its file goes to in an object store under the destination's prefix ({@code dt=2026-03-15/}, or empty).
 */
public record DeliveryContext(String accountId, String scheduleId, String scheduleName, String runId, String period, String keyFolder) {
}
