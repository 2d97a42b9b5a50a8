package ai.synaptiq.tools.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import ai.synaptiq.schemas.cli.Cli;
import picocli.CommandLine;

/** What the API benchmarks share: their flags, a free port, the machine's load. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** The machine the figures come from, printed before them. */
    static void printMachine() {
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage()
                + " at start (everything else running here slows every figure below)");
    }

    /** The 1, 5 and 15 minute load averages, as the benchmarks print them beside their figures. */
    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Reads a benchmark's flags into {@code command}: {@code --help} prints them and exits 0, a wrong flag says why and exits 2. */
    static <T> T flags(T command, String[] args) {
        CommandLine cl = Cli.commandLine(command, System.getenv(), System.err, List.of());
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cl.usage(System.err);
            System.exit(2);
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(System.out);
            System.exit(0);
        }
        return command;
    }

    /** A port nothing listens on at the moment, on the loopback address. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
