package ai.synaptiq.api.keys;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.events.Vocabulary;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Manages API keys:
 * <pre>
 *   create --account A --role admin|export|viewer [--owner alex@yourteam.com] --clickhouse URL   (the key alone on the last line)
 *   list   --clickhouse URL [--account A]                           (never shows a key)
 *   revoke KEY_ID --clickhouse URL
 * </pre>
 * {@code --clickhouse} defaults to {@code SYNAPTIQ_CLICKHOUSE}, else http://127.0.0.1:8123;
 * {@code --clickhouse-user} and {@code --clickhouse-password} to {@code SYNAPTIQ_CLICKHOUSE_USER}
 * and {@code SYNAPTIQ_CLICKHOUSE_PASSWORD} (the environment keeps the password out of {@code ps}).
 * Exit status: 0 done, 1 failed (unknown key id, ClickHouse unreachable), 2 wrong usage.
 */
public final class KeysCommand {
    private static final String USAGE = """
            Usage:
              KeysCommand create --account ACCOUNT --role admin|export|viewer [--owner WHO] [--clickhouse URL]
              KeysCommand list [--account ACCOUNT] [--clickhouse URL]
              KeysCommand revoke KEY_ID [--clickhouse URL]""";

    /** The flags each command takes. */
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "create", Set.of("account", "role", "owner", "clickhouse", "clickhouse-user", "clickhouse-password"),
            "list", Set.of("account", "clickhouse", "clickhouse-user", "clickhouse-password"),
            "revoke", Set.of("clickhouse", "clickhouse-user", "clickhouse-password"));

    private KeysCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            Arguments a = Arguments.parse(args);
            ClickHouseClient clickHouse = new ClickHouseClient(
                    a.flags.getOrDefault("clickhouse", env.getOrDefault("SYNAPTIQ_CLICKHOUSE", "http://127.0.0.1:8123")),
                    a.flags.getOrDefault("clickhouse-user", env.getOrDefault("SYNAPTIQ_CLICKHOUSE_USER", "default")),
                    a.flags.getOrDefault("clickhouse-password", env.getOrDefault("SYNAPTIQ_CLICKHOUSE_PASSWORD", "")),
                    Duration.ofSeconds(60));
            Migrations.apply(clickHouse);
            ApiKeyStore store = new ApiKeyStore(clickHouse, Clock.systemUTC());
            return switch (a.command) {
                case "create" -> create(a, store, out);
                case "list" -> list(a, store, out);
                default -> revoke(a, store, out, err);
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (ClickHouseException e) {
            err.println("ClickHouse failed: " + e.getMessage());
            return 1;
        }
    }

    private static int create(Arguments a, ApiKeyStore store, PrintStream out) {
        String account = a.required("account");
        if (!Vocabulary.ID.matcher(account).matches()) {
            throw new IllegalArgumentException("--account must be 1-64 characters of [A-Za-z0-9_-], got '" + account + "'");
        }
        String roleName = a.required("role");
        Role role = Role.fromWire(roleName)
                .orElseThrow(() -> new IllegalArgumentException("--role must be admin, export or viewer, got '" + roleName + "'"));
        String owner = a.flags.getOrDefault("owner", "");
        ApiKeyStore.CreatedKey created;
        try {
            created = store.create(account, role, owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
        out.println("Created key " + created.key().id() + " for account " + account + " with role " + role.wireName()
                + (owner.isEmpty() ? "" : ", owned by " + owner) + ".");
        out.println("The key is shown only this once; store it now:");
        out.println(created.secret());
        return 0;
    }

    private static int list(Arguments a, ApiKeyStore store, PrintStream out) {
        Optional<String> account = Optional.ofNullable(a.flags.get("account"));
        if (account.isPresent() && !Vocabulary.ID.matcher(account.get()).matches()) {
            throw new IllegalArgumentException("--account must be 1-64 characters of [A-Za-z0-9_-], got '" + account.get() + "'");
        }
        out.printf("%-22s %-24s %-7s %-24s %-25s %s%n", "ID", "ACCOUNT", "ROLE", "OWNER", "CREATED", "REVOKED");
        for (ApiKey k : store.list(account)) {
            out.printf("%-22s %-24s %-7s %-24s %-25s %s%n", k.id(), k.accountId(), k.role().wireName(), k.owner().isEmpty() ? "-" : k.owner(),
                    k.created(), k.revoked() ? k.revokedAt().toString() : "no");
        }
        return 0;
    }

    private static int revoke(Arguments a, ApiKeyStore store, PrintStream out, PrintStream err) {
        String id = a.positional.get(0);
        switch (store.revoke(id)) {
            case REVOKED -> out.println("Revoked key " + id + ".");
            case ALREADY_REVOKED -> out.println("Key " + id + " was already revoked.");
            case NOT_FOUND -> {
                err.println("No key with id '" + id + "'.");
                return 1;
            }
        }
        return 0;
    }

    /** A command word, {@code --name value} flags and positional words. */
    private record Arguments(String command, Map<String, String> flags, List<String> positional) {
        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("no command given");
            }
            Map<String, String> flags = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("flag " + args[i] + " needs a value");
                    }
                    flags.put(args[i].substring(2), args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            Set<String> allowed = FLAGS.get(args[0]);
            if (allowed == null) {
                throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
            for (String name : flags.keySet()) {
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException("unknown flag --" + name + " for " + args[0]);
                }
            }
            if (positional.size() != (args[0].equals("revoke") ? 1 : 0)) {
                throw new IllegalArgumentException(args[0].equals("revoke") ? "revoke takes one KEY_ID (as list shows it)"
                        : "unexpected argument '" + positional.get(0) + "'");
            }
            return new Arguments(args[0], flags, positional);
        }

        String required(String name) {
            String v = flags.get(name);
            if (v == null) {
                throw new IllegalArgumentException(command + " needs --" + name);
            }
            return v;
        }
    }
}
