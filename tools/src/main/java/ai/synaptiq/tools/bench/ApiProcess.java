package ai.synaptiq.tools.bench;

import ai.synaptiq.api.ApiServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The API server as users run it: its own JVM (same classpath as the benchmark), so the load
 * generator's threads and garbage collections do not run inside the server being measured.
 */
final class ApiProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ApiProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server on a free port with the flags and returns once it answers /health. */
    static ApiProcess start(Path log, int port, String... flags) throws IOException, InterruptedException {
        return start(log, port, List.of(), flags);
    }

    /** The same with JVM options for the server's JVM ({@code -Xmx256m}...). */
    static ApiProcess start(Path log, int port, List<String> jvmOptions, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ApiServer.class.getName(), "--host", "127.0.0.1",
                "--port", Integer.toString(port)));
        command.addAll(List.of(flags));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApiProcess api = new ApiProcess(p, port);
        for (int i = 0; i < 600; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the API exited during start-up; see " + log);
            }
            try (KeepAliveClient c = new KeepAliveClient(URI.create("http://127.0.0.1:" + port))) {
                if (c.get("/health", null) == 200) {
                    return api;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        api.close();
        throw new IllegalStateException("the API did not answer /health within 60 s; see " + log);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** CPU time the server's JVM has used so far (all its threads), when the system tells. */
    java.time.Duration cpu() {
        return process.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** The exit code once the process has ended. */
    int exitCode() {
        return process.exitValue();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
