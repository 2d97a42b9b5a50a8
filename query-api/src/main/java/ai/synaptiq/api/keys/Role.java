package ai.synaptiq.api.keys;

import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do (docs/exports.md §1): every role may read analytics; exports need admin or
 * export. Each route of {@code ApiServer} names the roles that may call it.
 */
public enum Role implements RouteRole {
    ADMIN, EXPORT, VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
