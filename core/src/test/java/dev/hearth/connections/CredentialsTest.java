package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.api.connect.Credential;
import dev.hearth.security.Secrets;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private final Secrets secrets = new Secrets(Secrets.parse(Secrets.generate()));

    private static final String CLOUD = "https://cloud.example.com";

    @Test
    void credentialsRoundTripEncryptedAndBoundToUserPluginAndServer() {
        Credential basic = new Credential.Basic("alice", "app-password");
        String sealed = Credentials.seal(secrets, basic, 7, "nextcloud-talk", CLOUD, null);

        assertFalse(sealed.contains("app-password"));
        assertEquals(
                basic,
                Credentials.open(secrets, sealed, 7, "nextcloud-talk", CLOUD).credential());
        assertThrows(IllegalStateException.class, () -> Credentials.open(secrets, sealed, 8, "nextcloud-talk", CLOUD));
        assertThrows(IllegalStateException.class, () -> Credentials.open(secrets, sealed, 7, "openproject", CLOUD));
        // a row whose server was changed in the database no longer opens: its credential goes nowhere
        assertThrows(
                IllegalStateException.class,
                () -> Credentials.open(secrets, sealed, 7, "nextcloud-talk", "https://attacker.example"));
        assertEquals(
                new Credential.Bearer("tok"),
                Credentials.open(
                                secrets,
                                Credentials.seal(secrets, new Credential.Bearer("tok"), 1, "p", CLOUD, null),
                                1,
                                "p",
                                CLOUD)
                        .credential());
    }

    @Test
    void anOAuthCredentialKeepsTheTokenEndpointThatIssuedIt() {
        URI token = URI.create("https://auth.example.com/oauth/token");
        Credential.OAuth2 tokens = new Credential.OAuth2("access", "refresh", Instant.ofEpochSecond(1_800_000_000L));
        Credentials.Opened opened = Credentials.open(
                secrets, Credentials.seal(secrets, tokens, 3, "atlassian", CLOUD, token), 3, "atlassian", CLOUD);
        assertEquals(tokens, opened.credential());
        assertEquals(token, opened.tokenUrl());
    }

    /** An OAuth credential from before gets the token endpoint known at its rebinding. */
    @Test
    void anEarlierOAuthCredentialIsRecordedWithTheTokenEndpointKnownAtItsRebinding() {
        URI token = URI.create("https://auth.example.com/oauth/token");
        String legacy =
                secrets.encrypt("{\"type\":\"oauth2\",\"access\":\"a\",\"refresh\":\"r\"}", "connection:5:atlassian");

        Credentials.Opened opened = Credentials.open(
                secrets, Credentials.rebind(secrets, legacy, 5, "atlassian", CLOUD, token), 5, "atlassian", CLOUD);

        assertEquals(new Credential.OAuth2("a", "r", null), opened.credential());
        assertEquals(token, opened.tokenUrl());
    }

    /** Values sealed before the server was bound in open only after the start-up rebinding, and then only there. */
    @Test
    void earlierValuesAreBoundOnceAndNotOpenedUnbound() {
        String legacy = secrets.encrypt("{\"type\":\"bearer\",\"token\":\"tok\"}", "connection:5:linked");
        assertThrows(IllegalStateException.class, () -> Credentials.open(secrets, legacy, 5, "linked", CLOUD));

        String bound = Credentials.rebind(secrets, legacy, 5, "linked", CLOUD, null);

        assertEquals(
                new Credential.Bearer("tok"),
                Credentials.open(secrets, bound, 5, "linked", CLOUD).credential());
        assertThrows(IllegalStateException.class, () -> Credentials.rebind(secrets, legacy, 6, "linked", CLOUD, null));
    }

    @Test
    void credentialsRenderTheirHeaderButNeverPrintTheSecret() {
        assertEquals("Bearer tok", new Credential.Bearer("tok").authorization());
        assertEquals("Basic YWxpY2U6c2VjcmV0", new Credential.Basic("alice", "secret").authorization());
        assertFalse(new Credential.Basic("alice", "secret").toString().contains("secret"));
        assertFalse(new Credential.Bearer("tok").toString().contains("tok"));
    }
}
