package ai.synaptiq.api.http;

import ai.synaptiq.api.ApiConfig.RateLimit;
import ai.synaptiq.api.errors.RateLimitedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: up to {@code permits} requests at once, refilled evenly over the
 * period. A request finding the bucket empty gets 429 with the seconds until the next token.
 */
public final class KeyRateLimiter {
    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public KeyRateLimiter(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    public void acquire(String keyId) {
        if (!limit.enabled()) {
            return;
        }
        long waitNanos = buckets.computeIfAbsent(keyId, k -> new Bucket(limit.permits(), nanoTime.getAsLong())).take(nanoTime.getAsLong());
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException("rate limit of " + limit + " per API key reached; retry in " + seconds + " s", seconds);
        }
    }

    private final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        /** Takes a token and returns 0, or returns how long until one is there. */
        synchronized long take(long now) {
            double perNano = (double) limit.permits() / limit.period().toNanos();
            tokens = Math.min(limit.permits(), tokens + (now - updatedNanos) * perNano);
            updatedNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}
