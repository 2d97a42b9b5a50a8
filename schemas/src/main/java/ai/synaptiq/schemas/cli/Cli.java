package ai.synaptiq.schemas.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

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

    /** Each flag's help names its variable and default, in this command and its subcommands; a secret's value is never shown. */
    private static void nameVariables(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().abbreviateSynopsis(true).width(110);
        spec.version("Synaptiq Analytics " + VERSION);
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            Help.IOptionRenderer plain = help.createDefaultOptionRenderer();
            Help.IOptionRenderer named = (option, label, scheme) -> withVariable(plain.render(option, label, scheme), option, scheme);
            Help.Layout layout = new Help.Layout(help.colorScheme(), Help.TextTable.forDefaultColumns(help.colorScheme(),
                    spec.usageMessage().longOptionsMaxWidth(), spec.usageMessage().width()), named, help.createDefaultParameterRenderer());
            return help.optionList(layout, null, help.parameterLabelRenderer());
        });
        cl.getSubcommands().values().forEach(Cli::nameVariables);
    }

    private static Help.Ansi.Text[][] withVariable(Help.Ansi.Text[][] rows, OptionSpec o, Help.ColorScheme scheme) {
        if (o.usageHelp() || o.versionHelp()) {
            return rows;
        }
        boolean secret = o.longestName().contains("password") || o.longestName().contains("secret");
        String dflt = o.defaultValue() == null || o.arity().max == 0 ? ""
                : ", default " + (o.defaultValue().isEmpty() || secret ? "empty" : o.defaultValue());
        Help.Ansi.Text[][] more = java.util.Arrays.copyOf(rows, rows.length + 1);
        Help.Ansi.Text[] row = new Help.Ansi.Text[rows[0].length];
        java.util.Arrays.fill(row, scheme.text(""));
        row[row.length - 1] = scheme.text("  (env " + EnvironmentDefaults.variable(o) + dflt + ")");
        more[rows.length] = row;
        return more;
    }
}
