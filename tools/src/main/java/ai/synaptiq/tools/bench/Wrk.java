package ai.synaptiq.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (Debian's {@code wrk} package), when installed: a load generator in C that costs the two
 * shared cores far less than any JVM client, so the API's own figures are not the client's.
 */
final class Wrk {
    /** What wrk reports: latency percentiles in milliseconds, throughput and failed requests. */
    record Result(double p50Ms, double p99Ms, double perSecond, long requests, long failures) {
    }

    private Wrk() {
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    static Result run(URI base, String pathAndQuery, String authorization, int connections, Duration length)
            throws IOException, InterruptedException {
        return start(List.of("wrk", "-t", "2", "-c", Integer.toString(connections), "-d", length.toSeconds() + "s",
                "--latency", "-H", "Authorization: " + authorization, base + pathAndQuery)).result();
    }

    /**
     * Starts wrk with a Lua script and its arguments (given after {@code --}) and returns at once,
     * so several runs can load the server together. A request slower than {@code timeout} counts
     * as a failure, not as a latency: give one well above the latencies expected.
     */
    static Running start(URI base, String pathAndQuery, Path script, List<String> scriptArgs, int threads, int connections,
                         Duration length, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads), "-c", Integer.toString(connections),
                "-d", length.toSeconds() + "s", "--timeout", timeout.toSeconds() + "s", "--latency", "-s", script.toString(),
                base + pathAndQuery, "--"));
        command.addAll(scriptArgs);
        return start(command);
    }

    private static Running start(List<String> command) throws IOException {
        return new Running(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** A wrk process under way. */
    static final class Running {
        private final Process process;

        private Running(Process process) {
            this.process = process;
        }

        /** Waits until wrk ends and reads its figures. */
        Result result() throws IOException, InterruptedException {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("wrk failed: " + out);
            }
            return parse(out);
        }
    }

    private static Result parse(String out) {
        long requests = (long) number(out, "(\\d+) requests in");
        long failures = (long) (find(out, "Non-2xx or 3xx responses: (\\d+)") ? number(out, "Non-2xx or 3xx responses: (\\d+)") : 0);
        if (find(out, "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")) {
            Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
            m.find();
            for (int g = 1; g <= 4; g++) {
                failures += Long.parseLong(m.group(g));
            }
        }
        return new Result(millis(out, "50%"), millis(out, "99%"), number(out, "Requests/sec:\\s+([\\d.]+)"), requests, failures);
    }

    private static boolean find(String text, String regex) {
        return Pattern.compile(regex).matcher(text).find();
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no '" + regex + "' in wrk's output:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A latency line such as {@code 99%   47.80ms} in milliseconds (wrk writes us, ms or s). */
    private static double millis(String text, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk's output:\n" + text);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
