package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hearth's rules for calls to upstreams, from configuration: the SSRF allow-lists and ports, the timeouts, and the
 * longest answer read. Each plugin reaches its upstreams through its own {@link Upstream}: its own connection pool
 * (one plugin cannot use up another's connections) and its own allow-list ({@code HEARTH_ALLOWED_HOSTS_<PLUGIN>} and
 * {@code HEARTH_ALLOWED_PORTS_<PLUGIN>}, where the plugin id is written in capitals with {@code _} for anything but
 * letters and digits), added to the one for all plugins ({@code HEARTH_ALLOWED_HOSTS}, {@code HEARTH_ALLOWED_PORTS}).
 */
@ApplicationScoped
public class UpstreamHttp {

    @Inject
    @ConfigProperty(name = "hearth.allowed.hosts")
    Optional<String> allowedHosts;

    @Inject
    @ConfigProperty(name = "hearth.allowed.ports")
    Optional<String> allowedPorts;

    @Inject
    @ConfigProperty(name = "hearth.http.connect.timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "hearth.http.read.timeout", defaultValue = "PT10S")
    Duration readTimeout;

    @Inject
    @ConfigProperty(name = "hearth.http.body.limit", defaultValue = "4194304")
    int bodyLimit;

    @Inject
    Config config;

    private final Map<String, Upstream> upstreams = new ConcurrentHashMap<>();

    /** The rules and connections of one plugin, made when it first calls out. */
    public Upstream of(String pluginId) {
        return upstreams.computeIfAbsent(
                pluginId,
                id -> new Upstream(new UpstreamPool(
                        UrlGuard.fromConfig(
                                join(allowedHosts, setting("hearth.allowed.hosts.", id)),
                                join(allowedPorts, setting("hearth.allowed.ports.", id))),
                        connectTimeout,
                        readTimeout)));
    }

    /**
     * The longest an upstream call can take: the pool's deadline for an exchange ({@link UpstreamPool}), and a margin
     * for the work around it.
     */
    public Duration longestCall() {
        return UpstreamPool.deadline(connectTimeout, readTimeout).plusSeconds(10);
    }

    private Optional<String> setting(String prefix, String pluginId) {
        return config.getOptionalValue(prefix + pluginId, String.class);
    }

    private static String join(Optional<String> all, Optional<String> plugin) {
        return all.orElse("") + "," + plugin.orElse("");
    }

    @PreDestroy
    void close() {
        upstreams.values().forEach(u -> u.pool.close());
    }

    /** One plugin's way out: its guard, its OAuth 2.0 and Login Flow clients, and the clients it is handed. */
    public final class Upstream {
        private final UpstreamPool pool;
        private final OAuth2Client oauth;
        private final LoginFlowClient loginFlow;

        private Upstream(UpstreamPool pool) {
            this.pool = pool;
            this.oauth = new OAuth2Client(pool, bodyLimit, Clock.systemUTC());
            this.loginFlow = new LoginFlowClient(pool, bodyLimit);
        }

        public UrlGuard guard() {
            return pool.guard();
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
         * Clients that present this credential ({@code null} for none) to the connection's own server only: a request
         * to any other origin goes without it, so that neither a plugin nor a changed setting can send a user's
         * credential elsewhere.
         */
        public HostHttpClients clients(Credential credential, URI instance) {
            return new HostHttpClients(pool, credential, instance, connectTimeout, readTimeout, bodyLimit);
        }
    }
}
