package ai.synaptiq.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bench live` spreads its wrk load over the accounts: every request carries the next key, on the path asked for. */
class RotateKeysTest {
    @Test
    void shouldGiveEachRequestTheNextKeyInTurn(@TempDir Path dir) throws Exception {
        Map<String, AtomicLong> byAuthorization = new ConcurrentHashMap<>();
        Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            byAuthorization.computeIfAbsent(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), k -> new AtomicLong()).incrementAndGet();
            byPath.computeIfAbsent(exchange.getRequestURI().toString(), k -> new AtomicLong()).incrementAndGet();
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path script = dir.resolve("rotate-keys.lua");
        try (InputStream in = LiveBenchmark.class.getResourceAsStream("rotate-keys.lua")) {
            Files.copy(in, script);
        }
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Wrk.Result r = Wrk.start(base, LiveBenchmark.OVERVIEW, script, List.of("k1", "k2", "k3"), 1, 1, Duration.ofSeconds(1),
                    Duration.ofSeconds(5)).result();
            assertEquals(0, r.failures());
            assertTrue(r.requests() >= 3, "wrk made " + r.requests() + " requests");
            assertEquals(Map.of("Bearer k1", 0L, "Bearer k2", 0L, "Bearer k3", 0L).keySet(), byAuthorization.keySet());
            long fewest = byAuthorization.values().stream().mapToLong(AtomicLong::get).min().orElseThrow();
            long most = byAuthorization.values().stream().mapToLong(AtomicLong::get).max().orElseThrow();
            // One connection: the keys go out strictly in turn, so no key is more than one request ahead.
            assertTrue(most - fewest <= 1, "keys used " + byAuthorization);
            assertEquals(List.of(LiveBenchmark.OVERVIEW), List.copyOf(byPath.keySet()));
        } finally {
            server.stop(0);
        }
    }
}
