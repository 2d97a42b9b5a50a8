package ai.synaptiq.api.exports;

import ai.synaptiq.api.errors.RateLimitedException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many exports (manual exports and downloads of past files) each account streams right now:
 * at most {@code perAccount}, so one account cannot take every ClickHouse connection and thread
 * of the server; one more is a 429 with {@code Retry-After}.
 */
public final class ExportStreams {
    /** Seconds a refused client is told to wait: an export usually ends within that. */
    static final long RETRY_AFTER_SECONDS = 10;
    private final int perAccount;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public ExportStreams(int perAccount) {
        this.perAccount = perAccount;
    }

    /** A slot for one stream of the account, released by closing it; 429 when the account has none left. */
    public Slot open(String accountId) {
        AtomicInteger n = open.computeIfAbsent(accountId, a -> new AtomicInteger());
        if (n.incrementAndGet() > perAccount) {
            n.decrementAndGet();
            throw new RateLimitedException("this account already streams " + perAccount + " exports at once; retry once one has ended",
                    RETRY_AFTER_SECONDS);
        }
        return () -> n.decrementAndGet();
    }

    /** A stream in progress. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
