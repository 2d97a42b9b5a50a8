package ai.synaptiq.schemas.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered DDL files under {@code clickhouse/migrations/} in order, once each,
 * and records them in {@code synaptiq.schema_migrations}. Every statement is idempotent
 * ({@code IF NOT EXISTS}), so a run cut off half way is finished by the next one.
 */
public final class Migrations {
    public static final String DATABASE = "synaptiq";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String ROOT = "/clickhouse/migrations/";
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE (\\w+)\\.(\\w+) ADD COLUMN (\\w+) ");

    private Migrations() {
    }

    /** Applies what is missing; returns the names applied by this call. */
    public static List<String> apply(ClickHouseClient ch) {
        ch.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        ch.execute("CREATE TABLE IF NOT EXISTS " + DATABASE + ".schema_migrations "
                + "(version UInt32, name String, applied_at DateTime) ENGINE = ReplacingMergeTree() ORDER BY version");
        Set<Integer> applied = new HashSet<>();
        for (String line : ch.query("SELECT version FROM " + DATABASE + ".schema_migrations FORMAT TabSeparated").split("\n")) {
            if (!line.isBlank()) {
                applied.add(Integer.parseInt(line.trim()));
            }
        }
        List<String> done = new ArrayList<>();
        for (String file : resource("index").split("\n")) {
            file = file.trim();
            if (file.isEmpty()) {
                continue;
            }
            int version = Integer.parseInt(file.substring(0, file.indexOf('_')));
            if (applied.contains(version)) {
                continue;
            }
            for (String statement : statements(resource(file))) {
                if (!columnExists(ch, statement)) {
                    ch.execute(statement);
                }
            }
            ch.execute("INSERT INTO " + DATABASE + ".schema_migrations (version, name, applied_at) VALUES ("
                    + version + ", " + Sql.quote(file) + ", now())");
            LOG.info("applied ClickHouse migration {}", file);
            done.add(file);
        }
        return done;
    }

    /**
     * Whether {@code statement} adds a column that is already there. ClickHouse 18.16 has no
     * {@code ADD COLUMN IF NOT EXISTS}: a migration adds one column per statement, and a statement
     * whose column exists (a run cut off half way) is skipped.
     */
    static boolean columnExists(ClickHouseClient ch, String statement) {
        Matcher m = ADD_COLUMN.matcher(statement);
        if (!m.lookingAt()) {
            return false;
        }
        return !ch.query("SELECT name FROM system.columns WHERE database = " + Sql.quote(m.group(1)) + " AND table = " + Sql.quote(m.group(2))
                + " AND name = " + Sql.quote(m.group(3)) + " FORMAT TabSeparated").isBlank();
    }

    /** Splits a migration file into statements: comments dropped, separated by ';' at a line end. */
    static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }
}
