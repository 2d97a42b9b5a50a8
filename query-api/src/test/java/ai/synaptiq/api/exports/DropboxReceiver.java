package ai.synaptiq.api.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Dropbox's content API as far as uploads go, on 127.0.0.1: {@code /2/files/upload},
 * {@code /2/files/upload_session/start}, {@code /append_v2} and {@code /finish}. Like Dropbox it
 * answers 400 to a request without {@code Content-Type: application/octet-stream} or with a
 * {@code Dropbox-API-Arg} that is not ASCII JSON, 401 to another token, and 409
 * {@code incorrect_offset} to an append or finish whose offset is not the bytes the session holds.
 * Every request is recorded; committed files are kept by path.
 */
final class DropboxReceiver implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Call(String endpoint, JsonNode arg, int bytes, int status) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> sessions = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final String token;

    DropboxReceiver(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2/files/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        String endpoint = x.getRequestURI().getPath().substring("/2/files/".length());
        String rawArg = x.getRequestHeaders().getFirst("Dropbox-API-Arg");
        JsonNode arg = null;
        int status;
        String answer;
        try {
            arg = rawArg == null || !StandardCharsets.US_ASCII.newEncoder().canEncode(rawArg) ? null : JSON.readTree(rawArg);
        } catch (IOException notJson) {
            arg = null;
        }
        if (!"POST".equals(x.getRequestMethod()) || !"application/octet-stream".equals(x.getRequestHeaders().getFirst("Content-Type")) || arg == null) {
            status = 400;
            answer = "Error in call to API function \"files/" + endpoint + "\": bad request";
        } else if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            answer = "{\"error_summary\": \"invalid_access_token/...\", \"error\": {\".tag\": \"invalid_access_token\"}}";
        } else {
            String[] result = apply(endpoint, arg, body);
            status = Integer.parseInt(result[0]);
            answer = result[1];
        }
        calls.add(new Call(endpoint, arg, body.length, status));
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", answer.startsWith("{") ? "application/json" : "text/plain");
        x.sendResponseHeaders(status, out.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(out);
        }
    }

    /** Status and body of an authorised call. */
    private synchronized String[] apply(String endpoint, JsonNode arg, byte[] body) {
        switch (endpoint) {
            case "upload" -> {
                return commit(arg, body);
            }
            case "upload_session/start" -> {
                String id = "sess_" + UUID.randomUUID();
                ByteArrayOutputStream held = new ByteArrayOutputStream();
                held.writeBytes(body);
                sessions.put(id, held);
                return new String[] {"200", "{\"session_id\": \"" + id + "\"}"};
            }
            case "upload_session/append_v2", "upload_session/finish" -> {
                ByteArrayOutputStream held = sessions.get(arg.path("cursor").path("session_id").asText());
                if (held == null) {
                    return new String[] {"409", "{\"error_summary\": \"lookup_failed/not_found/\"}"};
                }
                if (arg.path("cursor").path("offset").asLong(-1) != held.size()) {
                    return new String[] {"409", "{\"error_summary\": \"lookup_failed/incorrect_offset/\", \"error\": {\"correct_offset\": " + held.size() + "}}"};
                }
                held.writeBytes(body);
                return endpoint.endsWith("finish") ? commit(arg.path("commit"), held.toByteArray()) : new String[] {"200", "null"};
            }
            default -> {
                return new String[] {"404", "Unknown API function: \"" + endpoint + "\""};
            }
        }
    }

    private String[] commit(JsonNode commit, byte[] content) {
        String path = commit.path("path").asText();
        if (!path.startsWith("/") || !commit.has("mode") || !commit.has("autorename")) {
            return new String[] {"400", "Error in call to API function: bad commit " + commit};
        }
        if (files.containsKey(path) && "add".equals(commit.path("mode").asText()) && !commit.path("autorename").asBoolean()) {
            return new String[] {"409", "{\"error_summary\": \"path/conflict/file/\"}"};
        }
        files.put(path, content);
        return new String[] {"200", "{\"name\": \"" + path.substring(path.lastIndexOf('/') + 1) + "\", \"path_display\": \"" + path + "\", \"size\": "
                + content.length + "}"};
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
