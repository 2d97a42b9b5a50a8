package ai.synaptiq.api.exports;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The rows of one ClickHouse query ({@code FORMAT JSONEachRow}), read one at a time as they arrive
 * from the stream. Closing it before the end closes the HTTP connection, which stops the query.
 * An error ClickHouse reports half way (appended to the body as text) or a dropped connection fails
 * the read with a {@link ClickHouseException}, which the server answers 503 if nothing was sent yet.
 */
public final class ClickHouseRows implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InputStream in;
    private final MappingIterator<JsonNode> rows;
    private JsonNode peeked;

    private ClickHouseRows(InputStream in) {
        this.in = in;
        try {
            this.rows = JSON.readerFor(JsonNode.class).readValues(in);
        } catch (IOException e) {
            close();
            throw new ClickHouseException("unreadable rows from ClickHouse: " + e.getMessage(), 0, e);
        }
    }

    /** Runs {@code sql} (without a FORMAT clause) and streams its rows. */
    public static ClickHouseRows open(ClickHouseClient clickHouse, String sql) {
        return new ClickHouseRows(clickHouse.stream(sql + "\nFORMAT JSONEachRow"));
    }

    public boolean hasNext() {
        return peek() != null;
    }

    /** The next row without consuming it, or null at the end. */
    public JsonNode peek() {
        if (peeked == null) {
            try {
                if (rows.hasNextValue()) {
                    peeked = rows.nextValue();
                }
            } catch (IOException e) {
                throw new ClickHouseException("ClickHouse failed while streaming rows: " + e.getMessage(), 0, e);
            }
        }
        return peeked;
    }

    public JsonNode next() {
        JsonNode n = peek();
        if (n == null) {
            throw new IllegalStateException("no more rows");
        }
        peeked = null;
        return n;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }
}
