package ai.synaptiq.api.exports.delivery;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;

/**
 * Puts the file into a Dropbox folder through Dropbox's HTTP API (content.dropboxapi.com): one
 * {@code /2/files/upload} for a file up to {@code singleMax} bytes (Dropbox takes at most 150 MB in
 * one request), else an upload session: {@code upload_session/start}, {@code append_v2} for each
 * {@code chunk} of the rest, {@code finish} with the last part and the commit. Each request carries
 * {@code Authorization: Bearer <token>}, its arguments as JSON in {@code Dropbox-API-Arg} (non-ASCII
 * escaped, as HTTP headers must be) and the bytes as {@code application/octet-stream}; the file is
 * read once, as it is sent, never held whole. Requests go through {@link OutboundHttp}.
 */
public final class DropboxUploader {
    /** Header values are ASCII: characters beyond it are written as \\uXXXX escapes, as Dropbox expects. */
    private static final ObjectMapper ARG = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final int MAX_ANSWER = 64 * 1024;
    private final OutboundHttp http;
    private final String contentUrl;
    private final long singleMax;
    private final long chunk;

    public DropboxUploader(OutboundHttp http, String contentUrl, long singleMax, long chunk) {
        this.http = http;
        this.contentUrl = contentUrl;
        this.singleMax = singleMax;
        this.chunk = chunk;
    }

    /** Uploads {@code file} as {@code name} in the destination's folder (the name may hold folders, e.g. {@code dt=2026-03-15/...}). */
    public void put(Destination.Dropbox d, String token, String name, StoredFile file) throws DeliveryException {
        ObjectNode commit = ARG.createObjectNode().put("path", d.path(name)).put("mode", d.mode())
                .put("autorename", d.mode().equals("add")).put("mute", false);
        long size = file.size();
        try (InputStream in = file.content().get()) {
            if (size <= singleMax) {
                call("upload", token, commit, in, size);
                return;
            }
            long first = Math.min(chunk, size);
            String session = call("upload_session/start", token, ARG.createObjectNode().put("close", false), in, first).path("session_id").asText();
            if (session.isEmpty()) {
                throw new DeliveryException("Dropbox started no upload session (no session_id in its answer)", null);
            }
            long offset = first;
            for (; size - offset > chunk; offset += chunk) {
                ObjectNode arg = ARG.createObjectNode().put("close", false);
                arg.putObject("cursor").put("session_id", session).put("offset", offset);
                call("upload_session/append_v2", token, arg, in, chunk);
            }
            ObjectNode arg = ARG.createObjectNode();
            arg.putObject("cursor").put("session_id", session).put("offset", offset);
            arg.set("commit", commit);
            call("upload_session/finish", token, arg, in, size - offset);
        } catch (IOException e) {
            throw new DeliveryException("the file could not be read for Dropbox: " + e.getMessage(), e);
        }
    }

    /** POSTs the next {@code length} bytes of {@code in} to {@code /2/files/<endpoint>}; the answer as JSON. */
    private JsonNode call(String endpoint, String token, ObjectNode arg, InputStream in, long length) throws DeliveryException {
        HttpPost post = new HttpPost(URI.create(contentUrl + "/2/files/" + endpoint));
        post.setHeader("Authorization", "Bearer " + token);
        try {
            post.setHeader("Dropbox-API-Arg", ARG.writeValueAsString(arg)); // not arg.toString(), which escapes nothing
        } catch (IOException e) {
            throw new IllegalStateException("a JSON object always writes", e);
        }
        post.setEntity(new InputStreamEntity(new FilterInputStream(in) {
            @Override
            public void close() {
                // the file stays open for the next part
            }
        }, length, ContentType.APPLICATION_OCTET_STREAM));
        OutboundHttp.Answer answer = http.send(post, MAX_ANSWER);
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = ARG.readTree(text.isEmpty() ? "{}" : text);
        } catch (IOException notJson) {
            json = ARG.createObjectNode();
        }
        if (!answer.ok()) {
            String why = json.path("error_summary").asText(text.length() > 200 ? text.substring(0, 200) : text);
            throw new DeliveryException("Dropbox answered HTTP " + answer.status() + " to /2/files/" + endpoint + ": " + why, null);
        }
        return json;
    }
}
