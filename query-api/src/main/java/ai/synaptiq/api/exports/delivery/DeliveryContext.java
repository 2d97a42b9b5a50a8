package ai.synaptiq.api.exports.delivery;

/** What a delivery says about the run it comes from (email subject, webhook headers). */
public record DeliveryContext(String accountId, String scheduleId, String scheduleName, String runId, String period) {
}
