package dev.hearth.testkit;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.Credential;
import dev.hearth.connections.HostHttpClients;
import dev.hearth.connections.HostUserContext;
import dev.hearth.connections.UpstreamPool;
import dev.hearth.connections.UrlGuard;
import dev.hearth.plugins.LoadedPlugin;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The user a plugin serves in one call, for tests: who they are, their language, their connection, and HTTP
 * clients that are Hearth's own (its timeouts, no redirects, 401/403 as {@code UNAUTHORIZED}, other error statuses
 * and unreadable or cut-short answers as {@code BAD_RESPONSE}, unreachable or slow servers as {@code UNAVAILABLE},
 * the connection's credential in the {@code Authorization} header). Its {@link UserContext#message} reads the
 * plugin's own message bundle as Hearth does.
 *
 * <pre>{@code
 * UserContext jane = FakeUserContext.of(plugin).locale(Locale.GERMAN)
 *         .connected(upstream.uri(), "7", "Jane Doe", new Credential.Bearer("t0ken")).build();
 * WidgetContent content = plugin.widgets().get(0).load(jane);
 * }</pre>
 *
 * <p>The clients reach 127.0.0.1 (where {@link FakeUpstream} runs); Hearth itself refuses internal addresses unless
 * its administrator allows them. Connect and read timeouts are 2 seconds, so that a slow upstream fails quickly.
 */
public final class FakeUserContext {

    /** The timeouts of the test clients. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * Hearth's connection pool and SSRF guard as a test needs them: fake upstreams on 127.0.0.1, any port, every
     * exchange over within 3 s (1 s to connect, twice 1 s to read), well within {@link PluginContract#DEADLINE}.
     */
    private static final UpstreamPool LOCAL =
            new UpstreamPool(UrlGuard.fromConfig("127.0.0.1", "*"), Duration.ofSeconds(1), Duration.ofSeconds(1));

    private final HearthPlugin plugin;
    private long userId = 1;
    private String username = "jane";
    private Locale locale = Locale.ENGLISH;
    private ConnectedAccount connection;
    private MemoryStore store = new MemoryStore();

    private FakeUserContext(HearthPlugin plugin) {
        this.plugin = plugin;
    }

    /**
     * @param plugin the plugin under test, whose message bundle the context reads
     * @return a builder for user 1, {@code jane}, English, not connected
     */
    public static FakeUserContext of(HearthPlugin plugin) {
        return new FakeUserContext(plugin);
    }

    /**
     * @param userId Hearth's id of the user
     * @param username their Hearth username
     * @return this builder
     */
    public FakeUserContext user(long userId, String username) {
        this.userId = userId;
        this.username = username;
        return this;
    }

    /**
     * @param locale the language the user reads (Hearth passes English or German)
     * @return this builder
     */
    public FakeUserContext locale(Locale locale) {
        this.locale = locale;
        return this;
    }

    /**
     * Connects the user to an instance of the upstream.
     *
     * @param instanceUrl the instance (a {@link FakeUpstream}'s {@code uri()})
     * @param accountId the user's id upstream
     * @param displayName the user's name upstream
     * @param credential what the clients present
     * @return this builder
     */
    public FakeUserContext connected(URI instanceUrl, String accountId, String displayName, Credential credential) {
        this.connection = new ConnectedAccount(instanceUrl, new AccountIdentity(accountId, displayName), credential);
        return this;
    }

    /**
     * @param store the user's store (by default an empty one of the context's own); pass the same one to several
     *     contexts to see what one call left for the next
     * @return this builder
     */
    public FakeUserContext store(MemoryStore store) {
        this.store = store;
        return this;
    }

    /** @return the context */
    public UserContext build() {
        LoadedPlugin loaded = new LoadedPlugin(
                plugin.id(),
                plugin.name(),
                plugin.version(),
                "test",
                plugin,
                plugin.getClass().getClassLoader(),
                List.of(),
                null);
        return new HostUserContext(
                userId,
                username,
                locale,
                Optional.ofNullable(connection),
                connection == null
                        ? clients(null)
                        : new HostHttpClients(
                                LOCAL,
                                connection.credential(),
                                connection.instanceUrl(),
                                TIMEOUT,
                                TIMEOUT,
                                4 * 1024 * 1024),
                store,
                Optional.of(loaded));
    }

    /**
     * Hearth's HTTP clients as a flow's verifier gets them, for tests of a {@code TokenVerifier}.
     *
     * @param credential what they present, or {@code null}
     * @return the clients
     */
    public static HostHttpClients clients(Credential credential) {
        return new HostHttpClients(LOCAL, credential, TIMEOUT, TIMEOUT, 4 * 1024 * 1024);
    }
}
