package dev.hearth.atlassian;

import dev.hearth.api.PluginContext;
import dev.hearth.api.PluginStore;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.notifications.PushedNotification;
import dev.hearth.api.notifications.WebhookDelivery;
import dev.hearth.api.notifications.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Live Jira notifications through dynamic webhooks (OAuth 2.0 apps), where the administrator turned them on and Hearth
 * knows its public URL.
 *
 * <p>Registering: each poll of a user keeps one webhook per Jira site registered ({@code POST /rest/api/3/webhook},
 * events {@code jira:issue_created} and {@code jira:issue_updated}, filtered to issues the user is assignee or
 * reporter of, the fields Jira's webhook filters allow) and refreshes it a week before its 30 days are up ({@code PUT
 * /rest/api/3/webhook/refresh}). Which user a webhook is for is kept in the plugin's store by site and webhook id; a
 * registration that fails is tried again six hours later. Watched issues come by polling only: webhook filters cannot
 * name watchers.
 *
 * <p>Receiving: Jira signs each delivery with a JWT in {@code Authorization: Bearer}, HS256 with the app's client
 * secret. A delivery without one, with another algorithm, a bad signature, or past its {@code exp} is refused (401)
 * before its body is read. Its {@code matchedWebhookIds} name the registrations, and so the users; each gets the
 * notification the poll would have made ({@link JiraNotice}), unless they made the change themselves.
 */
final class JiraWebhooks implements WebhookReceiver {

    static final String PATH = "jira";
    static final List<String> EVENTS = List.of("jira:issue_created", "jira:issue_updated");
    /** Jira keeps a dynamic webhook 30 days; it is refreshed when less than this is left. */
    static final Duration REFRESH_BEFORE = Duration.ofDays(7);

    static final Duration RETRY_AFTER = Duration.ofHours(6);
    /** Clock skew allowed on a delivery's {@code exp} and {@code iat}. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final Supplier<PluginContext> context;
    private final Supplier<Boolean> enabled;

    JiraWebhooks(Supplier<PluginContext> context, Supplier<Boolean> enabled) {
        this.context = context;
        this.enabled = enabled;
    }

    @Override
    public String path() {
        return PATH;
    }

    /** Where Jira delivers for one site, when webhooks are on and Hearth's public URL is known. */
    private Optional<URI> url(Site site) {
        PluginContext plugin = context.get();
        if (plugin == null || !Boolean.TRUE.equals(enabled.get())) {
            return Optional.empty();
        }
        return plugin.webhookUrl(PATH).map(base -> URI.create(base + "?site=" + site.id()));
    }

    /**
     * Registers or refreshes the user's webhook on each site that needs it; a failure is logged and tried again later,
     * never failing the poll. Runs on the polling thread (it writes the stores).
     */
    void maintain(Atlassian atlassian, List<Site> sites, String me) {
        for (Site site : sites) {
            Optional<URI> url = url(site);
            if (url.isEmpty()) {
                continue;
            }
            String key = "webhook:" + site.id();
            PluginStore mine = atlassian.user().store();
            JsonObject state =
                    mine.get(key).map(s -> Bodies.object(s, "webhook state")).orElse(null);
            Instant now = atlassian.clock().instant();
            Instant retryAt = state == null ? null : Bodies.time(Bodies.text(state, "retryAt"));
            if (retryAt != null && now.isBefore(retryAt)) {
                continue;
            }
            Instant expires = state == null ? null : Bodies.time(Bodies.text(state, "expires"));
            try {
                if (expires == null || !expires.isAfter(now)) {
                    register(atlassian, site, url.get(), me, now);
                } else if (expires.minus(REFRESH_BEFORE).isBefore(now)) {
                    refresh(atlassian, site, state, now);
                }
            } catch (UpstreamException e) {
                if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                    throw e;
                }
                context.get()
                        .logger()
                        .log(
                                System.Logger.Level.WARNING,
                                "Jira webhook for user " + atlassian.user().userId() + " on site " + site.id()
                                        + " could not be registered or refreshed (" + e.getMessage()
                                        + "); polling goes on, and it is tried again in " + RETRY_AFTER.toHours()
                                        + " hours");
                mine.put(
                        key,
                        Json.createObjectBuilder(state == null ? JsonValue.EMPTY_JSON_OBJECT : state)
                                .add("retryAt", now.plus(RETRY_AFTER).toString())
                                .build()
                                .toString());
            }
        }
    }

    private void register(Atlassian atlassian, Site site, URI url, String me, Instant now) {
        String filter = "assignee = " + Jira.literal(me) + " OR reporter = " + Jira.literal(me);
        String body = Json.createObjectBuilder()
                .add("url", url.toString())
                .add(
                        "webhooks",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("events", Json.createArrayBuilder(EVENTS))
                                        .add("jqlFilter", filter)))
                .build()
                .toString();
        JsonObject answer =
                Bodies.object(atlassian.call(g -> g.registerWebhooks(site.id(), body)), "the webhook registration");
        List<Long> ids = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (answer.get("webhookRegistrationResult") instanceof JsonArray results) {
            for (JsonValue value : results) {
                if (value instanceof JsonObject result && result.get("createdWebhookId") instanceof JsonNumber id) {
                    ids.add(id.longValue());
                } else if (value instanceof JsonObject result && result.get("errors") instanceof JsonArray problems) {
                    problems.getValuesAs(JsonValue.class).forEach(p -> errors.add(p.toString()));
                }
            }
        }
        if (ids.isEmpty()) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "Jira registered no webhook" + (errors.isEmpty() ? "" : ": " + String.join(", ", errors)));
        }
        PluginStore plugin = context.get().store();
        for (long id : ids) {
            plugin.put(
                    hook(site.id(), id),
                    Json.createObjectBuilder()
                            .add("user", atlassian.user().userId())
                            .add("account", me)
                            .add("site", site.toJson())
                            .build()
                            .toString());
        }
        atlassian
                .user()
                .store()
                .put(
                        "webhook:" + site.id(),
                        Json.createObjectBuilder()
                                .add("ids", Json.createArrayBuilder(ids))
                                .add("expires", now.plus(Duration.ofDays(30)).toString())
                                .build()
                                .toString());
    }

    private void refresh(Atlassian atlassian, Site site, JsonObject state, Instant now) {
        JsonArray ids = state.getJsonArray("ids");
        String body = Json.createObjectBuilder().add("webhookIds", ids).build().toString();
        JsonObject answer;
        try {
            answer = Bodies.object(atlassian.call(g -> g.refreshWebhooks(site.id(), body)), "the webhook refresh");
        } catch (UpstreamException e) {
            if (e.status().orElse(0) == 404 || e.status().orElse(0) == 400) {
                atlassian.user().store().remove("webhook:" + site.id()); // gone upstream: registered anew next time
                return;
            }
            throw e;
        }
        // The schema says a number (epoch milliseconds), Atlassian's own example a string: both are read.
        JsonValue expiration = answer.get("expirationDate");
        Instant expires = expiration instanceof JsonNumber millis
                ? Instant.ofEpochMilli(millis.longValue())
                : expiration instanceof JsonString text ? Bodies.time(text.getString()) : null;
        atlassian
                .user()
                .store()
                .put(
                        "webhook:" + site.id(),
                        Json.createObjectBuilder()
                                .add("ids", ids)
                                .add("expires", (expires == null ? now.plus(Duration.ofDays(30)) : expires).toString())
                                .build()
                                .toString());
    }

    private static String hook(String siteId, long webhookId) {
        return "hook:" + siteId + ":" + webhookId;
    }

    @Override
    public List<PushedNotification> receive(WebhookDelivery delivery) {
        PluginContext plugin = context.get();
        String secret = plugin == null
                ? null
                : plugin.settings().get(AtlassianPlugin.CLIENT_SECRET).orElse(null);
        if (secret == null || !Boolean.TRUE.equals(enabled.get())) {
            throw new EndpointProblem(404, "webhooks_off", "Jira webhooks are not turned on in this Hearth.");
        }
        verify(
                delivery.header("Authorization").orElse(null),
                secret,
                plugin.clock().instant());
        String siteId = delivery.parameter("site").orElse("");
        JsonObject body;
        try {
            body = Bodies.object(delivery.text(), "the webhook delivery");
        } catch (UpstreamException e) {
            throw new EndpointProblem(400, "delivery_unreadable", "The delivery's body is not a JSON object.");
        }
        List<PushedNotification> pushed = new ArrayList<>();
        if (!(body.get("matchedWebhookIds") instanceof JsonArray matched)) {
            return pushed;
        }
        ResourceBundle texts =
                ResourceBundle.getBundle(AtlassianPlugin.MESSAGES, Locale.ROOT, AtlassianPlugin.class.getClassLoader());
        for (JsonValue value : matched) {
            if (!(value instanceof JsonNumber id)) {
                continue;
            }
            Optional<JsonObject> registration =
                    plugin.store().get(hook(siteId, id.longValue())).map(s -> Bodies.object(s, "webhook registration"));
            if (registration.isEmpty()) {
                continue;
            }
            Site site = Site.fromJson(registration.get().getJsonObject("site"));
            String me = registration.get().getString("account");
            long user = registration.get().getJsonNumber("user").longValue();
            Jira.issue(Bodies.child(body, "issue"), site)
                    .flatMap(issue -> JiraNotice.of(
                            site, issue, JiraNotice.Change.ofDelivery(body), me, (key, args) -> new MessageFormat(
                                            texts.getString(key), Locale.ROOT)
                                    .format(args)))
                    .ifPresent(n -> pushed.add(new PushedNotification(user, JiraNotifications.ID, n)));
        }
        return pushed;
    }

    /** Checks the delivery's JWT: HS256 with the client secret, signature compared in constant time, not expired. */
    static void verify(String authorization, String secret, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused("The delivery carries no JWT.");
        }
        String[] parts = authorization.substring(7).trim().split("\\.", -1);
        if (parts.length != 3) {
            throw refused("The delivery's JWT is malformed.");
        }
        JsonObject header;
        JsonObject claims;
        byte[] signature;
        try {
            header = Bodies.object(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8), "jwt");
            claims = Bodies.object(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), "jwt");
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (RuntimeException e) {
            throw refused("The delivery's JWT is malformed.");
        }
        if (!"HS256".equals(Bodies.text(header, "alg"))) {
            throw refused("The delivery's JWT is not signed with HS256.");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, signature)) {
                throw refused("The delivery's signature does not match.");
            }
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        if (claims.get("exp") instanceof JsonNumber exp
                && Instant.ofEpochSecond(exp.longValue()).plus(SKEW).isBefore(now)) {
            throw refused("The delivery's JWT has expired.");
        }
        if (claims.get("iat") instanceof JsonNumber iat
                && Instant.ofEpochSecond(iat.longValue()).minus(SKEW).isAfter(now)) {
            throw refused("The delivery's JWT is issued in the future.");
        }
    }

    private static EndpointProblem refused(String why) {
        return new EndpointProblem(401, "webhook_signature", why);
    }
}
