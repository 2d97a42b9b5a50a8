package ai.synaptiq.api.exports;

import ai.synaptiq.pipeline.AnalyticsJob;
import ai.synaptiq.pipeline.PipelineConfig;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Raw event lines for one account, as producers send them, and the real pipeline to load them. */
final class RawEvents {
    static final ObjectMapper JSON = new ObjectMapper();
    final String account;
    private final List<String> lines = new ArrayList<>();
    private int seq;

    RawEvents(String account) {
        this.account = account;
    }

    /** An event with a generated id; {@code envelope} sets leadId, conversationId, visitorId, channel, source... */
    RawEvents add(String type, String occurredAt, Consumer<ObjectNode> envelope, Consumer<ObjectNode> data) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", "ev" + (++seq));
        e.put("type", type);
        e.put("accountId", account);
        e.put("occurredAt", occurredAt);
        envelope.accept(e);
        ObjectNode d = e.putObject("data");
        data.accept(d);
        lines.add(e.toString());
        return this;
    }

    RawEvents add(String type, String occurredAt, Consumer<ObjectNode> envelope) {
        return add(type, occurredAt, envelope, d -> { });
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Adds a raw line as is (e.g. one the pipeline must refuse). */
    RawEvents raw(String line) {
        lines.add(line);
        return this;
    }

    /** Runs the real Flink job over the lines into the shared test ClickHouse. */
    void load() throws Exception {
        loadAll(this);
    }

    /** One run of the job over the lines of several accounts, in the order given. */
    static void loadAll(RawEvents... accounts) throws Exception {
        List<String> all = new ArrayList<>();
        for (RawEvents a : accounts) {
            all.addAll(a.lines);
        }
        LocalClickHouse ch = LocalClickHouse.shared();
        Path cp = Files.createTempDirectory("exports-cp-");
        AnalyticsJob.runToCompletion(all, PipelineConfig.defaults().withClickHouse(ch.url())
                .with("checkpoint-dir", cp.toUri().toString()).with("parallelism", "1"));
    }
}
