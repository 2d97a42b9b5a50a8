package ai.synaptiq.api.exports.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/** Delivers a file to one destination, whichever kind it is, opening its secret only for the delivery. */
public final class Deliveries implements AutoCloseable {
    private final EmailSender email;
    private final SignedPost post;
    private final S3Uploader s3;
    private final SecretsKey secrets;

    public Deliveries(EmailSender email, SignedPost post, S3Uploader s3, SecretsKey secrets) {
        this.email = email;
        this.post = post;
        this.s3 = s3;
        this.secrets = secrets;
    }

    /** Delivers {@code file} to {@code d}, the destination number {@code index} of the run's schedule. */
    public void deliver(Destination d, int index, StoredFile file, DeliveryContext run) throws DeliveryException {
        if (d instanceof Destination.Email e) {
            email.send(e, file, run);
        } else if (d instanceof Destination.Webhook w) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Synaptiq-Event", "export.delivered");
            headers.put("X-Synaptiq-Schedule-Id", run.scheduleId());
            headers.put("X-Synaptiq-Run-Id", run.runId());
            headers.put("Content-Disposition", "attachment; filename=\"" + file.name() + "\"");
            post.send(w.url(), secrets.open(w.secret()), "msg_" + run.runId() + "_" + index, file.contentType(), file.size(), file.content(),
                    headers);
        } else if (d instanceof Destination.S3 s) {
            s3.put(s, secrets.open(s.secretAccessKey()), run.keyFolder() + file.name(), file);
        }
    }

    /** Posts an alert signed with {@code secret} (as stored). */
    public SignedPost post() {
        return post;
    }

    public SecretsKey secrets() {
        return secrets;
    }

    @Override
    public void close() {
        post.close();
    }
}
