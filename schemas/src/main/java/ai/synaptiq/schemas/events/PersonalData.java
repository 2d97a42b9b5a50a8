package ai.synaptiq.schemas.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which fields of an event's {@code data} are personal: what the public activity feed must never
 * show, at whatever depth they sit ({@code data.visitor.name} as much as {@code data.name}).
 * Keys are compared without case, {@code _} or {@code -}, so {@code Email}, {@code first_name}
 * and {@code phoneNumber} are caught too.
 */
public final class PersonalData {
    /** Normalized keys (lower case, no {@code _} or {@code -}). */
    public static final Set<String> KEYS = Set.of("email", "emailaddress", "name", "firstname", "lastname", "fullname", "phone",
            "phonenumber", "mobile", "content", "address", "ip", "ipaddress");
    /** {@link #KEYS} by their first letter (all ASCII), so a key is compared with one or two of them at most. */
    private static final String[][] BY_FIRST_CHAR = new String[128][];

    static {
        for (String key : KEYS) {
            String[] same = BY_FIRST_CHAR[key.charAt(0)];
            String[] grown = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
            grown[grown.length - 1] = key;
            BY_FIRST_CHAR[key.charAt(0)] = grown;
        }
    }

    private PersonalData() {
    }

    public static boolean isPersonal(String key) {
        return isPersonal(key, 0, key.length());
    }

    /** Whether {@code text[from, to)}, lower-cased char by char and without {@code _} or {@code -}, is one of {@link #KEYS}; allocates nothing. */
    private static boolean isPersonal(String text, int from, int to) {
        int first = from;
        while (first < to && (text.charAt(first) == '_' || text.charAt(first) == '-')) {
            first++;
        }
        if (first == to) {
            return false;
        }
        char c0 = Character.toLowerCase(text.charAt(first));
        String[] candidates = c0 < BY_FIRST_CHAR.length ? BY_FIRST_CHAR[c0] : null;
        if (candidates == null) {
            return false;
        }
        next:
        for (String key : candidates) {
            int k = 0;
            for (int i = first; i < to; i++) {
                char c = text.charAt(i);
                if (c == '_' || c == '-') {
                    continue;
                }
                if (k == key.length() || Character.toLowerCase(c) != key.charAt(k)) {
                    continue next;
                }
                k++;
            }
            if (k == key.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether JSON text may hold a personal field: false only when none can be in it, so the caller
     * may skip parsing it. Every key is written {@code "key":}, so each {@code ":} is looked back from
     * to the quote before it; the text between is the key (or, inside a string value, a harmless extra).
     */
    public static boolean mayHold(String json) {
        for (int colon = json.indexOf("\":"); colon >= 0; colon = json.indexOf("\":", colon + 2)) {
            int open = json.lastIndexOf('"', colon - 1);
            if (open >= 0 && isPersonal(json, open + 1, colon)) {
                return true;
            }
        }
        return false;
    }

    /** Removes every personal field from the tree, in objects at any depth and in objects inside arrays; true if any was removed. */
    public static boolean strip(JsonNode node) {
        boolean removed = false;
        if (node instanceof ObjectNode object) {
            List<String> personal = new ArrayList<>();
            object.fieldNames().forEachRemaining(k -> {
                if (isPersonal(k)) {
                    personal.add(k);
                }
            });
            object.remove(personal);
            removed = !personal.isEmpty();
        }
        if (node != null && node.isContainerNode()) {
            for (JsonNode child : node) {
                removed |= strip(child);
            }
        }
        return removed;
    }
}
