package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.format.JsonRecordWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * The file formats, each with its name in requests (also the file extension) and the content type it
 * is served with. {@code jsonl} is JSON Lines (one object per line, what warehouses load); {@code jsonl.gz}
 * the same, gzip-compressed.
 */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    JSON("json", "application/json; charset=utf-8"),
    JSONL("jsonl", "application/x-ndjson"),
    JSONL_GZ("jsonl.gz", "application/gzip"),
    TXT("txt", "text/plain; charset=utf-8"),
    PDF("pdf", "application/pdf");

    private static final int GZIP_BUFFER = 64 * 1024;
    private final String wireName;
    private final String contentType;

    ExportFormat(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    /** The name in requests, and the file's extension. */
    public String wireName() {
        return wireName;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether the file is JSON records (an array or JSON Lines). */
    public boolean jsonRecords() {
        return this == JSON || this == JSONL || this == JSONL_GZ;
    }

    /** The layout of a JSON records format. */
    public JsonRecordWriter.Layout layout() {
        return this == JSON ? JsonRecordWriter.Layout.ARRAY : JsonRecordWriter.Layout.LINES;
    }

    /** The body writing {@code records} in this format: compressed as it streams for {@code jsonl.gz}. */
    public PreparedExport.Body encode(PreparedExport.Body records) {
        if (this != JSONL_GZ) {
            return records;
        }
        return out -> {
            try {
                GZIPOutputStream gzip = new GZIPOutputStream(out, GZIP_BUFFER);
                long n = records.writeTo(gzip);
                // finish(), not close(): the stream underneath belongs to the caller.
                gzip.finish();
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
