package ai.synaptiq.pipeline.testing;

import ai.synaptiq.pipeline.AnalyticsJob;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real job's main() in a child JVM (a local MiniCluster inside it), so a test can kill it
 * with SIGKILL, like a crash, and start it again: it resumes from its newest checkpoint.
 */
public final class JobProcess implements AutoCloseable {
    private final List<String> args;
    private final Path log;
    private Process process;

    public JobProcess(Path log, String... args) {
        this.log = log;
        this.args = List.of(args);
    }

    public JobProcess start() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(AnalyticsJob.class.getName());
        cmd.addAll(args);
        File logFile = log.toFile();
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile)).start();
        return this;
    }

    /** SIGKILL: no shutdown hooks, no final flush, no final checkpoint. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits for the process to end by itself; its exit status. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the job did not exit within " + seconds + " s; see " + log);
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
