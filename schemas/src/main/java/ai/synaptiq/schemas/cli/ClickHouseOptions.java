package ai.synaptiq.schemas.cli;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import java.io.Serializable;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The ClickHouse connection flags every command shares ({@code @Mixin}). */
public final class ClickHouseOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--clickhouse", paramLabel = "URL", defaultValue = "http://127.0.0.1:8123", description = "ClickHouse HTTP address") public String url;

    @Option(names = "--clickhouse-user", paramLabel = "USER", defaultValue = "default", description = "ClickHouse user") public String user;

    @Option(names = "--clickhouse-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "ClickHouse password (the variable keeps it out of ps)") public String password;

    public ClickHouseClient client(Duration timeout) {
        return new ClickHouseClient(url, user, password, timeout);
    }

    /** The address without the credentials it may carry, the user, the password masked. */
    public String describe() {
        return ClickHouseClient.redacted(url) + " as " + user + (password.isEmpty() ? "" : " (password ****)");
    }
}
