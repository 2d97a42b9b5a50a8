package ai.synaptiq.api.exports.delivery;

import ai.synaptiq.api.errors.UnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the secrets of destinations at rest: AES-256-GCM (JDK) with a random 12-byte IV
 * per value, under the operator's key ({@code --secrets-key}, base64 of 32 bytes; {@code ./synaptiq
 * local} generates one under its data folder). Without a key the server cannot take new secrets
 * (503) and cannot deliver to destinations whose secret is sealed; analytics and manual exports work.
 */
public final class SecretsKey {
    public static final SecretsKey NONE = new SecretsKey(null);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    private SecretsKey(SecretKeySpec key) {
        this.key = key;
    }

    /** The key from its base64 text; empty text: no key. */
    public static SecretsKey of(String base64) {
        if (base64 == null || base64.isBlank()) {
            return NONE;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--secrets-key must be base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("--secrets-key must be base64 of 32 random bytes (openssl rand -base64 32); it holds " + raw.length);
        }
        return new SecretsKey(new SecretKeySpec(raw, "AES"));
    }

    public boolean present() {
        return key != null;
    }

    /** The secret sealed (a sealed one as it is); 503 when this server has no key. */
    public Secret seal(Secret s) {
        if (s.isEmpty() || s.sealed()) {
            return s;
        }
        if (key == null) {
            throw new UnavailableException("this server has no secrets key (--secrets-key or SYNAPTIQ_SECRETS_KEY), so it cannot store"
                    + " the secrets of webhook and S3 destinations; ask its operator to set one");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = c.doFinal(s.text().getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return new Secret(Secret.SEALED + Secret.ending(s.text()) + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The plain text of a secret (a plain one as it is), for the moment of a delivery. */
    public String open(Secret s) throws DeliveryException {
        if (!s.sealed()) {
            return s.text();
        }
        if (key == null) {
            throw new DeliveryException("the destination's secret is sealed and this server has no secrets key (--secrets-key)", null);
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(s.text().substring(s.text().lastIndexOf(':') + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DeliveryException("the destination's secret cannot be opened with this server's secrets key (was the key changed?)", null);
        }
    }
}
