package ai.synaptiq.api.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.TreeSet;

/** Compares JSON trees where numbers are equal by value (0.0750 equals 0.075), naming the first difference's path. */
public final class JsonAssertions {
    private JsonAssertions() {
    }

    public static void assertSameJson(JsonNode expected, JsonNode actual) {
        String difference = difference("$", expected, actual);
        if (difference != null) {
            fail(difference + "\nexpected: " + expected + "\nactual:   " + actual);
        }
    }

    private static String difference(String path, JsonNode e, JsonNode a) {
        if (a == null || a.isMissingNode()) {
            return path + " is missing";
        }
        if (e.isNumber() && a.isNumber()) {
            return e.decimalValue().compareTo(a.decimalValue()) == 0 ? null : path + ": expected " + e + " but was " + a;
        }
        if (e.isObject() && a.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            e.fieldNames().forEachRemaining(names::add);
            TreeSet<String> actualNames = new TreeSet<>();
            a.fieldNames().forEachRemaining(actualNames::add);
            if (!names.equals(actualNames)) {
                return path + ": fields " + actualNames + " but expected " + names;
            }
            for (String name : names) {
                String d = difference(path + "." + name, e.get(name), a.get(name));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                return path + ": " + a.size() + " elements but expected " + e.size();
            }
            Iterator<JsonNode> ei = e.elements();
            Iterator<JsonNode> ai = a.elements();
            for (int i = 0; ei.hasNext(); i++) {
                String d = difference(path + "[" + i + "]", ei.next(), ai.next());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return e.equals(a) ? null : path + ": expected " + e + " but was " + a;
    }
}
