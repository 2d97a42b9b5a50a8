package ai.synaptiq.schemas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataTest {
    @Test
    void shouldKnowAPersonalKeyInAnySpelling() {
        for (String key : List.of("email", "Email", "EMAIL", "e-mail", "email_address", "name", "first_name", "lastName", "Full-Name",
                "phone", "phone_number", "phoneNumber", "mobile", "content", "address", "ip", "IP", "ip_address", "_name_")) {
            assertTrue(PersonalData.isPersonal(key), key);
        }
        for (String key : List.of("", "_", "names", "nam", "agent", "intent", "confidence", "reason", "company", "emails", "zip", "ipv")) {
            assertFalse(PersonalData.isPersonal(key), key);
        }
    }

    @Test
    void shouldFlagTextOnlyWhenAKeyIsPersonal() {
        assertTrue(PersonalData.mayHold("{\"a\":{\"b\":[{\"First_Name\":\"x\"}]}}"));
        assertTrue(PersonalData.mayHold("{\"reason\":\"x\",\"Email\":\"y\"}"));
        assertFalse(PersonalData.mayHold("{\"reason\":\"my name and email\",\"note\":\"phone\"}"));
        assertFalse(PersonalData.mayHold("{}"));
    }

    @Test
    void shouldStripAtEveryDepth() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(
                "{\"name\":\"a\",\"keep\":1,\"v\":{\"Email\":\"b\",\"w\":[{\"phone_number\":\"c\",\"x\":[{\"ip\":\"d\"}]}]}}");
        assertTrue(PersonalData.strip(tree));
        assertEquals("{\"keep\":1,\"v\":{\"w\":[{\"x\":[{}]}]}}", tree.toString());
        assertFalse(PersonalData.strip(tree), "nothing left to strip");
    }
}
