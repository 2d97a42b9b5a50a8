package ai.synaptiq.api.exports.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time scans find exactly what a byte-by-byte loop finds, wherever the byte sits. */
class ByteScanTest {

    @Test
    void shouldFindTheSameByteAsAPlainLoopAtEveryOffsetAndLength() {
        Random random = new Random(7);
        byte[] alphabet = {'a', 'Z', '"', '\t', '\n', '\\', (byte) 0xC3, (byte) 0xA9, (byte) 0x89, (byte) 0xA2, 0, (byte) 0xFF, 0x08, 0x0B, 0x21, 0x23};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            int rare = random.nextInt(4);
            for (int i = 0; i < b.length; i++) {
                // Mostly harmless bytes, sometimes one of the searched ones, so matches fall at every position.
                b[i] = random.nextInt(12) < rare ? alphabet[2 + random.nextInt(4)] : alphabet[random.nextBoolean() ? 0 : 6 + random.nextInt(10)];
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            assertEquals(naiveSpecial(b, from, to), ByteScan.tabSeparatedSpecial(b, from, to));
            assertEquals(naiveQuote(b, from, to), ByteScan.quote(b, from, to));
        }
    }

    private static int naiveSpecial(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\t' || b[i] == '\n' || b[i] == '\\' || b[i] == '"') {
                return i;
            }
        }
        return to;
    }

    private static int naiveQuote(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }
}
