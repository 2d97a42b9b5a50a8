package ai.synaptiq.api.http;

import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.errors.ForbiddenException;
import ai.synaptiq.api.errors.UnauthorizedException;
import ai.synaptiq.api.keys.ApiKey;
import ai.synaptiq.api.keys.Role;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An admitted request: whose key it carries (account, key id, role) and the data state it is
 * answered against. {@link KeyCheck} sets it on every route that names roles, before the handler
 * runs; handlers read it with {@link #of}.
 */
public record Caller(ApiKey key, DataState state) {
    private static final String ATTRIBUTE = "caller";

    public String accountId() {
        return key.accountId();
    }

    public String keyId() {
        return key.id();
    }

    public Role role() {
        return key.role();
    }

    /** The caller of this request; 401 when no key was admitted (a route without roles has none). */
    public static Caller of(Context ctx) {
        if (ctx.attribute(ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        throw new UnauthorizedException("a valid API key is required (Authorization: Bearer <key>)");
    }

    /**
     * Admits this caller to the matched route: 403 unless its key's role is one the route names
     * (docs/exports.md §1), then the handler can read it with {@link #of}.
     */
    public void admitTo(Context ctx) {
        Set<RouteRole> allowed = ctx.routeRoles();
        if (!allowed.contains(role())) {
            String needed = Arrays.stream(Role.values()).filter(allowed::contains).map(Role::wireName)
                    .collect(Collectors.joining(" or "));
            throw new ForbiddenException("this needs a key with the " + needed + " role; this key has the " + role().wireName() + " role");
        }
        ctx.attribute(ATTRIBUTE, this);
    }
}
