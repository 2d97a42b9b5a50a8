package ai.synaptiq.api.keys;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.events.Vocabulary;
import ai.synaptiq.schemas.cli.Cli;
import ai.synaptiq.schemas.cli.ClickHouseOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Manages API keys:
 * <pre>
 *   create --account A --role admin|export|viewer --clickhouse URL   (the key alone on the last line)
 *   list   --clickhouse URL [--account A]                           (never shows a key)
 *   revoke KEY_ID --clickhouse URL
 * </pre>
 * {@code --clickhouse} defaults to {@code SYNAPTIQ_CLICKHOUSE}, else http://127.0.0.1:8123;
 * {@code --clickhouse-user} and {@code --clickhouse-password} to {@code SYNAPTIQ_CLICKHOUSE_USER}
 * and {@code SYNAPTIQ_CLICKHOUSE_PASSWORD} (the environment keeps the password out of {@code ps}).
 * Exit status: 0 done, 1 failed (unknown key id, ClickHouse unreachable), 2 wrong usage.
 */
@Command(name = "KeysCommand", mixinStandardHelpOptions = true,
        description = "Manages API keys. Exit status: 0 done, 1 failed (unknown key id, ClickHouse unreachable), 2 wrong usage.")
public final class KeysCommand implements Callable<Integer> {
    private static final String ROW = "%-22s %-24s %-7s %-24s %-25s %s%n";

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return Cli.execute(new KeysCommand(), args, env, out, err);
    }

    /** No command word: the usage, as a wrong usage. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given: create, list or revoke");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a key; the key alone on the last line, shown only this once.")
    int create(@Mixin ClickHouseOptions clickHouse, @Option(names = "--account", required = true, description = "the account the key reads") String account,
               @Option(names = "--role", required = true, description = "admin, export or viewer") String role,
               @Option(names = "--owner", defaultValue = "", description = "who the key is for (an email or a name), named in the audit log,"
                       + " run history and notifications") String owner) {
        Role r = Role.fromWire(role).orElseThrow(() -> wrong("--role must be admin, export or viewer, got '" + role + "'"));
        checkAccount(account);
        return withStore(clickHouse, (store, out) -> {
            ApiKeyStore.CreatedKey created;
            try {
                created = store.create(account, r, owner);
            } catch (IllegalArgumentException e) {
                throw wrong("--" + e.getMessage());
            }
            out.println("Created key " + created.key().id() + " for account " + account + " with role " + r.wireName()
                    + (owner.isEmpty() ? "" : ", owned by " + owner) + ".");
            out.println("The key is shown only this once; store it now:");
            out.println(created.secret());
            return 0;
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the keys (never a key itself).")
    int list(@Mixin ClickHouseOptions clickHouse, @Option(names = "--account", description = "only this account's keys") String account) {
        Optional<String> only = Optional.ofNullable(account);
        only.ifPresent(this::checkAccount);
        return withStore(clickHouse, (store, out) -> {
            out.printf(ROW, "ID", "ACCOUNT", "ROLE", "OWNER", "CREATED", "REVOKED");
            for (ApiKey k : store.list(only)) {
                out.printf(ROW, k.id(), k.accountId(), k.role().wireName(), k.owner().isEmpty() ? "-" : k.owner(), k.created(),
                        k.revoked() ? k.revokedAt().toString() : "no");
            }
            return 0;
        });
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a key at once.")
    int revoke(@Mixin ClickHouseOptions clickHouse, @Parameters(paramLabel = "KEY_ID", description = "the key's id, as list shows it") String id) {
        return withStore(clickHouse, (store, out) -> switch (store.revoke(id)) {
            case REVOKED -> {
                out.println("Revoked key " + id + ".");
                yield 0;
            }
            case ALREADY_REVOKED -> {
                out.println("Key " + id + " was already revoked.");
                yield 0;
            }
            case NOT_FOUND -> {
                spec.commandLine().getErr().println("No key with id '" + id + "'.");
                yield 1;
            }
        });
    }

    /** What a command does with the key store once ClickHouse is reached and migrated. */
    private interface StoreAction {
        int run(ApiKeyStore store, PrintWriter out);
    }

    /** The key store on ClickHouse (migrated); ClickHouse's failures are status 1. */
    private int withStore(ClickHouseOptions clickHouse, StoreAction action) {
        try {
            ClickHouseClient client = clickHouse.client(Duration.ofSeconds(60));
            Migrations.apply(client);
            return action.run(new ApiKeyStore(client, Clock.systemUTC()), spec.commandLine().getOut());
        } catch (ClickHouseException e) {
            spec.commandLine().getErr().println("ClickHouse failed: " + e.getMessage());
            return 1;
        }
    }

    private void checkAccount(String account) {
        if (!Vocabulary.ID.matcher(account).matches()) {
            throw wrong("--account must be 1-64 characters of [A-Za-z0-9_-], got '" + account + "'");
        }
    }

    private ParameterException wrong(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
