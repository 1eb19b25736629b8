package dev.hearth.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for credentials and secret settings: AES-256-GCM with a fresh 96-bit nonce per value.
 * A stored value reads {@code v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>}; the key id lets keys rotate (the
 * first key encrypts, every listed key decrypts). The {@code context} (for example
 * {@code plugin-setting:nextcloud-talk:clientSecret}) is bound in as associated data, so a value copied to
 * another row does not decrypt.
 */
public final class Secrets {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key with its id. */
    public record Key(String id, SecretKey key) {}

    private final List<Key> keys;

    public Secrets(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("At least one encryption key is needed");
        }
        this.keys = List.copyOf(keys);
    }

    public String encrypt(String plaintext, String context) {
        Key current = keys.get(0);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return VERSION + ":" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /**
     * @throws IllegalStateException when the value is malformed, was encrypted with a key that is no longer
     *     configured, was changed, or belongs to another context
     */
    public String decrypt(String stored, String context) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalStateException("Not an encrypted value");
        }
        Key key = keys.stream()
                .filter(k -> k.id().equals(parts[1]))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("Encrypted with key '" + parts[1] + "', which is not configured"));
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot decrypt: the value or its context does not match", e);
        }
    }

    /**
     * Reads keys from configuration: comma-separated entries, each {@code <id>:<base64 of 32 bytes>} or just the
     * base64 (the id is then derived from the key). The first entry encrypts.
     */
    public static List<Key> parse(String configured) {
        List<Key> keys = new ArrayList<>();
        for (String entry : configured.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(colon < 0 ? trimmed : trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("An encryption key is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("An encryption key must be 32 bytes (base64 of 32 random bytes)");
            }
            String id = colon < 0 ? derivedId(raw) : trimmed.substring(0, colon);
            keys.add(new Key(id, new SecretKeySpec(raw, "AES")));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No encryption key given");
        }
        return keys;
    }

    /** A new random key, in the configuration format. */
    public static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return derivedId(raw) + ":" + Base64.getEncoder().encodeToString(raw);
    }

    private static String derivedId(byte[] raw) {
        try {
            return "k"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
