package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hearth's rules for calls to upstreams, from configuration: the SSRF allow-list, the timeouts, and the longest
 * answer a plugin's client reads.
 */
@ApplicationScoped
public class UpstreamHttp {

    @Inject
    @ConfigProperty(name = "hearth.allowed.hosts")
    Optional<String> allowedHosts;

    @Inject
    @ConfigProperty(name = "hearth.http.connect.timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "hearth.http.read.timeout", defaultValue = "PT10S")
    Duration readTimeout;

    @Inject
    @ConfigProperty(name = "hearth.http.body.limit", defaultValue = "4194304")
    int bodyLimit;

    private UrlGuard guard;
    private OAuth2Client oauth;
    private LoginFlowClient loginFlow;

    /**
     * One OAuth 2.0 and one Login Flow client for all calls: each holds a JDK HTTP client (with its own selector
     * thread and connection pool), which is thread-safe and costly to make per call.
     */
    @PostConstruct
    void init() {
        guard = UrlGuard.fromConfig(allowedHosts.orElse(""));
        oauth = new OAuth2Client(guard, connectTimeout, readTimeout, bodyLimit, java.time.Clock.systemUTC());
        loginFlow = new LoginFlowClient(guard, connectTimeout, readTimeout, bodyLimit);
    }

    public UrlGuard guard() {
        return guard;
    }

    /** The OAuth 2.0 client, with the same rules. */
    public OAuth2Client oauth() {
        return oauth;
    }

    /** The Login Flow v2 client, with the same rules. */
    public LoginFlowClient loginFlow() {
        return loginFlow;
    }

    /**
     * Clients that present this credential ({@code null} for none) to the connection's own server only: a request to
     * any other origin goes without it, so that neither a plugin nor a changed setting can send a user's credential
     * elsewhere.
     */
    public HostHttpClients clients(Credential credential, URI instance) {
        return new HostHttpClients(guard, credential, instance, connectTimeout, readTimeout, bodyLimit);
    }
}
