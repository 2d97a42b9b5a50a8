package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.exports.ClickHouseRows;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * The files of scheduled runs, kept in ClickHouse ({@code synaptiq.export_files}) so every API
 * instance can deliver, retry and serve them: 1 MB chunks (base64), written as the export streams
 * and read back one chunk at a time. Files expire after the retention (30 days).
 */
public final class ExportFiles {
    static final int CHUNK = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClickHouseClient clickHouse;

    public ExportFiles(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** A stream that stores what is written to it as file {@code fileId}; close it to store the last chunk. */
    public final class Writer extends OutputStream {
        private final String accountId;
        private final String fileId;
        private final long createdMs;
        private final long expiresMs;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private int chunk;
        private long size;

        private Writer(String accountId, String fileId, long createdMs, long expiresMs) {
            this.accountId = accountId;
            this.fileId = fileId;
            this.createdMs = createdMs;
            this.expiresMs = expiresMs;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                size += n;
                if (filled == CHUNK) {
                    store();
                }
            }
        }

        @Override
        public void close() {
            if (filled > 0 || chunk == 0) {
                store();
            }
        }

        public long size() {
            return size;
        }

        private void store() {
            ObjectNode n = JSON.createObjectNode();
            n.put("account_id", accountId).put("file_id", fileId).put("chunk", chunk++)
                    .put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer, filled)))
                    .put("created_ms", createdMs).put("expires_ms", expiresMs);
            clickHouse.insertJsonEachRow(Tables.EXPORT_FILES, n.toString());
            filled = 0;
        }
    }

    public Writer create(String accountId, String fileId, long createdMs, long expiresMs) {
        return new Writer(accountId, fileId, createdMs, expiresMs);
    }

    /** The file's bytes, read chunk by chunk as the caller consumes them. */
    public InputStream open(String accountId, String fileId) {
        ClickHouseRows rows = ClickHouseRows.open(clickHouse, "SELECT data FROM " + Tables.EXPORT_FILES + " FINAL WHERE account_id = "
                + Sql.quote(accountId) + " AND file_id = " + Sql.quote(fileId) + " ORDER BY chunk");
        return new InputStream() {
            private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int n = current.read(b, off, len);
                while (n <= 0) {
                    if (!rows.hasNext()) {
                        return -1;
                    }
                    current = new ByteArrayInputStream(Base64.getDecoder().decode(rows.next().path("data").asText()));
                    n = current.read(b, off, len);
                }
                return n;
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }

    public boolean exists(String accountId, String fileId) {
        return clickHouse.queryRows("SELECT count() AS n FROM " + Tables.EXPORT_FILES + " WHERE account_id = " + Sql.quote(accountId)
                + " AND file_id = " + Sql.quote(fileId) + " AND chunk = 0").get(0).path("n").asLong() > 0;
    }

    /** Deletes the chunks of files past their expiry (a mutation, only when there are any). */
    public void purgeExpired(long nowMs) {
        String expired = "expires_ms <= " + nowMs;
        if (clickHouse.queryRows("SELECT count() AS n FROM " + Tables.EXPORT_FILES + " WHERE " + expired).get(0).path("n").asLong() > 0) {
            clickHouse.execute("ALTER TABLE " + Tables.EXPORT_FILES + " DELETE WHERE " + expired);
        }
    }
}
