package ai.synaptiq.api.exports.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.errors.InvalidRequestException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The address ranges at their edges, and the spellings, without any DNS lookup (IP literals only). */
class DestinationPolicyTest {

    @Test
    void shouldTellPublicAddressesFromInsideOnesAtTheEdgesOfEachRange() throws Exception {
        for (String inside : List.of("0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1",
                "127.255.255.254", "169.254.0.1", "169.254.169.254", "172.16.0.0", "172.31.255.255", "192.0.0.8", "192.168.0.1",
                "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255", "::", "::1", "::7f00:1",
                "fe80::1", "febf::1", "fc00::1", "fdff::1", "ff02::1", "2001:db8::1", "2002:7f00:1::1", "2001:0:4136:e378::1", "64:ff9b::7f00:1")) {
            assertEquals(false, DestinationPolicy.isPublic(InetAddress.getByName(inside)), inside);
        }
        for (String outside : List.of("1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
                "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.1", "192.167.255.255", "192.169.0.0",
                "198.17.255.255", "198.20.0.0", "203.0.113.80", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001::200e")) {
            assertTrue(DestinationPolicy.isPublic(InetAddress.getByName(outside)), outside);
        }
    }

    @Test
    void shouldRefuseInsideSpellingsAndTakeCanonicalPublicOnes() {
        DestinationPolicy strict = new DestinationPolicy(false);
        for (String url : List.of("http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/", "http://127.1/", "http://1.1.1.1.1/",
                "http://[::ffff:8.8.8.8]/", "http://localhost/", "http://printer.local/", "http://a.b.c.internal/", "http://kafka/",
                "http://8.8.8.8@127.0.0.1/", "ftp://8.8.8.8/", "http:///x", "http://008.008.008.008/")) {
            assertThrows(InvalidRequestException.class, () -> strict.checkUrl(url, "url"), url);
        }
        for (String url : List.of("https://8.8.8.8/hook", "http://1.1.1.1:8080/x?y=1", "https://[2606:4700:4700::1111]/")) {
            assertEquals(url, strict.checkUrl(url, "url").toString());
        }
        DestinationPolicy inside = new DestinationPolicy(true);
        assertEquals("http://127.0.0.1:8080/x", inside.checkUrl("http://127.0.0.1:8080/x", "url").toString(), "allowed by the operator's flag");
        assertEquals("http://minio:9000", inside.checkUrl("http://minio:9000", "url").toString(), "a service name inside, allowed by the flag");
        assertThrows(InvalidRequestException.class, () -> inside.checkUrl("http://0.0.0.0:8080/", "url"), "never a receiver");
        assertThrows(InvalidRequestException.class, () -> inside.checkUrl("http://2130706433/", "url"), "spellings stay refused");
    }
}
