package ai.synaptiq.tools.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} flags and positional arguments of the command-line tools. */
public final class CommandLine {
    private final Map<String, String> flags = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final boolean help;

    private CommandLine(String[] args, Set<String> known) {
        boolean wantsHelp = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                wantsHelp = true;
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                }
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown flag --" + name);
                }
                if (value == null) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                flags.put(name, value);
            } else {
                positional.add(a);
            }
        }
        this.help = wantsHelp;
    }

    /** Throws IllegalArgumentException with a message fit for the user on an unknown or valueless flag. */
    public static CommandLine parse(String[] args, Set<String> knownFlags) {
        return new CommandLine(args, knownFlags);
    }

    public boolean helpRequested() {
        return help;
    }

    public String required(String name) {
        String v = flags.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    public String get(String name, String fallback) {
        return flags.getOrDefault(name, fallback);
    }

    public double number(String name, double fallback) {
        String v = flags.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'");
        }
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }
}
