package ai.synaptiq.api.exports;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.http.RequestParams;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an export holds, with the formats it comes in (the first is the default). */
public enum DataType {
    LEADS(List.of(ExportFormat.CSV, ExportFormat.JSON, ExportFormat.JSONL, ExportFormat.JSONL_GZ)),
    CONVERSATIONS(List.of(ExportFormat.JSON, ExportFormat.TXT, ExportFormat.JSONL, ExportFormat.JSONL_GZ)),
    ANALYTICS(List.of(ExportFormat.CSV, ExportFormat.PDF, ExportFormat.JSONL, ExportFormat.JSONL_GZ));

    private final List<ExportFormat> formats;

    DataType(List<ExportFormat> formats) {
        this.formats = formats;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<ExportFormat> formats() {
        return formats;
    }

    /** The {@code format} parameter: one of this type's formats, the first when absent. */
    public ExportFormat format(RequestParams p) {
        return p.text("format").map(f -> formats.stream().filter(x -> x.wireName().equals(f)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("'format' of a " + wireName() + " export must be one of "
                        + String.join(", ", formats.stream().map(ExportFormat::wireName).toList()) + "; got " + quote(f))))
                .orElse(formats.get(0));
    }

    public static DataType fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("'dataType' must be one of leads, conversations, analytics; got " + quote(name)));
    }
}
