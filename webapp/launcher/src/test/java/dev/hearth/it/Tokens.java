package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.security.Secrets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;

/** Hand-made JWTs, to show what Hearth refuses. */
final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    /** Hearth's own signing key and its kid, as only the server can read it: from the database, decrypted. */
    record Key(String kid, PrivateKey key) {}

    static Key serverKey(HearthServer server) throws Exception {
        Secrets secrets = new Secrets(Secrets.parse(server.encryptionKey()));
        try (Connection db = server.database();
                ResultSet row = db.createStatement()
                        .executeQuery("select kid, private_key from signing_key order by created_at, kid limit 1")) {
            row.next();
            String kid = row.getString(1);
            assertTrue(row.getString(2).startsWith("v1:"), "the private key is encrypted at rest");
            return new Key(
                    kid,
                    KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                                    .decode(secrets.decrypt(row.getString(2), "signing-key:" + kid)))));
        }
    }

    static JsonObjectBuilder claims(String subject, String upn, String... groups) {
        var array = Json.createArrayBuilder();
        for (String g : groups) {
            array.add(g);
        }
        long now = Instant.now().getEpochSecond();
        return Json.createObjectBuilder()
                .add("iss", "hearth")
                .add("sub", subject)
                .add("upn", upn)
                .add("groups", array)
                .add("iat", now)
                .add("exp", now + 3600)
                .add("jti", "it-" + System.nanoTime());
    }

    static String sign(JsonObject claims, Key key) throws Exception {
        String input =
                encode(Json.createObjectBuilder()
                                .add("alg", "RS256")
                                .add("typ", "JWT")
                                .add("kid", key.kid())
                                .build()) + "." + encode(claims);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.key());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(rsa.sign());
    }

    static String unsigned(JsonObject claims) {
        return encode(Json.createObjectBuilder()
                        .add("alg", "none")
                        .add("typ", "JWT")
                        .build()) + "." + encode(claims) + ".";
    }

    static JsonObject payload(String token) {
        return Json.createReader(new StringReader(
                        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8)))
                .readObject();
    }

    static JsonObject header(String token) {
        return Json.createReader(new StringReader(
                        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)))
                .readObject();
    }

    /** The same token with another payload and the original signature. */
    static String withPayload(String token, JsonObject payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + encode(payload) + "." + parts[2];
    }

    static String encode(JsonObject json) {
        return B64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
