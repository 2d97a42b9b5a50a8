package ai.synaptiq.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The checkpoints and savepoints the job leaves under {@code --checkpoint-dir}: completed
 * checkpoints in {@code <dir>/<job id>/chk-N}, savepoints in {@code <dir>/savepoints/savepoint-...},
 * each complete once its {@code _metadata} is written. Read through Flink's file systems, so
 * s3:// works where the plugin is.
 */
public final class RetainedCheckpoints {
    /** The job's default savepoint directory, under the checkpoint directory. */
    private static final String SAVEPOINTS = "savepoints";

    private RetainedCheckpoints() {
    }

    /** Where the job writes savepoints: {@code <checkpoint dir>/savepoints}, where {@link #newest} looks for them. */
    public static String savepointDirectory(String checkpointDir) {
        return checkpointDir.replaceAll("/+$", "") + "/" + SAVEPOINTS;
    }

    /**
     * The newest completed checkpoint ({@code <dir>/<job id>/chk-N/_metadata}) or savepoint
     * ({@code <dir>/savepoints/savepoint-.../_metadata}) under a checkpoint directory, by the time
     * its metadata was written; empty when there is none (or no such directory).
     */
    public static Optional<String> newest(String checkpointDir) throws IOException {
        Path root = new Path(checkpointDir);
        FileSystem fs = root.getFileSystem();
        Path newest = null;
        long newestTime = Long.MIN_VALUE;
        for (FileStatus group : list(fs, root)) {
            if (!group.isDir()) {
                continue;
            }
            for (FileStatus candidate : list(fs, group.getPath())) {
                String name = candidate.getPath().getName();
                if (!candidate.isDir() || !(name.startsWith("chk-") || name.startsWith("savepoint-"))) {
                    continue;
                }
                FileStatus metadata;
                try {
                    metadata = fs.getFileStatus(new Path(candidate.getPath(), "_metadata"));
                } catch (FileNotFoundException incompleteOrSubsumed) {
                    continue;
                }
                if (metadata.getModificationTime() > newestTime) {
                    newestTime = metadata.getModificationTime();
                    newest = candidate.getPath();
                }
            }
        }
        return Optional.ofNullable(newest).map(Path::toString);
    }

    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        try {
            FileStatus[] entries = fs.listStatus(dir);
            return entries == null ? List.of() : List.of(entries);
        } catch (FileNotFoundException missing) {
            return List.of();
        }
    }
}
