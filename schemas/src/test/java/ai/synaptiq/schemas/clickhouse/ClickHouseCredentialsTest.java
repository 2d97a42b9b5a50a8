package ai.synaptiq.schemas.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The project's ClickHouse is never open: only its own user, with its password, gets an answer. */
class ClickHouseCredentialsTest {
    private static final LocalClickHouse ch = LocalClickHouse.shared();
    private static final String CANARY = "SELECT 'open' FORMAT TabSeparated";

    @Test
    void shouldRefuseAQueryWithoutCredentials() throws Exception {
        HttpResponse<String> res = post(ch.address() + "/", CANARY);
        assertNotEquals(200, res.statusCode(), res.body());
        assertFalse(res.body().contains("open"), res.body());
    }

    @Test
    void shouldRefuseThePasswordlessDefaultUser() throws Exception {
        HttpResponse<String> res = post(ch.address() + "/?user=default&password=", CANARY);
        assertNotEquals(200, res.statusCode(), res.body());
    }

    @Test
    void shouldRefuseAWrongPassword() {
        ClickHouseClient wrong = new ClickHouseClient(ch.address(), LocalClickHouse.USER, ch.password() + "x", Duration.ofSeconds(10));
        assertThrows(ClickHouseException.class, () -> wrong.query(CANARY));
    }

    @Test
    void shouldAnswerTheProjectUserWithCredentialsInTheUrlOrGivenApart() {
        assertEquals("open", new ClickHouseClient(ch.url()).query(CANARY).trim());
        assertEquals("open", new ClickHouseClient(ch.address(), LocalClickHouse.USER, ch.password(), Duration.ofSeconds(10)).query(CANARY).trim());
    }

    @Test
    void shouldNeverNameThePasswordInItsAddressOrErrors() {
        String password = ch.password();
        ClickHouseClient client = new ClickHouseClient(ch.url());
        assertFalse(client.url().contains(password), client.url());
        assertFalse(ClickHouseClient.redacted(ch.url()).contains(password));
        ClickHouseClient unreachable = new ClickHouseClient("http://synaptiq:" + password + "@127.0.0.1:" + LocalClickHouse.freePort());
        ClickHouseException e = assertThrows(ClickHouseException.class, () -> unreachable.query("SELECT 1"));
        assertFalse(e.getMessage().contains(password), e.getMessage());
        ClickHouseException refused = assertThrows(ClickHouseException.class,
                () -> new ClickHouseClient(ch.address(), LocalClickHouse.USER, password + "x", Duration.ofSeconds(10)).query("SELECT 1"));
        assertFalse(refused.getMessage().contains(password), refused.getMessage());
    }

    @Test
    void shouldDecodePercentEncodedCredentials() {
        String encoded = URLEncoder.encode(ch.password(), StandardCharsets.UTF_8);
        assertTrue(new ClickHouseClient("http://" + LocalClickHouse.USER + ":" + encoded + "@127.0.0.1:" + ch.httpPort()).ping());
    }

    private static HttpResponse<String> post(String url, String sql) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(sql)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
