package dev.hearth.oauth;

import dev.hearth.problems.ApiException;
import dev.hearth.security.RandomTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The applications registered to use Hearth as their OAuth 2.0 / OpenID Connect provider. A confidential client's
 * secret is shown once and stored as its SHA-256; deleting a client ends every grant and token it had.
 */
@ApplicationScoped
public class OAuthClients {

    static final String SECRET_PREFIX = "hcs_";
    private static final int MAX_REDIRECTS = 20;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    @PersistenceContext
    EntityManager em;

    private final Clock clock = Clock.systemUTC();

    public List<ClientView> list() {
        return em
                .createQuery("select c from OAuthClient c order by c.name, c.id", OAuthClient.class)
                .getResultList()
                .stream()
                .map(c -> ClientView.of(c, null))
                .toList();
    }

    public ClientView view(long id) {
        return ClientView.of(get(id), null);
    }

    @Transactional
    public ClientView create(NewClient request) {
        OAuthClient client = new OAuthClient();
        client.clientId = RandomTokens.make("").substring(0, 24);
        client.name = request.name().strip();
        client.redirectUris = String.join("\n", redirects(request.redirectUris()));
        client.confidential = request.confidential();
        client.createdAt = clock.instant();
        client.updatedAt = client.createdAt;
        String secret = client.confidential ? RandomTokens.make(SECRET_PREFIX) : null;
        client.secretHash = secret == null ? null : RandomTokens.hash(secret);
        em.persist(client);
        em.flush();
        return ClientView.of(client, secret);
    }

    @Transactional
    public ClientView change(long id, ClientChanges changes) {
        if (changes.name() == null && changes.redirectUris() == null) {
            throw ApiException.badRequest("validation_failed", "Send name, redirectUris or both.");
        }
        OAuthClient client = get(id);
        if (changes.name() != null) {
            if (changes.name().isBlank()) {
                throw ApiException.badRequest("validation_failed", "name: give the application a name");
            }
            client.name = changes.name().strip();
        }
        if (changes.redirectUris() != null) {
            client.redirectUris = String.join("\n", redirects(changes.redirectUris()));
        }
        client.updatedAt = clock.instant();
        return ClientView.of(client, null);
    }

    /** A new secret for a confidential client; the old one stops working at once. */
    @Transactional
    public ClientView rotateSecret(long id) {
        OAuthClient client = get(id);
        if (!client.confidential) {
            throw ApiException.conflict("public_client", "A public client has no secret to rotate.");
        }
        String secret = RandomTokens.make(SECRET_PREFIX);
        client.secretHash = RandomTokens.hash(secret);
        client.updatedAt = clock.instant();
        return ClientView.of(client, secret);
    }

    /** Deletes a client with its consents, grants, refresh tokens and access tokens. */
    @Transactional
    public void delete(long id) {
        em.remove(get(id)); // the database cascades to consents, grants, refresh and access tokens
    }

    OAuthClient get(long id) {
        OAuthClient client = em.find(OAuthClient.class, id);
        if (client == null) {
            throw ApiException.notFound("client_not_found", "There is no application with id " + id + ".");
        }
        return client;
    }

    /** The client with this client_id, if any. */
    Optional<OAuthClient> byClientId(String clientId) {
        return em.createQuery("select c from OAuthClient c where c.clientId = :id", OAuthClient.class)
                .setParameter("id", clientId)
                .getResultStream()
                .findFirst();
    }

    /**
     * Redirect URIs as registered: absolute, without fragment; https, or http only on this machine (RFC 8252's
     * loopback redirect), or an app's private-use scheme (a reversed domain name, such as {@code com.example.app:}).
     */
    static List<String> redirects(List<String> uris) {
        Set<String> checked = new LinkedHashSet<>();
        for (String uri : uris) {
            checked.add(redirect(uri));
        }
        if (checked.isEmpty() || checked.size() > MAX_REDIRECTS) {
            throw ApiException.badRequest(
                    "validation_failed", "redirectUris: list 1 to " + MAX_REDIRECTS + " redirect URIs");
        }
        return List.copyOf(checked);
    }

    private static String redirect(String uri) {
        String problem = null;
        try {
            URI parsed = new URI(uri == null ? "" : uri.strip());
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!parsed.isAbsolute() || parsed.isOpaque() && !scheme.contains(".")) {
                problem = "must be an absolute URI";
            } else if (parsed.getRawFragment() != null) {
                problem = "must not have a fragment (#…)";
            } else if (scheme.equals("http") && !LOOPBACK.contains(String.valueOf(parsed.getHost()))) {
                problem = "http is only for this machine (127.0.0.1, [::1], localhost); use https";
            } else if (!scheme.equals("https") && !scheme.equals("http") && !scheme.contains(".")) {
                problem = "must be https, http on this machine, or an app's own scheme such as com.example.app:";
            } else if ((scheme.equals("https") || scheme.equals("http")) && parsed.getHost() == null) {
                problem = "must name a host";
            } else {
                return parsed.toString();
            }
        } catch (URISyntaxException e) {
            problem = "is not a URI";
        }
        throw ApiException.badRequest("validation_failed", "redirectUris: '" + uri + "' " + problem);
    }
}
