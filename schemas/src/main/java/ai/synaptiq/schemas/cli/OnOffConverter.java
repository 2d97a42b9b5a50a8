package ai.synaptiq.schemas.cli;

import java.util.Locale;
import picocli.CommandLine;

/** A switch given a value: {@code on}, {@code off}, {@code true} or {@code false}. */
public final class OnOffConverter implements CommandLine.ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new CommandLine.TypeConversionException("'" + text + "' is neither on nor off");
        };
    }
}
