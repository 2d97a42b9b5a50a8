package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the newest completed checkpoint or savepoint under a checkpoint directory. */
class RetainedCheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void shouldPickTheNewestCompletedCheckpointOrSavepointOfAnyEarlierJob() throws Exception {
        Path older = metadata(dir, "0a1b/chk-7", 1_000);
        Path savepoint = metadata(dir, "savepoints/savepoint-0a1b-123", 3_000);
        metadata(dir, "9f8e/chk-2", 2_000);
        Files.createDirectories(dir.resolve("9f8e/chk-3")); // still being written: no _metadata
        Files.createDirectories(dir.resolve("9f8e/shared"));
        assertEquals(Optional.of(savepoint.toUri().getPath().replaceAll("/$", "")),
                RetainedCheckpoints.newest(dir.toUri().toString()).map(p -> URI.create(p).getPath()));

        Files.setLastModifiedTime(older.resolve("_metadata"), FileTime.fromMillis(4_000));
        assertEquals(Optional.of(older.toUri().getPath().replaceAll("/$", "")),
                RetainedCheckpoints.newest(dir.toUri().toString()).map(p -> URI.create(p).getPath()));
    }

    @Test
    void shouldFindNothingUnderAMissingOrEmptyDirectory() throws Exception {
        assertEquals(Optional.empty(), RetainedCheckpoints.newest(dir.resolve("never-written").toUri().toString()));
        assertEquals(Optional.empty(), RetainedCheckpoints.newest(dir.toUri().toString()));
    }

    @Test
    void shouldLookForSavepointsWhereTheJobWritesThem() throws Exception {
        assertEquals("s3://bucket/checkpoints/savepoints", RetainedCheckpoints.savepointDirectory("s3://bucket/checkpoints/"));
        Path savepoints = Path.of(URI.create(RetainedCheckpoints.savepointDirectory(dir.toUri().toString())));
        Path savepoint = metadata(dir, dir.relativize(savepoints).resolve("savepoint-0a1b-9").toString(), 1_000);
        assertEquals(Optional.of(savepoint.toUri().getPath().replaceAll("/$", "")),
                RetainedCheckpoints.newest(dir.toUri().toString()).map(p -> URI.create(p).getPath()));
    }

    /** A completed checkpoint or savepoint folder under {@code dir}: its _metadata, written at the given time. */
    static Path metadata(Path dir, String folder, long modifiedMs) throws Exception {
        Path f = Files.createDirectories(dir.resolve(folder));
        Files.writeString(f.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(f.resolve("_metadata"), FileTime.fromMillis(modifiedMs));
        return f;
    }
}
