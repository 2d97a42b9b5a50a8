package ai.synaptiq.api.http;

import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.data.DataStateMonitor;
import ai.synaptiq.api.keys.ApiKey;
import ai.synaptiq.api.keys.KeyAuthenticator;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The one key check, run before the handler of every matched route that names roles (analytics
 * and export routes alike; the public ones name none): a bearer key (401), a fresh data state (503),
 * the key's rate limit (429), a role the route names (403); then the handler reads the
 * {@link Caller}. It runs only once a route matched, so an unknown path stays 404 and a wrong
 * method 405, with or without a key.
 */
public record KeyCheck(DataStateMonitor dataState, KeyAuthenticator authenticator, KeyRateLimiter rateLimiter) implements Handler {

    @Override
    public void handle(Context ctx) {
        if (ctx.routeRoles().isEmpty()) {
            return;
        }
        String token = KeyAuthenticator.bearerToken(ctx.header("Authorization"));
        DataState state = dataState.current();
        ApiKey key = authenticator.authenticate(token, state);
        rateLimiter.acquire(key.id());
        new Caller(key, state).admitTo(ctx);
    }
}
