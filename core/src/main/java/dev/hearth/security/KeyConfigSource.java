package dev.hearth.security;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands MicroProfile JWT the public keys it verifies tokens with ({@code mp.jwt.verify.publickey}, as a JWKS).
 * The keys live in the database, so they are published here once {@link SigningKeys} has loaded them; MP-JWT
 * reads the value lazily, when the first token arrives.
 */
public class KeyConfigSource implements ConfigSource {

    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    private static volatile String jwks;

    static void publish(String value) {
        jwks = value;
    }

    @Override
    public Set<String> getPropertyNames() {
        return jwks == null ? Set.of() : Set.of(PUBLIC_KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        String value = jwks;
        return value == null ? Map.of() : Map.of(PUBLIC_KEY, value);
    }

    @Override
    public String getValue(String propertyName) {
        return PUBLIC_KEY.equals(propertyName) ? jwks : null;
    }

    @Override
    public String getName() {
        return "hearth-signing-keys";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
