package ai.synaptiq.api.http;

import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.data.DataStateMonitor;
import ai.synaptiq.api.keys.ApiKey;
import ai.synaptiq.api.keys.KeyAuthenticator;
import io.javalin.http.Context;

/** What every analytics and export request passes first: a bearer key (401), a fresh data state (503), the key's rate limit (429). */
public final class AnalyticsGate {
    private final DataStateMonitor dataState;
    private final KeyAuthenticator authenticator;
    private final KeyRateLimiter rateLimiter;

    public AnalyticsGate(DataStateMonitor dataState, KeyAuthenticator authenticator, KeyRateLimiter rateLimiter) {
        this.dataState = dataState;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    public Caller admit(Context ctx) {
        String token = KeyAuthenticator.bearerToken(ctx.header("Authorization"));
        DataState state = dataState.current();
        ApiKey key = authenticator.authenticate(token, state);
        rateLimiter.acquire(key.id());
        return new Caller(key, state);
    }
}
