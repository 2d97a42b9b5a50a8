package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.KeysCommand;
import ai.synaptiq.api.testing.ApiFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
    private final ApiFixture api = ApiFixture.shared();

    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Run keys(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KeysCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("SYNAPTIQ_CLICKHOUSE", api.clickHouse().url()));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private int overviewStatus(String key) {
        return api.send(api.baseUrl(), "Bearer " + key, "/v1/analytics/overview" + query("startDate", "2026-03-01")).status();
    }

    @Test
    void shouldPrintANewKeyAloneOnTheLastLineAndOnlyThere() {
        Run created = keys("create", "--account", "keys_co", "--role", "export", "--clickhouse", api.clickHouse().url());
        assertEquals(0, created.status(), created.err());
        List<String> lines = created.lines();
        String key = lines.get(lines.size() - 1);
        assertTrue(key.matches("sk_live_[A-Za-z0-9]{32}"), key);
        assertEquals(1, created.out().split(key, -1).length - 1, "the key appears once");
        assertEquals(200, overviewStatus(key));
        String stored = api.clickHouse().client().query("SELECT key_hash, account_id, role FROM synaptiq.api_keys FINAL FORMAT TabSeparated");
        assertFalse(stored.contains(key), "only the hash is stored");
        assertTrue(stored.contains(ApiKeyStore.hash(key) + "\tkeys_co\texport"));
    }

    @Test
    void shouldListKeysWithoutShowingThemAndRevokeAtOnce() {
        Run created = keys("create", "--account", "revoke_co", "--role", "viewer");
        String key = created.lines().get(created.lines().size() - 1);
        assertEquals(200, overviewStatus(key));

        Run list = keys("list", "--account", "revoke_co");
        assertEquals(0, list.status());
        assertFalse(list.out().contains(key));
        assertEquals(2, list.lines().size(), "a header and the one key of the account: " + list.out());
        String row = list.lines().get(1);
        String id = row.split("\\s+")[0];
        assertTrue(row.contains("revoke_co") && row.contains("viewer") && row.endsWith("no"), row);

        Run revoked = keys("revoke", id);
        assertEquals(0, revoked.status(), revoked.err());
        api.waitOutFreshness();
        assertEquals(401, overviewStatus(key), "a revoked key is refused once the freshness window (0.1 s) has passed");
        assertFalse(keys("list", "--account", "revoke_co").lines().get(1).endsWith("no"));
        assertEquals(0, keys("revoke", id).status(), "revoking twice is harmless");
        assertTrue(keys("list").out().contains("revoke_co"), "list without --account shows every account");
    }

    @Test
    void shouldRefuseWrongUsage() {
        assertEquals(2, keys().status());
        assertEquals(2, keys("delete", "key_x").status());
        assertEquals(2, keys("create", "--account", "a b", "--role", "admin").status());
        assertEquals(2, keys("create", "--account", "ok_co", "--role", "owner").status());
        assertEquals(2, keys("create", "--role", "admin").status());
        assertEquals(2, keys("create", "--account", "ok_co", "--role", "admin", "--colour", "red").status());
        assertEquals(2, keys("revoke").status());
        assertEquals(1, keys("revoke", "key_doesnotexist0000").status());
        Run unreachable = keys("list", "--clickhouse", "http://127.0.0.1:1");
        assertEquals(1, unreachable.status());
        assertTrue(unreachable.err().contains("ClickHouse"), unreachable.err());
    }
}
