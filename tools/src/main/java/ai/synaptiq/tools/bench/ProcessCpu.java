package ai.synaptiq.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The processes a benchmark runs against, by name and pid (the script started them), and where
 * the machine's CPU went during a phase: each of them, this JVM, and the whole machine from
 * /proc/stat (the rest is the load generator and whatever else runs here), in cores.
 */
final class ProcessCpu {
    /** One reading of every watched process's CPU time and the machine's counters. */
    record Snapshot(long wallNanos, Map<String, Long> cpuNanos, long[] machineTicks) {
    }

    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids;

    private ProcessCpu(Map<String, Long> pids) {
        this.pids = pids;
    }

    /** {@code name:pid,name:pid...}, as the script passes them; empty watches nothing. */
    static ProcessCpu parse(String spec) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] parts = item.split(":", 2);
            if (parts.length != 2 || !parts[1].matches("\\d{1,10}")) {
                throw new IllegalArgumentException("--watch takes name:pid,name:pid..., got '" + item + "'");
            }
            pids.put(parts[0], Long.parseLong(parts[1]));
        }
        return new ProcessCpu(pids);
    }

    /** Throws when a watched process has exited: its log says why, and every figure after it would be wrong. */
    void requireAlive(String... names) {
        for (String name : names) {
            Long pid = pids.get(name);
            if (pid != null && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                throw new IllegalStateException(name + " (pid " + pid + ") has exited; see its log");
            }
        }
    }

    Snapshot snapshot() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name, ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L)));
        cpu.put("bench", ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
        return new Snapshot(System.nanoTime(), cpu, machineTicks().orElse(null));
    }

    /** CPU used since the snapshot, in cores (CPU seconds per second of wall time). */
    String since(Snapshot start) {
        Snapshot now = snapshot();
        double wall = now.wallNanos() - start.wallNanos();
        StringJoiner parts = new StringJoiner(", ", "CPU in cores: ", "");
        now.cpuNanos().forEach((name, nanos) -> parts.add(String.format(Locale.ROOT, "%s %.2f", name,
                (nanos - start.cpuNanos().getOrDefault(name, 0L)) / wall)));
        if (start.machineTicks() != null && now.machineTicks() != null) {
            long[] a = start.machineTicks();
            long[] b = now.machineTicks();
            double seconds = wall / 1e9;
            parts.add(String.format(Locale.ROOT, "whole machine %.2f busy of %d (%.2f stolen by the host)",
                    (b[0] - a[0]) / TICKS_PER_SECOND / seconds, Runtime.getRuntime().availableProcessors(),
                    (b[1] - a[1]) / TICKS_PER_SECOND / seconds));
        }
        return parts.toString();
    }

    /** Cores the whole machine kept busy over {@code window} from now (-1 when /proc/stat cannot be read). */
    static double machineBusyCores(Duration window) throws InterruptedException {
        Optional<long[]> a = machineTicks();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        Optional<long[]> b = machineTicks();
        if (a.isEmpty() || b.isEmpty()) {
            return -1;
        }
        return (b.get()[0] - a.get()[0]) / TICKS_PER_SECOND / ((System.nanoTime() - start) / 1e9);
    }

    /** Busy and stolen ticks of all CPUs from the first line of /proc/stat. */
    private static Optional<long[]> machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return Optional.of(new long[] {busy, Long.parseLong(f[8])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
