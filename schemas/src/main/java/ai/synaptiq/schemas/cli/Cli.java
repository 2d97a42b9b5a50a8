package ai.synaptiq.schemas.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every entry point reads its command line (picocli): flags over {@code SYNAPTIQ_*} variables over
 * defaults, one duration syntax ({@link DurationConverter}), old spellings accepted for one release with a
 * warning ({@link LegacyFlag}), and {@code --help} naming each flag's variable and default.
 */
public final class Cli {
    /** The project's version, as Maven wrote it into the schemas jar. */
    private static final String VERSION = version();

    private Cli() {
    }

    /** The command line of {@code command} (an {@code @Command} object), reading defaults from {@code env}. */
    public static CommandLine commandLine(Object command, Map<String, String> env, PrintStream warnings, List<LegacyFlag> legacy) {
        CommandLine cl = new CommandLine(command);
        cl.registerConverter(Duration.class, new DurationConverter());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env, legacy, warnings));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true);
        nameVariables(cl);
        return cl;
    }

    /** Parses into {@code command} and returns it; a user's mistake is an IllegalArgumentException saying what is wrong. */
    public static <T> T parse(T command, String[] args, Map<String, String> env, LegacyFlag... legacy) {
        List<LegacyFlag> old = List.of(legacy);
        try {
            commandLine(command, env, System.err, old).parseArgs(LegacyFlag.rewrite(args, old, System.err));
            return command;
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see --help)", e);
        }
    }

    /** The {@code --help} text of {@code command}. */
    public static String help(Object command) {
        return commandLine(command, Map.of(), System.err, List.of()).getUsageMessage();
    }

    /**
     * Runs a {@code Callable<Integer>} or {@code Runnable} command as {@code main} does: {@code --help} prints the usage,
     * a wrong flag prints the message and the usage and returns 2, otherwise the command's own status.
     */
    public static int execute(Object command, String[] args, Map<String, String> env, PrintStream out, PrintStream err, LegacyFlag... legacy) {
        List<LegacyFlag> old = List.of(legacy);
        CommandLine cl = commandLine(command, env, err, old);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl.execute(LegacyFlag.rewrite(args, old, err));
    }

    private static String version() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = Cli.class.getResourceAsStream("/META-INF/maven/ai.synaptiq/schemas/pom.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            // no version to show
        }
        return p.getProperty("version", "(development build)");
    }

    /** Adds "(SYNAPTIQ_NAME)" to each flag's description, in this command and its subcommands. */
    private static void nameVariables(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().abbreviateSynopsis(true).width(110);
        spec.version("Synaptiq Analytics " + VERSION);
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            List<String> description = new ArrayList<>(Arrays.asList(o.description()));
            String variable = "env " + EnvironmentDefaults.variable(o);
            // A secret's value (from the environment) is never shown.
            boolean secret = o.longestName().contains("password") || o.longestName().contains("secret");
            String suffix = o.defaultValue() == null || o.arity().max == 0 ? " (" + variable + ")"
                    : o.defaultValue().isEmpty() || secret ? " (" + variable + ", default empty)"
                    : " (" + variable + ", default ${DEFAULT-VALUE})";
            int last = description.size() - 1;
            if (last < 0) {
                description.add(suffix.strip());
            } else {
                description.set(last, description.get(last) + suffix);
            }
            spec.remove(o);
            OptionSpec.Builder named = o.toBuilder().description(description.toArray(String[]::new));
            if (o.paramLabel().startsWith("<")) {
                named.paramLabel(o.type() == Duration.class ? "DURATION" : o.type().isPrimitive() && o.type() != boolean.class ? "N" : "VALUE");
            }
            spec.addOption(named.build());
        }
        cl.getSubcommands().values().forEach(Cli::nameVariables);
    }
}
