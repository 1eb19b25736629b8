package dev.hearth.security;

import static dev.hearth.json.Jsonp.JSON;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loads Hearth's signing keys at start-up, creating the first key pair on the very first start. When two
 * instances start on an empty database at once, each may insert a key; all keys are published and every
 * instance signs with the oldest, so they agree without coordination. Private keys are stored encrypted (AES-GCM,
 * like credentials): a copy of the database alone does not let anyone sign tokens.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SigningKeys {

    private static final Logger LOGGER = Logger.getLogger(SigningKeys.class.getName());
    static final String ISSUER = "hearth";

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    @Inject
    @ConfigProperty(name = "hearth.token.lifetime", defaultValue = "PT8H")
    Duration tokenLifetime;

    private volatile TokenIssuer issuer;
    private volatile ActiveKey active;
    private volatile String jwks;
    private volatile Map<String, RSAPublicKey> publicKeys;

    /** The key Hearth signs with: its id and private key, for ID tokens of Hearth's OpenID Connect provider. */
    public record ActiveKey(String kid, PrivateKey key) {}

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void load() {
        List<SigningKey> keys = em.createNamedQuery(SigningKey.ALL_OLDEST_FIRST, SigningKey.class)
                .getResultList();
        if (keys.isEmpty()) {
            em.persist(generate(secrets));
            em.flush();
            keys = em.createNamedQuery(SigningKey.ALL_OLDEST_FIRST, SigningKey.class)
                    .getResultList();
            LOGGER.info("Created Hearth's JWT signing key " + keys.get(0).kid);
        }
        SigningKey oldest = keys.get(0);
        active = new ActiveKey(oldest.kid, privateKey(oldest, secrets));
        issuer = new TokenIssuer(ISSUER, active.kid(), active.key(), Clock.systemUTC(), tokenLifetime);
        jwks = jwks(keys);
        publicKeys = keys.stream().collect(Collectors.toUnmodifiableMap(k -> k.kid, SigningKeys::publicKey));
    }

    public ActiveKey active() {
        return active;
    }

    /** The public keys as a JWK set (RFC 7517), served at {@code /oauth2/jwks}. */
    public String publicJwks() {
        return jwks;
    }

    /** The public keys tokens are verified with, by key id. */
    public Map<String, RSAPublicKey> publicKeys() {
        return publicKeys;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    static SigningKey generate(Secrets secrets) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = new SigningKey();
            key.kid = UUID.randomUUID().toString();
            key.algorithm = "RS256";
            key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            key.privateKey = secrets.encrypt(
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), context(key.kid));
            key.createdAt = Clock.systemUTC().instant();
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key pair", e);
        }
    }

    static PrivateKey privateKey(SigningKey key, Secrets secrets) {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(
                            Base64.getDecoder().decode(secrets.decrypt(key.privateKey, context(key.kid)))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + key.kid + " is unreadable", e);
        }
    }

    /** The associated data that binds an encrypted private key to its key id. */
    static String context(String kid) {
        return "signing-key:" + kid;
    }

    static String jwks(List<SigningKey> keys) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (SigningKey key : keys) {
            RSAPublicKey rsa = publicKey(key);
            array.add(JSON.createObjectBuilder()
                    .add("kty", "RSA")
                    .add("use", "sig")
                    .add("alg", key.algorithm)
                    .add("kid", key.kid)
                    .add("n", unsigned(rsa.getModulus()))
                    .add("e", unsigned(rsa.getPublicExponent())));
        }
        return JSON.createObjectBuilder().add("keys", array).build().toString();
    }

    static RSAPublicKey publicKey(SigningKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + key.kid + " is unreadable", e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int offset = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(java.util.Arrays.copyOfRange(bytes, offset, bytes.length));
    }
}
