package ai.synaptiq.api.exports.report;

import java.time.LocalDate;

/** One bucket of a report: its first and last day and what happened in it. */
public record ReportRow(LocalDate start, LocalDate end, Measures measures) {
}
