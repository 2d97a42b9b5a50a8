package ai.synaptiq.api.exports.delivery;

import java.io.InputStream;
import java.util.function.Supplier;

/** A generated export file to deliver: read it as many times as needed, each read a fresh stream. */
public record StoredFile(String name, String contentType, long size, Supplier<InputStream> content) {
}
