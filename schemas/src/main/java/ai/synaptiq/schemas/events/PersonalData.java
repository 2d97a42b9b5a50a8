package ai.synaptiq.schemas.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    /** Pieces of text one of {@link #KEYS} cannot be written without, in lower case. */
    private static final List<String> STEMS = List.of("mail", "name", "phone", "mobile", "content", "address", "\"ip\"");

    private PersonalData() {
    }

    public static boolean isPersonal(String key) {
        return KEYS.contains(key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", ""));
    }

    /** Whether JSON text may hold a personal field: false only when none could be in it, so the caller may skip parsing it. */
    public static boolean mayHold(String json) {
        String lower = json.toLowerCase(Locale.ROOT);
        for (String stem : STEMS) {
            if (lower.contains(stem)) {
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
