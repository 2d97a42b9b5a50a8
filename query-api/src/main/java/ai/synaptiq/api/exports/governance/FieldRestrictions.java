package ai.synaptiq.api.exports.governance;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.errors.InvalidRequestException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fields an account keeps out of every export file: each becomes {@value #REDACTED} in every
 * format and destination. Names are the lead export's column names ({@code email}, {@code phone},
 * {@code custom_budget}, {@code custom_properties} for all custom properties...) plus
 * {@code message_content} for what was said in conversations. {@code email} also covers a
 * conversation's {@code lead_email}, {@code name} the visitor's name in transcripts, {@code score}
 * the scores in conversation events.
 */
public record FieldRestrictions(Set<String> fields) {
    public static final String REDACTED = "[REDACTED]";
    public static final FieldRestrictions NONE = new FieldRestrictions(Set.of());
    public static final List<String> RESTRICTABLE = List.of("email", "name", "phone", "company", "status", "score",
            "source_url", "created_at", "last_activity_at", "tags", "assigned_to", "custom_properties", "message_content");
    private static final Pattern CUSTOM = Pattern.compile("custom_[^\\p{Cntrl}]{1,100}");

    public FieldRestrictions {
        fields = Set.copyOf(new TreeSet<>(fields));
    }

    /** Validates names against {@link #RESTRICTABLE} and {@code custom_<key>}. */
    public static FieldRestrictions of(List<String> names) {
        for (String n : names) {
            if (!RESTRICTABLE.contains(n) && !CUSTOM.matcher(n).matches()) {
                throw new InvalidRequestException(quote(n) + " is not a field that can be restricted; use one of "
                        + String.join(", ", RESTRICTABLE) + " or custom_<key>");
            }
        }
        return new FieldRestrictions(Set.copyOf(names));
    }

    public boolean restricts(String field) {
        return fields.contains(field);
    }

    /** A custom property is hidden by its own {@code custom_<key>} or by {@code custom_properties}. */
    public boolean restrictsCustom(String key) {
        return fields.contains("custom_properties") || fields.contains("custom_" + key);
    }

    /** {@code value}, or {@value #REDACTED} when {@code field} is restricted. */
    public String apply(String field, String value) {
        return restricts(field) ? REDACTED : value;
    }
}
