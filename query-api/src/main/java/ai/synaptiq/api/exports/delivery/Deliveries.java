package ai.synaptiq.api.exports.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/** Delivers a file to one destination, whichever kind it is. */
public final class Deliveries {
    private final EmailSender email;
    private final SignedPost post;
    private final S3Uploader s3;

    public Deliveries(EmailSender email, SignedPost post, S3Uploader s3) {
        this.email = email;
        this.post = post;
        this.s3 = s3;
    }

    public void deliver(Destination d, StoredFile file, DeliveryContext run) throws DeliveryException {
        if (d instanceof Destination.Email e) {
            email.send(e, file, run);
        } else if (d instanceof Destination.Webhook w) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Synaptiq-Event", "export.delivered");
            headers.put("X-Synaptiq-Schedule-Id", run.scheduleId());
            headers.put("X-Synaptiq-Run-Id", run.runId());
            headers.put("Content-Disposition", "attachment; filename=\"" + file.name() + "\"");
            post.send(w.url(), w.secret(), file.contentType(), file.size(), file.content(), headers);
        } else if (d instanceof Destination.S3 s) {
            s3.put(s, file);
        }
    }

    public SignedPost post() {
        return post;
    }
}
