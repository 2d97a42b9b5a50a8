package ai.synaptiq.schemas.testing;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Migrations;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real, private ClickHouse server for tests, started through the project's own
 * {@code local/clickhouse-up.sh} on free ports under a temp folder. One per test JVM;
 * it stops when the JVM exits. Tests isolate themselves by account id or by truncating.
 */
public final class LocalClickHouse {
    private static LocalClickHouse shared;

    private final Path dir;
    private final int httpPort;
    private long pid;
    private final ClickHouseClient client;

    private LocalClickHouse(Path dir, int httpPort, long pid) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.pid = pid;
        this.client = new ClickHouseClient(url());
    }

    /** The JVM-wide server, started on first use, with the migrations applied. */
    public static synchronized LocalClickHouse shared() {
        if (shared == null) {
            shared = start();
            Migrations.apply(shared.client());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public static LocalClickHouse start() {
        try {
            Path dir = Files.createTempDirectory("synaptiq-ch-");
            int http = freePort();
            int tcp = freePort();
            Process p = new ProcessBuilder("bash", repoRoot().resolve("local/clickhouse-up.sh").toString(),
                    dir.toString(), Integer.toString(http), Integer.toString(tcp))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("could not start ClickHouse: " + out);
            }
            String[] lines = out.split("\n");
            return new LocalClickHouse(dir, http, Long.parseLong(lines[lines.length - 1].trim()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public ClickHouseClient client() {
        return client;
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit; data stays on disk. */
    public void stop() {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /** Stops the server and starts it again on the same port with the same data. */
    public LocalClickHouse restart() {
        stop();
        return startAgain();
    }

    /** Starts a stopped server again on the same port with the same data. */
    public LocalClickHouse startAgain() {
        try {
            Process p = new ProcessBuilder("bash", repoRoot().resolve("local/clickhouse-up.sh").toString(),
                    dir.toString(), Integer.toString(httpPort), Integer.toString(freePort()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("could not restart ClickHouse: " + out);
            }
            String[] lines = out.split("\n");
            pid = Long.parseLong(lines[lines.length - 1].trim());
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("local/clickhouse-up.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (local/clickhouse-up.sh) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
