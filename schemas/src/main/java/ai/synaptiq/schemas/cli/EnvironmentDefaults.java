package ai.synaptiq.schemas.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every flag {@code --NAME} defaults to the variable {@code SYNAPTIQ_NAME} (dashes as underscores) when it is set and not blank. */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final List<LegacyFlag> legacy;
    private final PrintStream warnings;
    /** Each old variable is warned about once, however often picocli asks. */
    private final Set<String> warned = new HashSet<>();

    public EnvironmentDefaults(Map<String, String> env, List<LegacyFlag> legacy, PrintStream warnings) {
        this.env = env;
        this.legacy = legacy;
        this.warnings = warnings;
    }

    /** The variable of a flag: {@code --clickhouse-user} is {@code SYNAPTIQ_CLICKHOUSE_USER}. */
    public static String variable(OptionSpec option) {
        return "SYNAPTIQ_" + variableSuffix(option.longestName());
    }

    static String variableSuffix(String flag) {
        return flag.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String value = env.get(variable(option));
        if (value != null && !value.isBlank()) {
            return value;
        }
        for (LegacyFlag l : legacy) {
            String old = env.get("SYNAPTIQ_" + variableSuffix(l.oldName()));
            if (option.longestName().equals("--" + l.newName()) && old != null && !old.isBlank()) {
                if (warned.add(l.oldName())) {
                    l.warn(warnings, "SYNAPTIQ_" + variableSuffix(l.oldName()), old);
                }
                return l.value(old);
            }
        }
        return null;
    }
}
