package ai.synaptiq.pipeline.sink;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the rows' TabSeparated lines back, for tests: values, and a JSON view of a row. */
public final class TabSeparatedFields {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+(E-?[0-9]+)?)?");

    private TabSeparatedFields() {
    }

    /** The fields of one line, unescaped; \N is null. */
    public static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split("\t", -1)) {
            out.add(f.equals("\\N") ? null : unescape(f));
        }
        return out;
    }

    static String unescape(String f) {
        StringBuilder sb = new StringBuilder(f.length());
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = f.charAt(++i);
            sb.append(switch (e) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case '0' -> '\0';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> e;
            });
        }
        return sb.toString();
    }

    /**
     * The row as a JSON object line, column names from {@link Rows#columnNames}: numbers (text as
     * written) unquoted, NULL as null, everything else as a string.
     */
    public static String json(TableRow row) {
        List<String> names = Rows.columnNames(row.table);
        List<String> values = fields(row.text());
        if (names.size() != values.size()) {
            throw new IllegalStateException(names + " vs " + values);
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(names.get(i)).append("\":");
            String v = values.get(i);
            if (v == null) {
                sb.append("null");
            } else if (NUMBER.matcher(v).matches()) {
                sb.append(v);
            } else {
                sb.append(new TextNode(v));
            }
        }
        return sb.append('}').toString();
    }
}
