package ai.synaptiq.api.exports;

import java.io.OutputStream;
import java.util.Map;

/**
 * One validated export, ready to write: what it holds, the filters it applies (as the audit log
 * records them), the file name it is offered under, and the body that streams it.
 */
public record PreparedExport(String accountId, DataType dataType, ExportFormat format, Map<String, Object> filters,
        String fileName, Body body) {

    /** Writes the file to {@code out} as the rows arrive and returns the number of records written. */
    @FunctionalInterface
    public interface Body {
        long writeTo(OutputStream out);
    }
}
