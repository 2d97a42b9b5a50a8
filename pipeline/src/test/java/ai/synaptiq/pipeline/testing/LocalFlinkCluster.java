package ai.synaptiq.pipeline.testing;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster on 127.0.0.1 for tests: a JobManager and two TaskManagers (2 slots
 * each), each its own JVM started by {@code local/flink-up.sh} (as {@code ./synaptiq local --cluster}
 * does) from the jars the build copied to {@code pipeline/target/flink-lib}. Jobs go through Flink's
 * REST API, as a user's would. Processes can be killed with SIGKILL and started again.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    public static final int TASK_MANAGERS = 2;
    public static final int SLOTS = 2 * TASK_MANAGERS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path lib;
    private final int restPort = LocalClickHouse.freePort();
    private final int rpcPort = LocalClickHouse.freePort();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private LocalFlinkCluster(Path dir, Path lib) {
        this.dir = dir;
        this.lib = lib;
    }

    /** Starts the JobManager and both TaskManagers under dir; returns once both have registered. */
    public static LocalFlinkCluster start(Path dir) throws Exception {
        Path lib = LocalClickHouse.repoRoot().resolve("pipeline/target/flink-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: it is copied in Maven's prepare-package phase, so run this"
                    + " test with `mvn verify` (or install), not `mvn test`");
        }
        LocalFlinkCluster cluster = new LocalFlinkCluster(dir, lib);
        cluster.startProcess("jobmanager");
        for (int i = 1; i <= TASK_MANAGERS; i++) {
            cluster.startProcess(taskManager(i));
        }
        return cluster;
    }

    public static String taskManager(int n) {
        return "taskmanager-" + n;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path log(String process) {
        return dir.resolve("log").resolve(process + ".log");
    }

    /** Runs local/flink-up.sh for one process; it prints the pid once the process is ready. */
    public void startProcess(String name) throws Exception {
        Path script = LocalClickHouse.repoRoot().resolve("local/flink-up.sh");
        Process p = new ProcessBuilder("bash", script.toString(), dir.toString(), lib.toString(),
                Integer.toString(restPort), Integer.toString(rpcPort), name)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("flink-up.log").toFile()))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the Flink " + name + " did not start; see " + dir.resolve("flink-up.log"));
        }
        pids.put(name, Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim()));
    }

    /** SIGKILL: no shutdown hook, nothing handed over; waits until the process is gone. */
    public void kill(String name) throws Exception {
        Long pid = pids.remove(name);
        if (pid == null) {
            return;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
            h.get().destroyForcibly();
            h.get().onExit().get(60, TimeUnit.SECONDS);
        }
    }

    /** Uploads a job jar (POST /jars/upload) and returns the id the cluster gave it. */
    public String upload(Path jar) throws Exception {
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(2)).build();
        JsonNode answer = JSON.readTree(send(request, 200));
        String file = answer.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** The answer of POST /jars/&lt;id&gt;/run: HTTP status and body (a job id, or the errors of the job's main). */
    public record RunAnswer(int status, String body) {
        public String jobId() {
            try {
                String id = JSON.readTree(body).path("jobid").asText("");
                if (status != 200 || id.isEmpty()) {
                    throw new AssertionError("the cluster did not run the job: HTTP " + status + " " + body);
                }
                return id;
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** Runs the uploaded jar's main with these program arguments; savepoint (a path) to restore from, if any. */
    public RunAnswer run(String jarId, String entryClass, List<String> args, Optional<String> savepoint) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("entryClass", entryClass);
        body.putArray("programArgsList").addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        savepoint.ifPresent(s -> body.put("savepointPath", s));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
        return new RunAnswer(r.statusCode(), r.body());
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build(), 200));
    }

    public String state(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    public void awaitState(String jobId, String state) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!state(jobId).equals(state)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("job " + jobId + " is " + state(jobId) + ", not " + state + ", after 120 s");
            }
            Thread.sleep(250);
        }
    }

    /** The job's checkpoint counts (completed, restored, ...) and its latest restore, from /jobs/&lt;id&gt;/checkpoints. */
    public JsonNode checkpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** Waits until every task of the job runs (not just the job's state) and a checkpoint completed after that. */
    public void awaitRunningWithCheckpoint(String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        long completedAtStart = -1;
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = get("/jobs/" + jobId);
            boolean allRunning = job.path("state").asText().equals("RUNNING");
            for (JsonNode v : job.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING");
            }
            long completed = checkpoints(jobId).path("counts").path("completed").asLong();
            if (!allRunning) {
                completedAtStart = -1;
            } else if (completedAtStart < 0) {
                completedAtStart = completed;
            } else if (completed > completedAtStart) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " was not running with a fresh checkpoint within 180 s; see " + log("jobmanager"));
    }

    /** The TaskManagers (their resource ids, such as taskmanager-1) that run subtasks of the job. */
    public List<String> taskManagersOf(String jobId) throws Exception {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers").path("taskmanagers")) {
                ids.add(tm.path("taskmanager-id").asText());
            }
        }
        return List.copyOf(ids);
    }

    /** Waits until every slot is free again (a cancelled or lost job's tasks are gone) and every TaskManager registered. */
    public void awaitIdle() throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode o = get("/overview");
            if (o.path("taskmanagers").asInt() == TASK_MANAGERS && o.path("slots-available").asInt() == SLOTS) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the cluster's slots were not all free within 180 s: " + get("/overview"));
    }

    /** Stop-with-savepoint into targetDirectory; returns the savepoint's path once the job has stopped. */
    public String stopWithSavepoint(String jobId, String targetDirectory) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("drain", false).put("targetDirectory", targetDirectory);
        String trigger = JSON.readTree(send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .timeout(Duration.ofSeconds(30)).build(), 202)).path("request-id").asText();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode answer = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (answer.path("status").path("id").asText().equals("COMPLETED")) {
                String location = answer.path("operation").path("location").asText("");
                if (location.isEmpty()) {
                    throw new AssertionError("stop-with-savepoint failed: " + answer);
                }
                return location;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("stop-with-savepoint of " + jobId + " did not complete within 180 s");
    }

    /** Cancels the job if it still runs (its newest checkpoint is retained). */
    public void cancel(String jobId) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private String send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws Exception {
        for (String name : List.copyOf(pids.keySet())) {
            kill(name);
        }
    }
}
