package ai.synaptiq.api.exports.delivery;

import ai.synaptiq.api.exports.integrations.IntegrationStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a file to one destination, whichever kind it is, opening its secret only for the
 * delivery; a destination naming an integration gets the account's stored credentials at that
 * moment. Also sends an alert to each of an account's alert channels.
 */
public record Deliveries(EmailSender email, OutboundHttp http, SignedPost post, S3Uploader s3, DropboxUploader dropbox, SecretsKey secrets,
            IntegrationStore integrations) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

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
        } else if (d instanceof Destination.Gcs g) {
            s3.put(g, secrets.open(g.secret()), run.keyFolder() + file.name(), file);
        } else if (d instanceof Destination.Dropbox x) {
            dropbox.put(x, secrets.open(x.accessToken()), run.keyFolder() + file.name(), file);
        } else if (d instanceof Destination.Linked l) {
            IntegrationStore.Integration stored = integrations.get(run.accountId(), l.integration())
                    .orElseThrow(() -> new DeliveryException("the account has no integration " + l.integration() + " any more", null));
            deliver(l.resolve(stored.destination()), index, file, run);
        }
    }

    /**
     * Tells every channel (email: plain {@code text} under {@code subject}; webhook: the JSON {@code
     * body}, signed as message {@code id}); a channel that fails is logged, the others still get it.
     */
    public void alert(String accountId, List<Destination> channels, String id, String subject, String text, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < channels.size(); i++) {
            Destination c = channels.get(i);
            try {
                if (c instanceof Destination.Email e) {
                    email.sendText(e.to(), subject, text);
                } else if (c instanceof Destination.Webhook w) {
                    post.send(w.url(), secrets.open(w.secret()), id + "_" + i, "application/json", bytes.length, () -> new ByteArrayInputStream(bytes),
                            Map.of("X-Synaptiq-Event", "export.delivery_failed"));
                }
            } catch (DeliveryException e) {
                LOG.warn("alert channel {} of account {} failed: {}", c.target(), accountId, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
