package ai.synaptiq.api.exports.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A JSON array written one element at a time, each element compact on its own line:
 * {@code [\n{...},\n{...}\n]\n} ({@code []\n} when empty). Elements are written straight to the
 * stream through {@link #element()}, so nothing larger than a cell is ever held.
 */
public final class JsonArrayWriter {
    private final JsonGenerator gen;
    private boolean any;

    public JsonArrayWriter(ObjectMapper mapper, OutputStream out) {
        try {
            this.gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.setRootValueSeparator(null);
            gen.writeRaw('[');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator, positioned for the next element (write exactly one value with it). */
    public JsonGenerator element() {
        try {
            gen.writeRaw(any ? ",\n" : "\n");
            any = true;
            return gen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the closing bracket and flushes (the stream itself stays open). */
    public void finish() {
        try {
            gen.writeRaw(any ? "\n]\n" : "]\n");
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
