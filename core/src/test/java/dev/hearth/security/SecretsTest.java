package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private final String keyA = Secrets.generate();
    private final String keyB = Secrets.generate();
    private final Secrets secrets = new Secrets(Secrets.parse(keyA));

    @Test
    void roundTripsWithoutLeavingPlaintext() {
        String stored = secrets.encrypt("app-password-123", "connection:7");

        assertTrue(stored.startsWith("v1:" + keyA.split(":")[0] + ":"), stored);
        assertFalse(stored.contains("app-password-123"));
        assertEquals("app-password-123", secrets.decrypt(stored, "connection:7"));
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        assertNotEquals(secrets.encrypt("same", "ctx"), secrets.encrypt("same", "ctx"));
    }

    @Test
    void aValueMovedToAnotherContextDoesNotDecrypt() {
        String stored = secrets.encrypt("secret", "connection:7");

        assertThrows(IllegalStateException.class, () -> secrets.decrypt(stored, "connection:8"));
    }

    @Test
    void aTamperedValueDoesNotDecrypt() {
        String stored = secrets.encrypt("secret", "ctx");
        String[] parts = stored.split(":");
        byte[] raw = Base64.getDecoder().decode(parts[2]);
        raw[raw.length - 1] ^= 1;

        assertThrows(
                IllegalStateException.class,
                () -> secrets.decrypt(
                        parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(raw), "ctx"));
        assertThrows(IllegalStateException.class, () -> secrets.decrypt("plaintext", "ctx"));
    }

    @Test
    void keysRotate() {
        String old = secrets.encrypt("secret", "ctx");
        Secrets rotated = new Secrets(Secrets.parse(keyB + "," + keyA));

        assertEquals("secret", rotated.decrypt(old, "ctx"), "old values still decrypt");
        assertTrue(
                rotated.encrypt("secret", "ctx").startsWith("v1:" + keyB.split(":")[0] + ":"),
                "new ones use the first key");
        Secrets withoutOld = new Secrets(Secrets.parse(keyB));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> withoutOld.decrypt(old, "ctx"));
        assertTrue(e.getMessage().contains("not configured"));
    }

    @Test
    void configurationIsChecked() {
        String bare = keyA.split(":")[1];
        assertEquals(keyA.split(":")[0], Secrets.parse(bare).get(0).id(), "a bare key gets its derived id");
        assertEquals("2026", Secrets.parse("2026:" + bare).get(0).id());
        for (String bad : List.of("", " , ", "not-base64!", Base64.getEncoder().encodeToString(new byte[16]))) {
            assertThrows(IllegalArgumentException.class, () -> Secrets.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Secrets(new ArrayList<>()));
    }
}
