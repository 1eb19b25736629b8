package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static final Secrets SECRETS = new Secrets(Secrets.parse(Secrets.generate()));

    @Test
    void jwksPublishesEveryKeyWithItsKidAndTheExactModulusAndExponent() {
        SigningKey first = SigningKeys.generate(SECRETS);
        SigningKey second = SigningKeys.generate(SECRETS);

        JsonObject jwks = Json.createReader(new StringReader(SigningKeys.jwks(List.of(first, second))))
                .readObject();

        assertEquals(2, jwks.getJsonArray("keys").size());
        JsonObject jwk = jwks.getJsonArray("keys").getJsonObject(0);
        assertEquals(first.kid, jwk.getString("kid"));
        assertEquals("RSA", jwk.getString("kty"));
        assertEquals("RS256", jwk.getString("alg"));
        assertEquals("sig", jwk.getString("use"));
        RSAPublicKey key = SigningKeys.publicKey(first);
        assertEquals(key.getModulus(), new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n"))));
        assertEquals(
                key.getPublicExponent(),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e"))));
        assertEquals(second.kid, jwks.getJsonArray("keys").getJsonObject(1).getString("kid"));
    }

    @Test
    void storedPrivateKeyIsEncryptedAndReadsBack() {
        SigningKey key = SigningKeys.generate(SECRETS);

        assertTrue(key.privateKey.startsWith("v1:"), "encrypted at rest");
        assertThrows(
                IllegalStateException.class,
                () -> SigningKeys.privateKey(key, new Secrets(Secrets.parse(Secrets.generate()))),
                "useless without the encryption key");

        assertEquals("RSA", SigningKeys.privateKey(key, SECRETS).getAlgorithm());
        assertEquals(2048, SigningKeys.publicKey(key).getModulus().bitLength());
    }
}
