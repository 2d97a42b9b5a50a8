package ai.synaptiq.api.exports.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON records written one at a time, each compact on its own line, in one of two layouts: a JSON
 * array ({@code [\n{...},\n{...}\n]\n}, {@code []\n} when empty) or JSON Lines ({@code {...}\n{...}\n},
 * nothing when empty), which warehouses load. Records are written straight to the stream through
 * {@link #element()}, so nothing larger than a cell is ever held.
 */
public final class JsonRecordWriter {
    /** How the records are laid out in the file. */
    public enum Layout { ARRAY, LINES }

    private final JsonGenerator gen;
    private final Layout layout;
    private boolean any;

    public JsonRecordWriter(ObjectMapper mapper, OutputStream out, Layout layout) {
        this.layout = layout;
        try {
            this.gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.setRootValueSeparator(null);
            if (layout == Layout.ARRAY) {
                gen.writeRaw('[');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator, positioned for the next record (write exactly one value with it). */
    public JsonGenerator element() {
        try {
            if (layout == Layout.ARRAY) {
                gen.writeRaw(any ? ",\n" : "\n");
            } else if (any) {
                gen.writeRaw('\n');
            }
            any = true;
            return gen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the last record (and the array) and flushes; the stream itself stays open. */
    public void finish() {
        try {
            if (layout == Layout.ARRAY) {
                gen.writeRaw(any ? "\n]\n" : "]\n");
            } else if (any) {
                gen.writeRaw('\n');
            }
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
