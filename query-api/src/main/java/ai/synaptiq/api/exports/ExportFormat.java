package ai.synaptiq.api.exports;

import java.util.Locale;

/** The file formats, with the content type and file extension each is served with. */
public enum ExportFormat {
    CSV("text/csv; charset=utf-8"),
    JSON("application/json; charset=utf-8"),
    TXT("text/plain; charset=utf-8"),
    PDF("application/pdf");

    private final String contentType;

    ExportFormat(String contentType) {
        this.contentType = contentType;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String contentType() {
        return contentType;
    }
}
