package ai.synaptiq.tools.bench;

import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.tools.ingest.EventPublisher;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import java.util.List;
import java.util.Locale;

/**
 * History sent through Kafka as producers send it (EventPublisher), the accounts' streams
 * interleaved as they happened, then waited for until the job has written every event to
 * synaptiq.events: the job builds every other table from the same events, so nothing is loaded
 * straight into ClickHouse.
 */
final class HistoryLoad {
    /** How long the count may stand still below the number sent before the load counts as failed. */
    private static final long STALL_MS = 120_000;
    private static final long REPORT_EVERY_MS = 10_000;

    /** Events sent, seconds until the last was handed to Kafka, and seconds until the job had written them all. */
    record Loaded(long events, double publishSeconds, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    private HistoryLoad() {
    }

    static Loaded load(List<EventStreamGenerator> generators, String kafka, String topic, ClickHouseClient clickHouse, ProcessCpu processes)
            throws InterruptedException {
        String accounts = Sql.quoteEach(generators.stream().map(EventStreamGenerator::accountId).toList());
        long before = count(clickHouse, accounts);
        if (before != 0) {
            throw new IllegalStateException("the accounts " + accounts + " already hold " + before + " events; the benchmark needs an empty ClickHouse");
        }
        long start = System.nanoTime();
        long sent = 0;
        try (EventPublisher publisher = EventPublisher.toKafka(kafka, topic)) {
            for (var lines = EventStreamGenerator.interleave(generators); lines.hasNext(); ) {
                publisher.publish(lines.next());
                if (++sent % 100_000 == 0) {
                    processes.requireAlive("kafka");
                }
            }
            publisher.flush();
        }
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  %,d events handed to Kafka in %.1f s (%,.0f/s, generating included)%n", sent, publishSeconds, sent / publishSeconds);
        long written = 0;
        long lastChangeMs = System.currentTimeMillis();
        long lastReportMs = lastChangeMs;
        while (written < sent) {
            processes.requireAlive("job", "clickhouse");
            Thread.sleep(500);
            long now = System.currentTimeMillis();
            long w = count(clickHouse, accounts);
            if (w != written) {
                written = w;
                lastChangeMs = now;
            } else if (now - lastChangeMs > STALL_MS) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the job wrote %,d of the %,d events sent and nothing more for %d s;"
                        + " dead letters by reason: %s", written, sent, STALL_MS / 1000, deadLetters(clickHouse)));
            }
            if (now - lastReportMs >= REPORT_EVERY_MS) {
                System.out.printf(Locale.ROOT, "  ... %,d of %,d events written by the job after %.0f s%n", written, sent, (System.nanoTime() - start) / 1e9);
                lastReportMs = now;
            }
        }
        return new Loaded(sent, publishSeconds, (System.nanoTime() - start) / 1e9);
    }

    private static long count(ClickHouseClient clickHouse, String accounts) {
        return Long.parseLong(clickHouse.query("SELECT count() FROM " + Tables.EVENTS + " WHERE account_id IN (" + accounts + ") FORMAT TabSeparated").trim());
    }

    private static String deadLetters(ClickHouseClient clickHouse) {
        String rows = clickHouse.query("SELECT reason, count() FROM " + Tables.DEAD_LETTERS + " GROUP BY reason ORDER BY reason FORMAT TabSeparated").trim();
        return rows.isEmpty() ? "none" : rows.replace('\t', '=').replace('\n', ' ');
    }
}
