package dev.hearth.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashIsAnArgon2idPhcStringWithOwaspCosts() {
        String hash = hasher.hash("correct horse battery staple");

        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertEquals(6, hash.split("\\$").length);
        assertFalse(hash.contains("correct horse"));
    }

    @Test
    void theRightPasswordVerifiesAndOthersDoNot() {
        String hash = hasher.hash("correct horse battery staple");

        assertTrue(hasher.verify("correct horse battery staple", hash));
        assertFalse(hasher.verify("correct horse battery stapl", hash));
        assertFalse(hasher.verify("Correct horse battery staple", hash));
        assertFalse(hasher.verify("", hash));
    }

    @Test
    void everyHashHasItsOwnSalt() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");

        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[4], second.split("\\$")[4]);
        assertTrue(hasher.verify("same password", first));
        assertTrue(hasher.verify("same password", second));
    }

    @Test
    void nonAsciiPasswordsWork() {
        String hash = hasher.hash("pässwörd-日本語-🔑");

        assertTrue(hasher.verify("pässwörd-日本語-🔑", hash));
        assertFalse(hasher.verify("passwort-日本語-🔑", hash));
    }

    @Test
    void malformedOrForeignHashesNeverMatch() {
        for (String stored : new String[] {
            null,
            "",
            "plaintext",
            "$2a$10$abcdefghijklmnopqrstuv",
            "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            "$argon2id$v=19$m=19456,t=2,p=1$$"
        }) {
            assertFalse(hasher.verify("anything", stored), String.valueOf(stored));
        }
    }

    @Test
    void hashesWithOtherCostsStillVerifyButAskToBeRehashed() {
        PasswordHasher cheaper = new PasswordHasher(1024, 1, 1);
        String old = cheaper.hash("password123");

        assertTrue(hasher.verify("password123", old));
        assertTrue(hasher.needsRehash(old));
        assertFalse(hasher.needsRehash(hasher.hash("password123")));
    }
}
