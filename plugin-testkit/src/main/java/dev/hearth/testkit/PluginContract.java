package dev.hearth.testkit;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.SettingDefinition;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WidgetButton;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.endpoints.PluginEndpoint;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.PluginLoader;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The contract every Hearth plugin keeps, checked against your plugin and your {@link FakeUpstream} scripted for a
 * good day. {@link #verify()} runs every rule and fails with all broken ones at once:
 * <ul>
 *   <li>the plugin id and the ids of widgets, search providers, notification sources, endpoints and webhook
 *       receivers are well-formed, unique, and the same every time Hearth asks;</li>
 *   <li>on a good day, nothing the plugin answers (items, entries, notifications, buttons, endpoint values)
 *       contains the user's credential or a secret setting, and every link is {@code http} or {@code https};</li>
 *   <li>every upstream fault reaches Hearth as the {@link UpstreamException} kind that gives the user the right
 *       status: a refused credential (401) as {@code UNAUTHORIZED}, so that Hearth asks the user to reconnect; an
 *       error page, garbage or an answer cut short as {@code BAD_RESPONSE}; an upstream that is down or too slow
 *       as {@code UNAVAILABLE}, and within the dashboard's deadline. (Only for the parts that need a
 *       connection: what needs none may not call the upstream at all.)</li>
 * </ul>
 *
 * <pre>{@code
 * PluginContract.of(plugin, context)
 *         .connection(upstream, "7", "Jane Doe", new Credential.Bearer("t0ken"))
 *         .verify();
 * }</pre>
 */
public final class PluginContract {

    /** How long Hearth's dashboard waits for a widget by default. */
    public static final Duration DEADLINE = Duration.ofSeconds(5);

    private final HearthPlugin plugin;
    private final FakePluginContext context;
    private FakeUpstream upstream;
    private String accountId;
    private String displayName;
    private Credential credential;
    private final List<String> broken = new ArrayList<>();

    private PluginContract(HearthPlugin plugin, FakePluginContext context) {
        this.plugin = plugin;
        this.context = context;
    }

    /**
     * @param plugin the plugin, started with the context
     * @param context the context it was started with (its secret settings must never show)
     * @return the contract for this plugin
     */
    public static PluginContract of(HearthPlugin plugin, FakePluginContext context) {
        return new PluginContract(plugin, context);
    }

    /**
     * The connection a user has on a good day, on your fake upstream; without one only what needs no connection
     * is checked.
     *
     * @param upstream your fake, scripted to answer what the plugin asks
     * @param accountId the user's id upstream
     * @param displayName the user's name upstream
     * @param credential what the plugin's clients present
     * @return this contract
     */
    public PluginContract connection(
            FakeUpstream upstream, String accountId, String displayName, Credential credential) {
        this.upstream = upstream;
        this.accountId = accountId;
        this.displayName = displayName;
        this.credential = credential;
        return this;
    }

    /**
     * Checks every rule.
     *
     * @throws AssertionError naming every rule the plugin breaks
     */
    public void verify() {
        broken.clear();
        checkIds();
        UserContext good = user(upstream == null ? null : upstream.uri(), "contract-good");
        List<String> secrets = secrets();
        for (Part part : parts(upstream != null)) {
            try {
                String answer = part.call().apply(good);
                secrets.stream()
                        .filter(answer::contains)
                        .findFirst()
                        .ifPresent(secret -> broken.add(part.name()
                                + " shows a secret (the credential or a secret setting) in what it answers"));
                links(answer)
                        .filter(link -> !link.startsWith("http://") && !link.startsWith("https://"))
                        .forEach(link -> broken.add(part.name() + " links to " + link + ": only http(s) links"));
            } catch (EndpointProblem e) {
                // an endpoint may refuse a call without parameters
            } catch (RuntimeException | LinkageError e) {
                broken.add(part.name() + " fails on a good day: " + e);
            }
        }
        if (upstream != null) {
            for (FakeUpstream.Fault fault : FakeUpstream.Fault.values()) {
                upstream.fault(fault);
                try {
                    expectKind(fault.name(), user(upstream.uri(), "contract-" + fault), kindOf(fault));
                } finally {
                    upstream.fault(null);
                }
            }
            expectKind("DOWN", user(closedPort(), "contract-down"), UpstreamException.Kind.UNAVAILABLE);
        }
        if (!broken.isEmpty()) {
            throw new AssertionError(
                    "The plugin " + plugin.id() + " breaks the plugin contract:\n- " + String.join("\n- ", broken));
        }
    }

    private static UpstreamException.Kind kindOf(FakeUpstream.Fault fault) {
        return switch (fault) {
            case UNAUTHORIZED -> UpstreamException.Kind.UNAUTHORIZED;
            case SERVER_ERROR, GARBAGE, CUT_SHORT -> UpstreamException.Kind.BAD_RESPONSE;
            case SLOW, TRICKLE -> UpstreamException.Kind.UNAVAILABLE;
        };
    }

    private void expectKind(String fault, UserContext user, UpstreamException.Kind expected) {
        for (Part part : parts(true)) {
            if (!part.needsConnection()) {
                continue;
            }
            long started = System.nanoTime();
            try {
                part.call().apply(user);
                broken.add(part.name() + " answers as if all were well when the upstream is " + fault
                        + ": let the UpstreamException through");
            } catch (UpstreamException e) {
                if (e.kind() != expected) {
                    broken.add(part.name() + " reports " + e.kind() + " when the upstream is " + fault + "; Hearth"
                            + " needs " + expected);
                }
            } catch (EndpointProblem e) {
                // an endpoint may refuse a call without parameters before it asks the upstream
            } catch (RuntimeException | LinkageError e) {
                broken.add(part.name() + " fails with " + e + " when the upstream is " + fault + "; Hearth needs an"
                        + " UpstreamException of kind " + expected);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (took.compareTo(DEADLINE) > 0) {
                broken.add(part.name() + " took " + took.toMillis() + " ms when the upstream is " + fault
                        + ", longer than the dashboard waits");
            }
        }
    }

    private UserContext user(URI instance, String account) {
        FakeUserContext user = FakeUserContext.of(plugin).user(1, "contract");
        if (instance != null) {
            user.connected(
                    instance,
                    account + "-" + Objects.toString(accountId, ""),
                    displayName == null ? "Contract" : displayName,
                    credential);
        }
        return user.build();
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (credential instanceof Credential.Bearer bearer) {
            secrets.add(bearer.token());
        } else if (credential instanceof Credential.Basic basic) {
            secrets.add(basic.password());
        } else if (credential instanceof Credential.OAuth2 oauth) {
            secrets.add(oauth.accessToken());
            if (oauth.refreshToken() != null) {
                secrets.add(oauth.refreshToken());
            }
        }
        for (SettingDefinition setting : plugin.settings()) {
            if (setting.secret()) {
                context.settings().get(setting.name()).ifPresent(secrets::add);
            }
        }
        secrets.removeIf(s -> s == null || s.length() < 4);
        return secrets;
    }

    /** One thing Hearth asks the plugin, answered as text for the checks. */
    private record Part(String name, boolean needsConnection, Function<UserContext, String> call) {}

    private List<Part> parts(boolean connected) {
        List<Part> parts = new ArrayList<>();
        for (DashboardWidget widget : plugin.widgets()) {
            if (connected || !widget.needsConnection()) {
                parts.add(new Part("widget " + widget.id(), widget.needsConnection(), user -> text(widget.load(user))));
            }
        }
        for (SearchProvider provider : plugin.searchProviders()) {
            if (connected || !provider.needsConnection()) {
                parts.add(new Part(
                        "search provider " + provider.id(),
                        provider.needsConnection(),
                        user -> text(provider.search(user, new SearchQuery("a", 5, null)))));
            }
        }
        if (connected) {
            for (NotificationSource source : plugin.notificationSources()) {
                parts.add(new Part(
                        "notification source " + source.id(),
                        true,
                        user -> text(source.poll(user, null).notifications())));
            }
            for (PluginEndpoint endpoint : plugin.endpoints()) {
                parts.add(new Part("endpoint " + endpoint.path(), true, user -> json(endpoint.get(user, Map.of()))));
            }
        }
        return parts;
    }

    private void checkIds() {
        if (!PluginLoader.isValidId(plugin.id())) {
            broken.add("the plugin id '" + plugin.id() + "' is not 2 to 40 lower-case letters, digits and single"
                    + " hyphens, starting with a letter");
        }
        if (!Objects.equals(plugin.id(), plugin.id())) {
            broken.add("the plugin id changes between calls");
        }
        checkLocalIds(
                "widget",
                () -> plugin.widgets().stream().map(DashboardWidget::id).toList());
        checkLocalIds(
                "search provider",
                () -> plugin.searchProviders().stream().map(SearchProvider::id).toList());
        checkLocalIds("notification source", () -> plugin.notificationSources().stream()
                .map(NotificationSource::id)
                .toList());
        checkLocalIds("endpoint path", () -> plugin.endpoints().stream()
                .map(PluginEndpoint::path)
                .map(path -> path.replace('/', '-'))
                .toList());
        checkLocalIds("webhook receiver path", () -> plugin.webhookReceivers().stream()
                .map(dev.hearth.api.notifications.WebhookReceiver::path)
                .toList());
    }

    private void checkLocalIds(String kind, java.util.function.Supplier<List<String>> ids) {
        List<String> first = ids.get();
        if (!first.equals(ids.get())) {
            broken.add("the " + kind + " ids change between calls: Hearth stores them in layouts and URLs");
        }
        first.stream()
                .filter(id -> !Contribution.isValidLocalId(id))
                .forEach(id -> broken.add(
                        "the " + kind + " id '" + id + "' is not 1 to 40 lower-case letters, digits and hyphens"));
        first.stream()
                .filter(id -> first.indexOf(id) != first.lastIndexOf(id))
                .distinct()
                .forEach(id -> broken.add("two " + kind + "s share the id '" + id + "'"));
    }

    private static String text(WidgetContent content) {
        StringBuilder text = new StringBuilder();
        for (WidgetItem item : content.items()) {
            append(text, item.id(), item.title(), item.subtitle(), item.link(), item.iconUrl());
        }
        for (WidgetButton button : content.buttons()) {
            append(text, button.text(), button.link());
        }
        append(text, content.emptyText());
        return text.toString();
    }

    private static String text(dev.hearth.api.search.SearchResult result) {
        StringBuilder text = new StringBuilder();
        for (SearchEntry entry : result.entries()) {
            append(text, entry.title(), entry.subline(), entry.link(), entry.thumbnailUrl());
        }
        append(text, result.nextCursor());
        return text.toString();
    }

    private static String text(List<Notification> notifications) {
        StringBuilder text = new StringBuilder();
        for (Notification n : notifications) {
            append(text, n.externalId(), n.title(), n.body(), n.link(), n.actor());
        }
        return text.toString();
    }

    private static final Jsonb JSON = JsonbBuilder.create();

    private static String json(Object value) {
        return JSON.toJson(value);
    }

    /** Links are written as {@code <link>}, so that the link check finds them. */
    private static void append(StringBuilder text, Object... parts) {
        for (Object part : parts) {
            if (part instanceof URI uri) {
                text.append('<').append(uri).append(">\n");
            } else if (part != null) {
                text.append(part).append('\n');
            }
        }
    }

    private static java.util.stream.Stream<String> links(String text) {
        return java.util.regex.Pattern.compile("<([^>\\s]+)>|\"(?:link|url|href|[a-zA-Z]*Url)\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(text)
                .results()
                .map(m -> m.group(1) != null ? m.group(1) : m.group(2))
                .filter(link -> !link.isEmpty());
    }

    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
