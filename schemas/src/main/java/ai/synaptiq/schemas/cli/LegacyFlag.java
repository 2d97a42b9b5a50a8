package ai.synaptiq.schemas.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An old spelling still read for one release, with a warning on stderr: {@code --freshness-ms 5000}
 * (or {@code SYNAPTIQ_FRESHNESS_MS=5000}) is read as {@code --freshness 5000ms}.
 */
public record LegacyFlag(String oldName, String newName, String unit) {

    /** {@code --NAME-ms N}, now {@code --NAME Nms}. */
    public static LegacyFlag millis(String newName) {
        return new LegacyFlag(newName + "-ms", newName, "ms");
    }

    String value(String oldValue) {
        return oldValue.strip() + unit;
    }

    void warn(PrintStream warnings, String given, String value) {
        warnings.println("warning: " + given + " is deprecated and goes in the next release; use --" + newName + " " + value(value)
                + " (variable SYNAPTIQ_" + EnvironmentDefaults.variableSuffix(newName) + ")");
    }

    /** The arguments with every old spelling rewritten to the new one. */
    static String[] rewrite(String[] args, List<LegacyFlag> legacy, PrintStream warnings) {
        List<String> out = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            LegacyFlag match = null;
            for (LegacyFlag l : legacy) {
                if (arg.equals("--" + l.oldName) || arg.startsWith("--" + l.oldName + "=")) {
                    match = l;
                }
            }
            if (match == null || (!arg.contains("=") && i + 1 == args.length)) {
                out.add(arg);
                continue;
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : args[++i];
            match.warn(warnings, "--" + match.oldName, value);
            out.add("--" + match.newName + "=" + match.value(value));
        }
        return out.toArray(String[]::new);
    }
}
