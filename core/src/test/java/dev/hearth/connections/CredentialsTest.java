package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.api.connect.Credential;
import dev.hearth.security.Secrets;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private final Secrets secrets = new Secrets(Secrets.parse(Secrets.generate()));

    @Test
    void credentialsRoundTripEncryptedAndBoundToUserAndPlugin() {
        Credential basic = new Credential.Basic("alice", "app-password");
        String sealed = Credentials.seal(secrets, basic, 7, "nextcloud-talk");

        assertFalse(sealed.contains("app-password"));
        assertEquals(basic, Credentials.open(secrets, sealed, 7, "nextcloud-talk"));
        assertThrows(IllegalStateException.class, () -> Credentials.open(secrets, sealed, 8, "nextcloud-talk"));
        assertEquals(
                new Credential.Bearer("tok"),
                Credentials.open(secrets, Credentials.seal(secrets, new Credential.Bearer("tok"), 1, "p"), 1, "p"));
    }

    @Test
    void credentialsRenderTheirHeaderButNeverPrintTheSecret() {
        assertEquals("Bearer tok", new Credential.Bearer("tok").authorization());
        assertEquals("Basic YWxpY2U6c2VjcmV0", new Credential.Basic("alice", "secret").authorization());
        assertFalse(new Credential.Basic("alice", "secret").toString().contains("secret"));
        assertFalse(new Credential.Bearer("tok").toString().contains("tok"));
    }
}
