package ai.synaptiq.api.exports.report;

/** A row of the report's top-leads table: one of the highest-scoring leads created in the period. */
public record TopLead(String id, String name, String email, String company, double score, String status) {
}
