package ai.synaptiq.api.http;

import java.util.List;

/** A JSON answer that lists things: {@code {"data": [...]}}. */
public record DataList<T>(List<T> data) {
}
