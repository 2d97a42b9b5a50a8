package ai.synaptiq.api.exports;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Expected export files written by hand from the spec, independently of the production writers:
 * CSV per RFC 4180 with a BOM and CRLF, text quoted, formula-like text prefixed with a quote;
 * JSON arrays one compact element per line.
 */
final class ExpectedFiles {
    private ExpectedFiles() {
    }

    /** A bare (number) cell; any other cell is text. */
    record Num(String value) {
    }

    static byte[] csv(List<List<Object>> rows) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object cell = row.get(i);
                if (cell instanceof Num n) {
                    sb.append(n.value());
                } else {
                    String s = (String) cell;
                    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
                        s = "'" + s;
                    }
                    sb.append('"').append(s.replace("\"", "\"\"")).append('"');
                }
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] jsonArray(List<? extends JsonNode> elements) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n").append(elements.get(i).toString());
        }
        sb.append(elements.isEmpty() ? "]\n" : "\n]\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
