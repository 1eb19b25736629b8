package dev.hearth.atlassian;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fake Atlassian Cloud for tests, on {@code http://127.0.0.1:<free port>}: the authorization server
 * ({@code auth.atlassian.com}: consent page, {@code /oauth/token}) and the API gateway ({@code api.atlassian.com}:
 * {@code accessible-resources}, {@code /me}, Jira under {@code /ex/jira/{cloudId}/rest/api/3/…}, Confluence under
 * {@code /ex/confluence/{cloudId}/wiki/rest/api/search}) on one port.
 *
 * <p>Written from Atlassian's documentation as collected in {@code shared/research/atlassian-and-openproject-apis.md}
 * (sections A and C) and the samples of {@code shared/upstream-samples/atlassian}:
 * <ul>
 *   <li>Token requests in JSON (documented) or as a form; a refresh answers a new refresh token and disables the one
 *       sent; presenting a disabled one within 10 minutes is tolerated (a new pair), later it revokes the whole grant
 *       and answers {@code 403 {"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}}, as
 *       do a token unused for 90 days, a grant older than 365 days, a changed password and a revoked consent. Which
 *       body a wrong client secret gets is undocumented: {@code 401 {"error":"access_denied",...}} here (Auth0's).</li>
 *   <li>The gateway answers a missing, expired or revoked token with its own {@code 401 {"code":401,"message":
 *       "Unauthorized"}}, a token without the scope a call needs with {@code 401 … "Unauthorized; scope does not
 *       match"}, and a site outside the grant with {@code 404 {"code":404,"message":"Not Found"}}.</li>
 *   <li>{@code accessible-resources} lists one entry per site and product: a site with Jira and Confluence comes
 *       twice with the same id, told apart by scopes.</li>
 *   <li>Jira's enhanced search ({@code search/jql}): {@code nextPageToken} only when another page exists, no
 *       {@code total}, only the asked fields, {@code updated} as {@code 2024-01-02T15:30:00.000+0000}; a JQL subset
 *       with a real parser (see {@link Jql}), dates in the calling user's time zone; the old {@code /search} answers
 *       410. {@code expand=changelog} gives each issue's histories.</li>
 *   <li>Confluence's CQL search with highlight markup ({@code @@@hl@@@…@@@endhl@@@}) in titles and excerpts and
 *       {@code _links.next} relative to {@code _links.base} with a {@code cursor}.</li>
 *   <li>Dynamic webhooks (register, list, refresh, delete; 30 days' life) fire on issue changes whose webhook JQL
 *       filter matches, signed with an HS256 JWT made with the app's client secret in {@code Authorization: Bearer}
 *       (claims {@code iss} = client id, {@code iat}, {@code exp} three minutes later: Atlassian documents the bearer
 *       JWT and its key, not its claims).</li>
 * </ul>
 *
 * <p>All state is guarded by this object's monitor.
 */
public final class FakeAtlassian implements AutoCloseable {

    /** The products of a site. */
    public enum Product {
        JIRA,
        CONFLUENCE
    }

    /** A registered dynamic webhook. */
    public record Webhook(
            long id,
            String url,
            List<String> events,
            String jqlFilter,
            String ownerAccountId,
            Instant expires,
            String cloudId,
            String clientId) {}

    /** A delivery the fake made: where, with what body, and the status it got. */
    public record Delivery(URI url, int status, String body) {}

    /** One request as the fake received it. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public Map<String, String> queryParameters() {
            return form(query);
        }
    }

    private static final Duration LEEWAY = Duration.ofMinutes(10);
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final List<String> JIRA_SCOPES =
            List.of("read:jira-user", "read:jira-work", "write:jira-work", "manage:jira-webhook");
    private static final List<String> CONFLUENCE_SCOPES =
            List.of("read:confluence-content.all", "search:confluence", "read:confluence-space.summary");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closing;

    private Duration offset = Duration.ZERO;
    private Duration accessLifetime = Duration.ofHours(1);
    private final Map<String, String[]> clients = new HashMap<>(); // id -> secret, callback
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private String signedIn;
    private final Map<String, SiteData> sites = new LinkedHashMap<>();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private final Map<String, Access> accessTokens = new HashMap<>();
    private final Map<String, Refresh> refreshTokens = new HashMap<>();
    private Instant accessTokensDeadBefore = Instant.MIN;
    private int refreshes;
    private final Map<String, Integer> refreshesOf = new HashMap<>();
    private int reusedWithinLeeway;
    private int lateReuses;
    private boolean loseNextTokenAnswer;
    private Duration latency = Duration.ZERO;
    private int rateLimited;
    private int retryAfter;
    private int scopeMismatches;
    private final List<Request> requests = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<Long, Webhook> webhooks = new LinkedHashMap<>();
    private long nextWebhook = 10000;
    private volatile Consumer<Request> afterAnswer = r -> {};

    private record Account(String id, String name, String email, String zone, Set<String> sites) {}

    private static final class SiteData {
        final String id;
        final String name;
        final String url;
        final Set<Product> products;
        final Map<String, String> projects = new LinkedHashMap<>();
        final Map<String, Issue> issues = new LinkedHashMap<>();
        final Map<String, String> spaces = new LinkedHashMap<>();
        final List<Page> pages = new ArrayList<>();
        Duration latency = Duration.ZERO;
        boolean down;
        boolean garbage;

        SiteData(String id, String name, String url, Set<Product> products) {
            this.id = id;
            this.name = name;
            this.url = url;
            this.products = products;
        }
    }

    private static final class Issue {
        String id;
        String key;
        String project;
        String summary;
        String description = "";
        String status;
        String category;
        String priority;
        String assignee;
        String reporter;
        Instant created;
        Instant updated;
        final Set<String> watchers = new LinkedHashSet<>();
        final List<JsonObject> histories = new ArrayList<>();
    }

    private record Page(String id, String type, String space, String title, String body, Instant modified) {}

    private record Code(String client, String redirect, String account, Set<String> scopes, Instant expires) {}

    private static final class Grant {
        final String id;
        final String account;
        final String client;
        final Set<String> scopes;
        final Instant created;
        boolean revoked;
        boolean refreshDead;

        Grant(String id, String account, String client, Set<String> scopes, Instant created) {
            this.id = id;
            this.account = account;
            this.client = client;
            this.scopes = scopes;
            this.created = created;
        }
    }

    private record Access(String grant, Instant issued, Instant expires) {}

    private static final class Refresh {
        final String grant;
        Instant lastUse;
        Instant rotatedAt;

        Refresh(String grant, Instant lastUse) {
            this.grant = grant;
            this.lastUse = lastUse;
        }
    }

    private FakeAtlassian() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return a started fake */
    public static FakeAtlassian start() {
        try {
            return new FakeAtlassian();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:<port>}, the base of both servers */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- setup -----------------------------------------------------------------------------------------------

    /** @return the fake's time: the real time moved by {@link #advance(Duration)} */
    public synchronized Instant now() {
        return Instant.now().plus(offset);
    }

    public synchronized FakeAtlassian advance(Duration by) {
        offset = offset.plus(by);
        return this;
    }

    public synchronized FakeAtlassian oauthClient(String clientId, String clientSecret, String callbackUrl) {
        clients.put(clientId, new String[] {clientSecret, callbackUrl});
        return this;
    }

    public synchronized FakeAtlassian accessTokenLifetime(Duration lifetime) {
        accessLifetime = lifetime;
        return this;
    }

    public synchronized FakeAtlassian account(String accountId, String name, String email, String zoneinfo) {
        accounts.put(accountId, new Account(accountId, name, email, zoneinfo, new LinkedHashSet<>()));
        return this;
    }

    public synchronized FakeAtlassian signedInAs(String accountId) {
        signedIn = accountId;
        return this;
    }

    public synchronized FakeAtlassian site(String cloudId, String name, String url, Product... products) {
        sites.put(cloudId, new SiteData(cloudId, name, url, Set.of(products)));
        return this;
    }

    public synchronized FakeAtlassian grantSites(String accountId, String... cloudIds) {
        accounts.get(accountId).sites().addAll(List.of(cloudIds));
        return this;
    }

    public synchronized FakeAtlassian removeFromGrant(String accountId, String cloudId) {
        accounts.get(accountId).sites().remove(cloudId);
        return this;
    }

    /** The user revoked the app in their account: the grant's tokens all die. */
    public synchronized FakeAtlassian revokeConsent(String accountId) {
        grants.values().stream().filter(g -> g.account.equals(accountId)).forEach(g -> g.revoked = true);
        return this;
    }

    /** A password change ends the grant's refresh tokens; the access tokens live out their hour. */
    public synchronized FakeAtlassian changePassword(String accountId) {
        grants.values().stream().filter(g -> g.account.equals(accountId)).forEach(g -> g.refreshDead = true);
        return this;
    }

    /** Every access token issued so far is refused from now on. */
    public synchronized FakeAtlassian expireAccessTokens() {
        accessTokensDeadBefore = Instant.now().plusMillis(1);
        return this;
    }

    public synchronized int refreshCount() {
        return refreshes;
    }

    /** @return successful refreshes of one account's grants so far */
    public synchronized int refreshCount(String accountId) {
        return refreshesOf.getOrDefault(accountId, 0);
    }

    public synchronized int reusedWithinLeeway() {
        return reusedWithinLeeway;
    }

    public synchronized int lateReuses() {
        return lateReuses;
    }

    /** The next token request is carried out, but its answer never arrives (the connection is closed). */
    public synchronized FakeAtlassian loseNextTokenAnswer() {
        loseNextTokenAnswer = true;
        return this;
    }

    public synchronized FakeAtlassian project(String cloudId, String key, String name) {
        sites.get(cloudId).projects.put(key, name);
        return this;
    }

    public synchronized FakeAtlassian issue(
            String cloudId,
            String key,
            String summary,
            String statusName,
            String statusCategoryKey,
            String priorityName,
            String assigneeAccountId,
            String reporterAccountId,
            Instant updated) {
        SiteData site = sites.get(cloudId);
        Issue issue = new Issue();
        issue.id = Integer.toString(10000 + site.issues.size() + 1);
        issue.key = key;
        issue.project = key.substring(0, key.lastIndexOf('-'));
        issue.summary = summary;
        issue.status = statusName;
        issue.category = statusCategoryKey;
        issue.priority = priorityName;
        issue.assignee = assigneeAccountId;
        issue.reporter = reporterAccountId;
        issue.created = updated;
        issue.updated = updated;
        site.issues.put(key, issue);
        fire(site, issue, "jira:issue_created", reporterAccountId, List.of());
        return this;
    }

    public synchronized FakeAtlassian watch(String cloudId, String key, String accountId) {
        sites.get(cloudId).issues.get(key).watchers.add(accountId);
        return this;
    }

    /** Someone changes a field of an issue: a changelog entry, the update time, and the webhooks that match. */
    public synchronized FakeAtlassian update(
            String cloudId, String key, String byAccountId, Instant when, String changedField, String from, String to) {
        SiteData site = sites.get(cloudId);
        Issue issue = site.issues.get(key);
        if ("status".equals(changedField)) {
            issue.status = to;
            issue.category =
                    "Done".equalsIgnoreCase(to) ? "done" : "To Do".equalsIgnoreCase(to) ? "new" : "indeterminate";
        } else if ("summary".equals(changedField)) {
            issue.summary = to;
        } else if ("priority".equals(changedField)) {
            issue.priority = to;
        }
        change(
                site,
                issue,
                byAccountId,
                when,
                Json.createObjectBuilder()
                        .add("field", changedField)
                        .add("fieldtype", "jira")
                        .add("from", JsonValue.NULL)
                        .add("fromString", nullable(from))
                        .add("to", JsonValue.NULL)
                        .add("toString", nullable(to))
                        .build());
        return this;
    }

    /** Someone assigns an issue. */
    public synchronized FakeAtlassian assign(
            String cloudId, String key, String assigneeAccountId, String byAccountId, Instant when) {
        SiteData site = sites.get(cloudId);
        Issue issue = site.issues.get(key);
        String before = issue.assignee;
        issue.assignee = assigneeAccountId;
        change(
                site,
                issue,
                byAccountId,
                when,
                Json.createObjectBuilder()
                        .add("field", "assignee")
                        .add("fieldtype", "jira")
                        .add("from", nullable(before))
                        .add("fromString", nullable(before == null ? null : name(before)))
                        .add("to", nullable(assigneeAccountId))
                        .add("toString", nullable(name(assigneeAccountId)))
                        .build());
        return this;
    }

    private void change(SiteData site, Issue issue, String by, Instant when, JsonObject item) {
        issue.updated = when;
        issue.histories.add(Json.createObjectBuilder()
                .add("id", Integer.toString(issue.histories.size() + 1))
                .add("author", user(by))
                .add("created", JIRA_TIME.format(when.atZone(ZoneOffset.UTC)))
                .add("items", Json.createArrayBuilder().add(item))
                .build());
        fire(site, issue, "jira:issue_updated", by, List.of(item));
    }

    public synchronized FakeAtlassian space(String cloudId, String key, String name) {
        sites.get(cloudId).spaces.put(key, name);
        return this;
    }

    public synchronized FakeAtlassian page(
            String cloudId, String id, String type, String spaceKey, String title, String body, Instant lastModified) {
        sites.get(cloudId).pages.add(new Page(id, type, spaceKey, title, body, lastModified));
        return this;
    }

    public synchronized FakeAtlassian latency(Duration perRequest) {
        latency = perRequest;
        return this;
    }

    public synchronized FakeAtlassian latency(String cloudId, Duration perRequest) {
        sites.get(cloudId).latency = perRequest;
        return this;
    }

    public synchronized FakeAtlassian down(String cloudId, boolean down) {
        sites.get(cloudId).down = down;
        return this;
    }

    public synchronized FakeAtlassian garbage(String cloudId, boolean garbage) {
        sites.get(cloudId).garbage = garbage;
        return this;
    }

    /** The next {@code requests} gateway requests are answered 429 with {@code Retry-After}. */
    public synchronized FakeAtlassian rateLimit(int requests, int retryAfterSeconds) {
        rateLimited = requests;
        retryAfter = retryAfterSeconds;
        return this;
    }

    /** The next {@code requests} gateway requests are answered 401 "scope does not match". */
    public synchronized FakeAtlassian scopeMismatch(int requests) {
        scopeMismatches = requests;
        return this;
    }

    public synchronized List<Webhook> webhooks(String cloudId) {
        Instant now = now();
        return webhooks.values().stream()
                .filter(w -> w.cloudId().equals(cloudId) && w.expires().isAfter(now))
                .toList();
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public FakeAtlassian afterAnswer(Consumer<Request> action) {
        afterAnswer = action;
        return this;
    }

    // ---- consent without a browser --------------------------------------------------------------------------

    /** Opens the consent page of {@code authorizeUrl} and accepts it; answers where Atlassian sends the browser. */
    public URI approve(URI authorizeUrl) {
        return consent(authorizeUrl, "accept");
    }

    /** Opens the consent page and denies it. */
    public URI deny(URI authorizeUrl) {
        return consent(authorizeUrl, "deny");
    }

    private URI consent(URI authorizeUrl, String decision) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(authorizeUrl).build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("consent page: " + page.statusCode() + " " + page.body());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
                    .matcher(page.body());
            while (hidden.find()) {
                fields.put(hidden.group(1), unescape(hidden.group(2)));
            }
            fields.put("decision", decision);
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(uri() + "/authorize"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(toForm(fields)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 302) {
                throw new IllegalStateException("consent: " + answer.statusCode() + " " + answer.body());
            }
            return URI.create(answer.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private static final Answer LOST = new Answer(-1, "");

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Request request = new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                body);
        Duration wait;
        synchronized (this) {
            requests.add(request);
            wait = latency.plus(siteOf(request.path()).map(s -> s.latency).orElse(Duration.ZERO));
        }
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                exchange.close();
                return;
            }
        }
        Answer answer;
        try {
            answer = answer(request);
        } catch (RuntimeException e) {
            answer = new Answer(500, "{\"message\":\"" + e + "\"}");
        }
        if (answer == LOST) {
            exchange.close();
        } else {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set(
                            "Content-Type",
                            answer.headers()
                                    .getOrDefault(
                                            "Content-Type",
                                            answer.body().startsWith("<")
                                                    ? "text/html; charset=utf-8"
                                                    : "application/json"));
            answer.headers().forEach((k, v) -> {
                if (!k.equals("Content-Type")) {
                    exchange.getResponseHeaders().set(k, v);
                }
            });
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }
        afterAnswer.accept(request);
    }

    private synchronized java.util.Optional<SiteData> siteOf(String path) {
        Matcher m = Pattern.compile("^/ex/(jira|confluence)/([^/]+)/").matcher(path);
        return m.find() ? java.util.Optional.ofNullable(sites.get(m.group(2))) : java.util.Optional.empty();
    }

    private synchronized Answer answer(Request request) {
        String path = request.path();
        if (path.equals("/authorize")) {
            return request.method().equals("GET") ? consentPage(request) : decide(request);
        }
        if (path.equals("/oauth/token") && request.method().equals("POST")) {
            return token(request);
        }
        // the gateway
        if (rateLimited > 0) {
            rateLimited--;
            return new Answer(
                    429,
                    "{\"code\":429,\"message\":\"Rate limit exceeded\"}",
                    Map.of("Retry-After", Integer.toString(retryAfter)));
        }
        Access access = access(request);
        if (access == null) {
            return gateway(401, "Unauthorized");
        }
        Grant grant = grants.get(access.grant());
        if (scopeMismatches > 0) {
            scopeMismatches--;
            return gateway(401, "Unauthorized; scope does not match");
        }
        Account account = accounts.get(grant.account);
        if (path.equals("/oauth/token/accessible-resources") && request.method().equals("GET")) {
            return new Answer(200, resources(grant, account).toString());
        }
        if (path.equals("/me")) {
            return grant.scopes.contains("read:me")
                    ? new Answer(200, me(account).toString())
                    : gateway(401, "Unauthorized; scope does not match");
        }
        Matcher product =
                Pattern.compile("^/ex/(jira|confluence)/([^/]+)(/.*)$").matcher(path);
        if (!product.matches()) {
            return gateway(404, "Not Found");
        }
        SiteData site = sites.get(product.group(2));
        Product wanted = product.group(1).equals("jira") ? Product.JIRA : Product.CONFLUENCE;
        if (site == null || !account.sites().contains(site.id) || !site.products.contains(wanted)) {
            return gateway(404, "Not Found");
        }
        if (site.down) {
            return new Answer(503, "<html><body>Service Unavailable</body></html>");
        }
        if (site.garbage) {
            return new Answer(200, "{\"issues\":[{\"id\":\"1\",\"key\":");
        }
        String rest = product.group(3);
        return wanted == Product.JIRA
                ? jira(request, rest, site, grant, account)
                : confluence(request, rest, site, grant, account);
    }

    private static Answer gateway(int status, String message) {
        return new Answer(
                status,
                Json.createObjectBuilder()
                        .add("code", status)
                        .add("message", message)
                        .build()
                        .toString());
    }

    private static Answer jiraError(int status, String message) {
        return new Answer(
                status,
                Json.createObjectBuilder()
                        .add("errorMessages", Json.createArrayBuilder().add(message))
                        .add("errors", JsonValue.EMPTY_JSON_OBJECT)
                        .build()
                        .toString());
    }

    private Access access(Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        Access access = accessTokens.get(authorization.substring(7));
        if (access == null
                || !access.expires().isAfter(now())
                || access.issued().isBefore(accessTokensDeadBefore)) {
            return null;
        }
        Grant grant = grants.get(access.grant());
        return grant == null || grant.revoked ? null : access;
    }

    // ---- the authorization server ----------------------------------------------------------------------------

    private Answer consentPage(Request request) {
        Map<String, String> q = request.queryParameters();
        String[] client = clients.get(q.get("client_id"));
        if (client == null) {
            return new Answer(400, "<html><body><h1>Something went wrong</h1><p>Unknown client.</p></body></html>");
        }
        if (!client[1].equals(q.get("redirect_uri"))) {
            return new Answer(
                    400,
                    "<html><body><h1>Something went wrong</h1><p>The redirect_uri does not match the"
                            + " app's callback URL.</p></body></html>");
        }
        if (!"code".equals(q.get("response_type"))
                || q.get("scope") == null
                || q.get("scope").isBlank()) {
            return new Answer(400, "<html><body><h1>Something went wrong</h1><p>Invalid request.</p></body></html>");
        }
        if (signedIn == null) {
            return new Answer(401, "<html><body><h1>Log in to continue</h1></body></html>");
        }
        Account account = accounts.get(signedIn);
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>Authorize app</title></head><body>")
                .append("<h1>The app ")
                .append(escape(q.get("client_id")))
                .append(" is requesting access to your")
                .append(" Atlassian account</h1><p>Signed in as ")
                .append(escape(account.name()))
                .append("</p><ul>");
        for (String scope : q.get("scope").split(" ")) {
            page.append("<li>").append(escape(scope)).append("</li>");
        }
        page.append("</ul><p>Sites: ")
                .append(escape(
                        account.sites().stream().map(s -> sites.get(s).name).collect(Collectors.joining(", "))))
                .append("</p><form method=\"post\" action=\"/authorize\">");
        for (String name : List.of("client_id", "redirect_uri", "scope", "state")) {
            page.append("<input type=\"hidden\" name=\"")
                    .append(name)
                    .append("\" value=\"")
                    .append(escape(q.getOrDefault(name, "")))
                    .append("\">");
        }
        page.append("<input type=\"hidden\" name=\"csrf\" value=\"")
                .append(escape(signedIn))
                .append("\">")
                .append("<button type=\"submit\" name=\"decision\" value=\"accept\">Accept</button>")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form></body></html>");
        return new Answer(200, page.toString());
    }

    private Answer decide(Request request) {
        Map<String, String> f = form(request.body());
        String[] client = clients.get(f.get("client_id"));
        if (client == null || !client[1].equals(f.get("redirect_uri")) || !Objects.equals(signedIn, f.get("csrf"))) {
            return new Answer(400, "<html><body><h1>Something went wrong</h1></body></html>");
        }
        String redirect = f.get("redirect_uri");
        String state = f.getOrDefault("state", "");
        String separator = redirect.contains("?") ? "&" : "?";
        if (!"accept".equals(f.get("decision"))) {
            return new Answer(
                    302,
                    "",
                    Map.of(
                            "Location",
                            redirect + separator + "error=access_denied" + "&error_description="
                                    + enc("User did not authorize the request") + "&state=" + enc(state)));
        }
        String code = secret();
        codes.put(
                code,
                new Code(
                        f.get("client_id"),
                        redirect,
                        signedIn,
                        new LinkedHashSet<>(List.of(f.get("scope").split(" "))),
                        now().plus(Duration.ofMinutes(10))));
        return new Answer(
                302, "", Map.of("Location", redirect + separator + "code=" + enc(code) + "&state=" + enc(state)));
    }

    private Answer token(Request request) {
        Map<String, String> p;
        String type = Objects.toString(request.header("Content-Type"), "");
        if (type.startsWith("application/json")) {
            try {
                JsonObject json =
                        Json.createReader(new StringReader(request.body())).readObject();
                p = new HashMap<>();
                json.forEach((k, v) -> p.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
            } catch (RuntimeException e) {
                return new Answer(400, "{\"error\":\"invalid_request\",\"error_description\":\"Malformed JSON\"}");
            }
        } else {
            p = form(request.body());
        }
        String[] client = clients.get(p.get("client_id"));
        if (client == null || !client[0].equals(p.get("client_secret"))) {
            return new Answer(401, "{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}");
        }
        Answer answer;
        if ("authorization_code".equals(p.get("grant_type"))) {
            Code code = codes.remove(Objects.toString(p.get("code"), ""));
            if (code == null
                    || !code.client().equals(p.get("client_id"))
                    || !code.redirect().equals(p.get("redirect_uri"))
                    || !code.expires().isAfter(now())) {
                return invalidGrant("Invalid authorization code");
            }
            // a new consent replaces the account's grant to this app
            grants.values().stream()
                    .filter(g -> g.account.equals(code.account()) && g.client.equals(code.client()))
                    .forEach(g -> g.revoked = true);
            Grant grant = new Grant(secret(), code.account(), code.client(), code.scopes(), now());
            grants.put(grant.id, grant);
            answer = issue(grant);
        } else if ("refresh_token".equals(p.get("grant_type"))) {
            Refresh refresh = refreshTokens.get(Objects.toString(p.get("refresh_token"), ""));
            Grant grant = refresh == null ? null : grants.get(refresh.grant);
            Instant now = now();
            if (grant == null || grant.revoked || grant.refreshDead || !grant.client.equals(p.get("client_id"))) {
                return invalidGrant("Unknown or invalid refresh token.");
            }
            if (refresh.rotatedAt != null) {
                if (now.isAfter(refresh.rotatedAt.plus(LEEWAY))) {
                    lateReuses++;
                    grant.revoked = true;
                    return invalidGrant("Unknown or invalid refresh token.");
                }
                reusedWithinLeeway++;
            }
            if (now.isAfter(refresh.lastUse.plus(Duration.ofDays(90)))
                    || now.isAfter(grant.created.plus(Duration.ofDays(365)))) {
                grant.revoked = true;
                return invalidGrant("Unknown or invalid refresh token.");
            }
            if (refresh.rotatedAt == null) {
                refresh.rotatedAt = now;
            }
            refreshes++;
            refreshesOf.merge(grant.account, 1, Integer::sum);
            answer = issue(grant);
        } else {
            return new Answer(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        if (loseNextTokenAnswer) {
            loseNextTokenAnswer = false;
            return LOST;
        }
        return answer;
    }

    private static Answer invalidGrant(String description) {
        return new Answer(
                403,
                Json.createObjectBuilder()
                        .add("error", "invalid_grant")
                        .add("error_description", description)
                        .build()
                        .toString());
    }

    private Answer issue(Grant grant) {
        Instant now = now();
        String access = secret();
        accessTokens.put(access, new Access(grant.id, Instant.now(), now.plus(accessLifetime)));
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("access_token", access)
                .add("expires_in", accessLifetime.toSeconds())
                .add("token_type", "Bearer")
                .add("scope", String.join(" ", grant.scopes));
        if (grant.scopes.contains("offline_access")) {
            String refresh = secret();
            refreshTokens.put(refresh, new Refresh(grant.id, now));
            json.add("refresh_token", refresh);
        }
        return new Answer(200, json.build().toString());
    }

    // ---- the gateway: sites and identity ---------------------------------------------------------------------

    private JsonArray resources(Grant grant, Account account) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (String cloudId : account.sites()) {
            SiteData site = sites.get(cloudId);
            for (Product product : List.of(Product.JIRA, Product.CONFLUENCE)) {
                List<String> scopes = (product == Product.JIRA ? JIRA_SCOPES : CONFLUENCE_SCOPES)
                        .stream().filter(grant.scopes::contains).toList();
                if (site.products.contains(product) && !scopes.isEmpty()) {
                    list.add(Json.createObjectBuilder()
                            .add("id", site.id)
                            .add("url", site.url)
                            .add("name", site.name)
                            .add("scopes", Json.createArrayBuilder(scopes))
                            .add(
                                    "avatarUrl",
                                    "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png"));
                }
            }
        }
        return list.build();
    }

    private static JsonObject me(Account account) {
        return Json.createObjectBuilder()
                .add("account_type", "atlassian")
                .add("account_id", account.id())
                .add("email", account.email())
                .add("name", account.name())
                .add("picture", "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default.png")
                .add("account_status", "active")
                .add("nickname", account.name().split(" ")[0])
                .add("zoneinfo", account.zone())
                .add("locale", "en-US")
                .add("extended_profile", JsonValue.EMPTY_JSON_OBJECT)
                .build();
    }

    private String name(String accountId) {
        Account account = accountId == null ? null : accounts.get(accountId);
        return account == null ? accountId : account.name();
    }

    private JsonValue user(String accountId) {
        if (accountId == null) {
            return JsonValue.NULL;
        }
        return Json.createObjectBuilder()
                .add("accountId", accountId)
                .add("accountType", "atlassian")
                .add("displayName", Objects.toString(name(accountId), accountId))
                .add("active", true)
                .add(
                        "timeZone",
                        accounts.containsKey(accountId)
                                ? accounts.get(accountId).zone()
                                : "UTC")
                .build();
    }

    // ---- Jira ------------------------------------------------------------------------------------------------

    private Answer jira(Request request, String rest, SiteData site, Grant grant, Account account) {
        boolean read = grant.scopes.contains("read:jira-work");
        if (rest.equals("/rest/api/3/myself") && request.method().equals("GET")) {
            return grant.scopes.contains("read:jira-user")
                    ? new Answer(200, user(account.id()).toString())
                    : gateway(401, "Unauthorized; scope does not match");
        }
        if (rest.equals("/rest/api/3/search") || rest.equals("/rest/api/2/search")) {
            return jiraError(
                    410, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.");
        }
        if (rest.startsWith("/rest/api/3/webhook")) {
            return grant.scopes.contains("manage:jira-webhook") && read
                    ? webhook(request, rest, site, grant, account)
                    : gateway(401, "Unauthorized; scope does not match");
        }
        if (!read) {
            return gateway(401, "Unauthorized; scope does not match");
        }
        if (rest.equals("/rest/api/3/search/jql")) {
            Map<String, String> p = new HashMap<>();
            List<String> fields = new ArrayList<>();
            if (request.method().equals("POST")) {
                JsonObject json;
                try {
                    json = Json.createReader(new StringReader(request.body())).readObject();
                } catch (RuntimeException e) {
                    return jiraError(
                            400, "Invalid request payload. Refer to the REST API documentation and try again.");
                }
                json.forEach((k, v) -> {
                    if (k.equals("fields") && v instanceof JsonArray a) {
                        a.getValuesAs(JsonString.class).forEach(s -> fields.add(s.getString()));
                    } else {
                        p.put(k, v instanceof JsonString s ? s.getString() : v.toString());
                    }
                });
            } else {
                p.putAll(request.queryParameters());
                if (p.containsKey("fields")) {
                    fields.addAll(List.of(p.get("fields").split(",")));
                }
            }
            return search(site, account, p, fields);
        }
        Matcher issue = Pattern.compile("^/rest/api/3/issue/([^/]+)$").matcher(rest);
        if (issue.matches() && request.method().equals("GET")) {
            String key = URLDecoder.decode(issue.group(1), StandardCharsets.UTF_8);
            Issue found = site.issues.values().stream()
                    .filter(i -> i.key.equals(key) || i.id.equals(key))
                    .findFirst()
                    .orElse(null);
            if (found == null) {
                return jiraError(404, "Issue does not exist or you do not have permission to see it.");
            }
            String fields = request.queryParameters().get("fields");
            return new Answer(
                    200,
                    issueJson(site, found, fields == null ? List.of("*all") : List.of(fields.split(",")), false)
                            .toString());
        }
        return jiraError(404, "null for uri: " + site.url + rest);
    }

    private Answer search(SiteData site, Account account, Map<String, String> p, List<String> fields) {
        String jql = p.get("jql");
        if (jql == null || jql.isBlank()) {
            return jiraError(
                    400, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        Jql.Query query;
        try {
            query = Jql.parse(jql);
        } catch (IllegalArgumentException e) {
            return jiraError(400, "Error in the JQL Query: " + e.getMessage());
        }
        if (query.where() == null) {
            return jiraError(
                    400, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        IssueEvaluator evaluator = new IssueEvaluator(site, account.id(), ZoneId.of(account.zone()), now());
        List<Issue> matched = new ArrayList<>();
        try {
            evaluator.check(query.where());
            for (Issue issue : site.issues.values()) {
                if (query.where().test(evaluator.on(issue)::test)) {
                    matched.add(issue);
                }
            }
        } catch (IllegalArgumentException e) {
            return jiraError(400, e.getMessage());
        }
        matched.sort(order(query.orderBy()));
        int max = Math.min(100, Integer.parseInt(p.getOrDefault("maxResults", "50")));
        int start = 0;
        if (p.get("nextPageToken") != null) {
            try {
                start = Integer.parseInt(
                        new String(Base64.getUrlDecoder().decode(p.get("nextPageToken")), StandardCharsets.UTF_8)
                                .substring("offset:".length()));
            } catch (RuntimeException e) {
                return jiraError(400, "The provided next page token is invalid or expired.");
            }
        }
        JsonArrayBuilder issues = Json.createArrayBuilder();
        boolean changelog = Objects.toString(p.get("expand"), "").contains("changelog");
        matched.stream()
                .skip(start)
                .limit(max)
                .forEach(i -> issues.add(issueJson(site, i, fields.isEmpty() ? List.of("id") : fields, changelog)));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("issues", issues);
        boolean last = start + max >= matched.size();
        if (!last) {
            answer.add(
                    "nextPageToken",
                    Base64.getUrlEncoder()
                            .encodeToString(("offset:" + (start + max)).getBytes(StandardCharsets.UTF_8)));
        }
        return new Answer(200, answer.add("isLast", last).build().toString());
    }

    private static Comparator<Issue> order(List<String[]> orderBy) {
        Comparator<Issue> order = Comparator.comparing(i -> 0);
        for (String[] clause : orderBy) {
            Comparator<Issue> one =
                    switch (clause[0]) {
                        case "updated" -> Comparator.comparing(i -> i.updated);
                        case "created" -> Comparator.comparing(i -> i.created);
                        case "key" -> Comparator.comparing(i -> i.key);
                        case "priority" -> Comparator.comparing(i -> Objects.toString(i.priority, ""));
                        default -> throw new IllegalArgumentException(
                                "Not able to sort using field '" + clause[0] + "'.");
                    };
            order = order.thenComparing(clause[1].equals("DESC") ? one.reversed() : one);
        }
        return order.thenComparing(i -> i.key);
    }

    private JsonObject issueJson(SiteData site, Issue issue, List<String> wanted, boolean changelog) {
        boolean all = wanted.contains("*all") || wanted.contains("*navigable");
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        fields.put("summary", Json.createValue(issue.summary));
        fields.put(
                "status",
                Json.createObjectBuilder()
                        .add("name", issue.status)
                        .add("id", Integer.toString(Math.abs(issue.status.hashCode() % 10000)))
                        .add(
                                "statusCategory",
                                Json.createObjectBuilder()
                                        .add(
                                                "id",
                                                switch (issue.category) {
                                                    case "new" -> 2;
                                                    case "done" -> 3;
                                                    default -> 4;
                                                })
                                        .add("key", issue.category)
                                        .add(
                                                "colorName",
                                                switch (issue.category) {
                                                    case "new" -> "blue-gray";
                                                    case "done" -> "green";
                                                    default -> "yellow";
                                                })
                                        .add(
                                                "name",
                                                switch (issue.category) {
                                                    case "new" -> "To Do";
                                                    case "done" -> "Done";
                                                    default -> "In Progress";
                                                }))
                        .build());
        fields.put(
                "priority",
                issue.priority == null
                        ? JsonValue.NULL
                        : Json.createObjectBuilder()
                                .add("name", issue.priority)
                                .add("id", "3")
                                .build());
        fields.put("assignee", user(issue.assignee));
        fields.put("reporter", user(issue.reporter));
        fields.put("created", Json.createValue(JIRA_TIME.format(issue.created.atZone(ZoneOffset.UTC))));
        fields.put("updated", Json.createValue(JIRA_TIME.format(issue.updated.atZone(ZoneOffset.UTC))));
        fields.put(
                "project",
                Json.createObjectBuilder()
                        .add("id", "1" + Math.abs(issue.project.hashCode() % 1000))
                        .add("key", issue.project)
                        .add("name", site.projects.getOrDefault(issue.project, issue.project))
                        .build());
        fields.put(
                "issuetype",
                Json.createObjectBuilder()
                        .add("name", "Task")
                        .add("subtask", false)
                        .build());
        fields.put("description", JsonValue.NULL);
        JsonObjectBuilder selected = Json.createObjectBuilder();
        fields.forEach((name, value) -> {
            if (all || wanted.contains(name)) {
                selected.add(name, value);
            }
        });
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("expand", "operations,versionedRepresentations,editmeta,changelog,renderedFields")
                .add("id", issue.id)
                .add("self", site.url + "/rest/api/3/issue/" + issue.id)
                .add("key", issue.key)
                .add("fields", selected);
        if (changelog) {
            JsonArrayBuilder histories = Json.createArrayBuilder();
            issue.histories.forEach(histories::add);
            json.add(
                    "changelog",
                    Json.createObjectBuilder()
                            .add("startAt", 0)
                            .add("maxResults", issue.histories.size())
                            .add("total", issue.histories.size())
                            .add("histories", histories));
        }
        return json.build();
    }

    /** Evaluates JQL clauses against one issue, for the calling user (or a webhook's owner) in their time zone. */
    private final class IssueEvaluator {
        private final SiteData site;
        private final String me;
        private final ZoneId zone;
        private final Instant now;
        private Issue issue;

        IssueEvaluator(SiteData site, String me, ZoneId zone, Instant now) {
            this.site = site;
            this.me = me;
            this.zone = zone;
            this.now = now;
        }

        IssueEvaluator on(Issue issue) {
            this.issue = issue;
            return this;
        }

        /** Refuses unknown fields, and keys that do not exist, before any issue is looked at (as Jira does). */
        void check(Jql.Node node) {
            node.clauses().forEach(c -> {
                if (!Set.of(
                                "assignee",
                                "reporter",
                                "watcher",
                                "project",
                                "key",
                                "issuekey",
                                "status",
                                "statuscategory",
                                "updated",
                                "created",
                                "text",
                                "summary",
                                "issuetype")
                        .contains(c.field())) {
                    throw new IllegalArgumentException(
                            "Field '" + c.field() + "' does not exist or you do not have permission to view it.");
                }
                if ((c.field().equals("key") || c.field().equals("issuekey"))
                        && c.op().equals("=")
                        && site.issues.values().stream()
                                .noneMatch(
                                        i -> i.key.equalsIgnoreCase(c.values().get(0)))) {
                    throw new IllegalArgumentException(
                            "An issue with key '" + c.values().get(0) + "' does not exist for field 'key'.");
                }
            });
        }

        boolean test(Jql.Clause c) {
            List<String> values = c.values().stream()
                    .map(v -> v.equals("currentUser()") ? me : v)
                    .toList();
            return switch (c.field()) {
                case "assignee" -> compare(c.op(), issue.assignee, values);
                case "reporter" -> compare(c.op(), issue.reporter, values);
                case "watcher" -> c.op().equals("!=") || c.op().equals("NOT IN")
                        ? issue.watchers.stream().noneMatch(values::contains)
                        : issue.watchers.stream().anyMatch(values::contains);
                case "project" -> compare(c.op(), issue.project, values);
                case "key", "issuekey" -> compare(c.op(), issue.key, values);
                case "status" -> compare(c.op(), issue.status, values);
                case "issuetype" -> compare(c.op(), "Task", values);
                case "statuscategory" -> compareCategory(c.op(), values);
                case "updated" -> compareTime(c.op(), issue.updated, values.get(0));
                case "created" -> compareTime(c.op(), issue.created, values.get(0));
                case "text" -> words(values.get(0), issue.summary + " " + issue.description, c.op());
                case "summary" -> words(values.get(0), issue.summary, c.op());
                default -> false;
            };
        }

        private boolean compare(String op, String actual, List<String> values) {
            boolean empty = values.stream().anyMatch(v -> v.equalsIgnoreCase("EMPTY") || v.equalsIgnoreCase("null"));
            boolean in = actual == null ? empty : values.stream().anyMatch(v -> v.equalsIgnoreCase(actual));
            return switch (op) {
                case "=", "IN", "IS" -> in;
                case "!=", "NOT IN", "IS NOT" -> !in;
                default -> throw new IllegalArgumentException(
                        "The operator '" + op + "' is not supported by this field.");
            };
        }

        private boolean compareCategory(String op, List<String> values) {
            String name =
                    switch (issue.category) {
                        case "new" -> "To Do";
                        case "done" -> "Done";
                        default -> "In Progress";
                    };
            boolean in = values.stream().anyMatch(v -> v.equalsIgnoreCase(name) || v.equalsIgnoreCase(issue.category));
            return op.startsWith("!") || op.startsWith("NOT") ? !in : in;
        }

        private boolean compareTime(String op, Instant actual, String value) {
            Instant bound = jqlTime(value, zone, now);
            int cmp = actual.compareTo(bound);
            return switch (op) {
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case "=" -> cmp == 0;
                case "!=" -> cmp != 0;
                default -> throw new IllegalArgumentException("The operator '" + op + "' is not supported by dates.");
            };
        }
    }

    private static boolean words(String term, String text, String op) {
        List<String> wanted = List.of(term.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).stream()
                .filter(w -> !w.isEmpty())
                .toList();
        String haystack = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        boolean found = !wanted.isEmpty() && wanted.stream().allMatch(w -> haystack.contains(" " + w));
        return op.equals("!~") ? !found : found;
    }

    /** A JQL date: relative ({@code -15m}, {@code -2h}, {@code -1d}, {@code -1w}) or absolute in the user's zone. */
    static Instant jqlTime(String value, ZoneId zone, Instant now) {
        Matcher relative = Pattern.compile("^([-+]?)(\\d+)([mhdw])$").matcher(value.trim());
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(2)) * (relative.group(1).equals("-") ? -1 : 1);
            return switch (relative.group(3)) {
                case "m" -> now.plus(Duration.ofMinutes(amount));
                case "h" -> now.plus(Duration.ofHours(amount));
                case "d" -> now.plus(Duration.ofDays(amount));
                default -> now.plus(Duration.ofDays(7 * amount));
            };
        }
        for (String pattern : List.of("yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm")) {
            try {
                return LocalDateTime.parse(value, DateTimeFormatter.ofPattern(pattern))
                        .atZone(zone)
                        .toInstant();
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        for (String pattern : List.of("yyyy/MM/dd", "yyyy-MM-dd")) {
            try {
                return LocalDate.parse(value, DateTimeFormatter.ofPattern(pattern))
                        .atStartOfDay(zone)
                        .toInstant();
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        throw new IllegalArgumentException("Date value '" + value + "' for field 'updated' is invalid. Valid formats"
                + " include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format"
                + " e.g. '-5d', '4w 2d'.");
    }

    // ---- webhooks ------------------------------------------------------------------------------------------

    private Answer webhook(Request request, String rest, SiteData site, Grant grant, Account account) {
        Instant now = now();
        if (rest.equals("/rest/api/3/webhook") && request.method().equals("POST")) {
            JsonObject body =
                    Json.createReader(new StringReader(request.body())).readObject();
            String url = body.getString("url");
            JsonArrayBuilder results = Json.createArrayBuilder();
            for (JsonObject hook : body.getJsonArray("webhooks").getValuesAs(JsonObject.class)) {
                List<String> events = hook.getJsonArray("events").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString)
                        .toList();
                String filter = hook.getString("jqlFilter", "");
                String problem = webhookProblem(events, filter);
                if (problem != null) {
                    results.add(Json.createObjectBuilder()
                            .add("errors", Json.createArrayBuilder().add(problem)));
                    continue;
                }
                long id = nextWebhook++;
                webhooks.put(
                        id,
                        new Webhook(
                                id,
                                url,
                                events,
                                filter,
                                account.id(),
                                now.plus(Duration.ofDays(30)),
                                site.id,
                                grant.client));
                results.add(Json.createObjectBuilder().add("createdWebhookId", id));
            }
            return new Answer(
                    200,
                    Json.createObjectBuilder()
                            .add("webhookRegistrationResult", results)
                            .build()
                            .toString());
        }
        if (rest.equals("/rest/api/3/webhook") && request.method().equals("GET")) {
            JsonArrayBuilder values = Json.createArrayBuilder();
            List<Webhook> mine = webhooks.values().stream()
                    .filter(w -> w.cloudId().equals(site.id)
                            && w.clientId().equals(grant.client)
                            && w.expires().isAfter(now))
                    .toList();
            mine.forEach(w -> values.add(Json.createObjectBuilder()
                    .add("id", w.id())
                    .add("jqlFilter", w.jqlFilter())
                    .add("events", Json.createArrayBuilder(w.events()))
                    .add("expirationDate", w.expires().toEpochMilli())));
            return new Answer(
                    200,
                    Json.createObjectBuilder()
                            .add("startAt", 0)
                            .add("maxResults", 100)
                            .add("total", mine.size())
                            .add("isLast", true)
                            .add("values", values)
                            .build()
                            .toString());
        }
        if (rest.equals("/rest/api/3/webhook/refresh") && request.method().equals("PUT")) {
            Instant expires = now.plus(Duration.ofDays(30));
            for (JsonNumber id : Json.createReader(new StringReader(request.body()))
                    .readObject()
                    .getJsonArray("webhookIds")
                    .getValuesAs(JsonNumber.class)) {
                Webhook w = webhooks.get(id.longValue());
                if (w != null && w.cloudId().equals(site.id) && w.expires().isAfter(now)) {
                    webhooks.put(
                            w.id(),
                            new Webhook(
                                    w.id(),
                                    w.url(),
                                    w.events(),
                                    w.jqlFilter(),
                                    w.ownerAccountId(),
                                    expires,
                                    w.cloudId(),
                                    w.clientId()));
                }
            }
            return new Answer(
                    200,
                    Json.createObjectBuilder()
                            .add("expirationDate", JIRA_TIME.format(expires.atZone(ZoneOffset.UTC)))
                            .build()
                            .toString());
        }
        if (rest.equals("/rest/api/3/webhook") && request.method().equals("DELETE")) {
            Json.createReader(new StringReader(request.body()))
                    .readObject()
                    .getJsonArray("webhookIds")
                    .getValuesAs(JsonNumber.class)
                    .forEach(id -> webhooks.remove(id.longValue()));
            return new Answer(202, "");
        }
        return jiraError(404, "null for uri: " + site.url + rest);
    }

    /** Jira's rules for a dynamic webhook: documented events; filters on a few fields with = != IN NOT IN only. */
    private static String webhookProblem(List<String> events, String filter) {
        Set<String> known = Set.of(
                "jira:issue_created",
                "jira:issue_updated",
                "jira:issue_deleted",
                "comment_created",
                "comment_updated",
                "comment_deleted",
                "issue_property_set",
                "issue_property_deleted");
        for (String event : events) {
            if (!known.contains(event)) {
                return "The event " + event + " is not supported";
            }
        }
        try {
            Jql.Query query = Jql.parse(filter);
            for (Jql.Clause c : query.where() == null
                    ? List.<Jql.Clause>of()
                    : query.where().clauses()) {
                if (!Set.of("issuekey", "key", "project", "issuetype", "status", "assignee", "reporter")
                                .contains(c.field())
                        || !Set.of("=", "!=", "IN", "NOT IN").contains(c.op())) {
                    return "The clause " + c.field() + " is unsupported";
                }
            }
        } catch (IllegalArgumentException e) {
            return "Invalid JQL: " + e.getMessage();
        }
        return null;
    }

    /** Delivers an issue event to every live webhook on the site whose events and filter match. */
    private void fire(SiteData site, Issue issue, String event, String by, List<JsonObject> items) {
        Instant now = now();
        for (Webhook w : List.copyOf(webhooks.values())) {
            if (!w.cloudId().equals(site.id)
                    || !w.expires().isAfter(now)
                    || !w.events().contains(event)) {
                continue;
            }
            Jql.Query filter = Jql.parse(w.jqlFilter());
            Account owner = accounts.get(w.ownerAccountId());
            IssueEvaluator evaluator = new IssueEvaluator(
                    site, w.ownerAccountId(), owner == null ? ZoneOffset.UTC : ZoneId.of(owner.zone()), now);
            if (filter.where() != null && !filter.where().test(evaluator.on(issue)::test)) {
                continue;
            }
            JsonArrayBuilder changed = Json.createArrayBuilder();
            items.forEach(changed::add);
            String body = Json.createObjectBuilder()
                    .add("timestamp", now.toEpochMilli())
                    .add("webhookEvent", event)
                    .add(
                            "issue_event_type_name",
                            event.equals("jira:issue_created")
                                    ? "issue_created"
                                    : items.stream().anyMatch(i -> "assignee".equals(i.getString("field", "")))
                                            ? "issue_assigned"
                                            : "issue_generic")
                    .add("user", user(by))
                    .add("issue", issueJson(site, issue, List.of("*all"), false))
                    .add(
                            "changelog",
                            Json.createObjectBuilder()
                                    .add("id", Integer.toString(issue.histories.size()))
                                    .add("items", changed))
                    .add("matchedWebhookIds", Json.createArrayBuilder().add(w.id()))
                    .build()
                    .toString();
            String jwt = jwt(clients.get(w.clientId())[0], w.clientId(), now);
            URI url = URI.create(w.url());
            threads.execute(() -> deliver(url, jwt, body));
        }
    }

    private void deliver(URI url, String jwt, String body) {
        int status;
        try {
            status = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(url)
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + jwt)
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            deliveries.add(new Delivery(url, status, body));
        }
    }

    private static String jwt(String secret, String issuer, Instant now) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(Json.createObjectBuilder()
                .add("iss", issuer)
                .add("iat", now.getEpochSecond())
                .add("exp", now.plusSeconds(180).getEpochSecond())
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return header + "." + claims + "."
                    + b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Confluence ----------------------------------------------------------------------------------------

    private Answer confluence(Request request, String rest, SiteData site, Grant grant, Account account) {
        if (!(rest.equals("/wiki/rest/api/search") || rest.equals("/rest/api/search"))
                || !request.method().equals("GET")) {
            return new Answer(404, "{\"statusCode\":404,\"message\":\"No content found\"}");
        }
        if (!grant.scopes.contains("search:confluence")) {
            return gateway(401, "Unauthorized; scope does not match");
        }
        Map<String, String> p = request.queryParameters();
        String cql = p.get("cql");
        Jql.Query query;
        try {
            if (cql == null || cql.isBlank()) {
                throw new IllegalArgumentException("cql is required");
            }
            query = Jql.parse(cql);
            if (query.where() == null) {
                throw new IllegalArgumentException("no condition");
            }
            for (Jql.Clause c : query.where().clauses()) {
                if (!Set.of("sitesearch", "text", "title", "type", "space").contains(c.field())) {
                    throw new IllegalArgumentException("Unknown field: " + c.field());
                }
            }
        } catch (IllegalArgumentException e) {
            return new Answer(
                    400,
                    Json.createObjectBuilder()
                            .add("statusCode", 400)
                            .add(
                                    "data",
                                    Json.createObjectBuilder()
                                            .add("authorized", true)
                                            .add("valid", false)
                                            .add("errors", Json.createArrayBuilder())
                                            .add("successful", false))
                            .add("message", "Could not parse cql : " + cql)
                            .build()
                            .toString());
        }
        List<String> terms = new ArrayList<>();
        query.where().clauses().stream()
                .filter(c -> c.op().equals("~"))
                .forEach(c -> terms.add(c.values().get(0)));
        List<Page> matched = site.pages.stream()
                .filter(page -> query.where().test(c -> switch (c.field()) {
                    case "sitesearch", "text" -> words(c.values().get(0), page.title() + " " + page.body(), c.op());
                    case "title" -> words(c.values().get(0), page.title(), c.op());
                    case "type" -> (c.op().startsWith("!") || c.op().startsWith("NOT"))
                            != c.values().contains(page.type());
                    case "space" -> (c.op().startsWith("!") || c.op().startsWith("NOT"))
                            != c.values().contains(page.space());
                    default -> false;
                }))
                .sorted(Comparator.comparing(Page::modified).reversed())
                .toList();
        int limit = Math.min(100, Integer.parseInt(p.getOrDefault("limit", "25")));
        int start = p.get("cursor") == null
                ? 0
                : Integer.parseInt(new String(Base64.getUrlDecoder().decode(p.get("cursor")), StandardCharsets.UTF_8));
        JsonArrayBuilder results = Json.createArrayBuilder();
        matched.stream().skip(start).limit(limit).forEach(page -> {
            String url = "/spaces/" + page.space() + "/pages/" + page.id() + "/"
                    + page.title().replaceAll("[^A-Za-z0-9]+", "+");
            results.add(Json.createObjectBuilder()
                    .add(
                            "content",
                            Json.createObjectBuilder()
                                    .add("id", page.id())
                                    .add("type", page.type())
                                    .add("status", "current")
                                    .add("title", page.title())
                                    .add(
                                            "_links",
                                            Json.createObjectBuilder()
                                                    .add("webui", url)
                                                    .add("self", site.url + "/wiki/rest/api/content/" + page.id())
                                                    .add("tinyui", "/x/" + page.id())))
                    .add("title", highlight(page.title(), terms))
                    .add("excerpt", highlight(page.body(), terms))
                    .add("url", url)
                    .add(
                            "resultGlobalContainer",
                            Json.createObjectBuilder()
                                    .add("title", site.spaces.getOrDefault(page.space(), page.space()))
                                    .add("displayUrl", "/spaces/" + page.space()))
                    .add("breadcrumbs", Json.createArrayBuilder())
                    .add("entityType", "content")
                    .add("iconCssClass", "aui-icon content-type-" + page.type())
                    .add("lastModified", page.modified().toString())
                    .add("friendlyLastModified", "recently")
                    .add("score", 1.0));
        });
        JsonObjectBuilder links = Json.createObjectBuilder()
                .add("base", site.url + "/wiki")
                .add("context", "/wiki")
                .add("self", site.url + "/wiki/rest/api/search?cql=" + enc(cql));
        if (start + limit < matched.size()) {
            links.add(
                    "next",
                    "/rest/api/search?cql=" + enc(cql) + "&limit=" + limit + "&cursor="
                            + enc(Base64.getUrlEncoder()
                                    .encodeToString(
                                            Integer.toString(start + limit).getBytes(StandardCharsets.UTF_8))));
        }
        int size = (int) Math.max(0, Math.min(limit, matched.size() - start));
        return new Answer(
                200,
                Json.createObjectBuilder()
                        .add("results", results)
                        .add("start", start)
                        .add("limit", limit)
                        .add("size", size)
                        .add("totalSize", matched.size())
                        .add("cqlQuery", cql)
                        .add("searchDuration", 12)
                        .add("_links", links)
                        .build()
                        .toString());
    }

    /** Confluence's highlight markup around every searched word. */
    private static String highlight(String text, List<String> terms) {
        String marked = text;
        for (String term : terms) {
            for (String word : term.split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    marked = marked.replaceAll("(?i)(" + Pattern.quote(word) + ")", "@@@hl@@@$1@@@endhl@@@");
                }
            }
        }
        return marked;
    }

    // ---- JQL and CQL ---------------------------------------------------------------------------------------

    /**
     * The query language subset JQL and CQL share here: clauses {@code field op value} joined by {@code AND},
     * {@code OR}, {@code NOT} and parentheses; operators {@code = != ~ !~ > >= < <= IN (…) NOT IN (…) IS [NOT]};
     * values bare words, double-quoted strings with backslash escapes, functions as {@code currentUser()}; then
     * {@code ORDER BY field [ASC|DESC], …}. Field names are compared in lower case.
     */
    static final class Jql {

        record Clause(String field, String op, List<String> values) {}

        interface Node {
            boolean test(Predicate<Clause> clause);

            List<Clause> clauses();
        }

        record Query(Node where, List<String[]> orderBy) {}

        private final List<String> tokens;
        private int at;

        private Jql(List<String> tokens) {
            this.tokens = tokens;
        }

        static Query parse(String text) {
            Jql parser = new Jql(tokenize(text));
            Node where = parser.peekIs("ORDER") ? null : parser.or();
            List<String[]> order = new ArrayList<>();
            if (parser.peekIs("ORDER")) {
                parser.next();
                parser.expect("BY");
                do {
                    String field = parser.next().toLowerCase(Locale.ROOT);
                    String direction = "ASC";
                    if (parser.peekIs("ASC") || parser.peekIs("DESC")) {
                        direction = parser.next().toUpperCase(Locale.ROOT);
                    }
                    order.add(new String[] {field, direction});
                } while (parser.accept(","));
            }
            if (parser.at < parser.tokens.size()) {
                throw new IllegalArgumentException(
                        "Expecting either 'OR' or 'AND' but got '" + parser.tokens.get(parser.at) + "'.");
            }
            return new Query(where, order);
        }

        private Node or() {
            Node left = and();
            while (peekIs("OR")) {
                next();
                Node a = left;
                Node b = and();
                left = node(c -> a.test(c) || b.test(c), a, b);
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (peekIs("AND")) {
                next();
                Node a = left;
                Node b = not();
                left = node(c -> a.test(c) && b.test(c), a, b);
            }
            return left;
        }

        private Node not() {
            if (peekIs("NOT")) {
                next();
                Node inner = not();
                return node(c -> !inner.test(c), inner);
            }
            if (accept("(")) {
                Node inner = or();
                expect(")");
                return inner;
            }
            return clause();
        }

        private Node clause() {
            String field = unquote(next()).toLowerCase(Locale.ROOT);
            String op = next().toUpperCase(Locale.ROOT);
            if (op.equals("NOT") || op.equals("IS") && peekIs("NOT")) {
                op = op + " " + next().toUpperCase(Locale.ROOT);
            }
            if (!Set.of("=", "!=", "~", "!~", ">", ">=", "<", "<=", "IN", "NOT IN", "IS", "IS NOT")
                    .contains(op)) {
                throw new IllegalArgumentException("The operator '" + op + "' is not a valid operator.");
            }
            List<String> values = new ArrayList<>();
            if (op.endsWith("IN")) {
                expect("(");
                do {
                    values.add(value());
                } while (accept(","));
                expect(")");
            } else {
                values.add(value());
            }
            Clause clause = new Clause(field, op, List.copyOf(values));
            return new Node() {
                @Override
                public boolean test(Predicate<Clause> check) {
                    return check.test(clause);
                }

                @Override
                public List<Clause> clauses() {
                    return List.of(clause);
                }
            };
        }

        private String value() {
            String token = next();
            if (token.matches("[A-Za-z][A-Za-z0-9]*") && peekIs("(")) {
                next();
                expect(")");
                return token + "()";
            }
            if (Set.of("(", ")", ",").contains(token)) {
                throw new IllegalArgumentException("Expecting a value but got '" + token + "'.");
            }
            return unquote(token);
        }

        private static Node node(Predicate<Predicate<Clause>> test, Node... children) {
            return new Node() {
                @Override
                public boolean test(Predicate<Clause> check) {
                    return test.test(check);
                }

                @Override
                public List<Clause> clauses() {
                    List<Clause> all = new ArrayList<>();
                    for (Node child : children) {
                        all.addAll(child.clauses());
                    }
                    return all;
                }
            };
        }

        private boolean peekIs(String word) {
            return at < tokens.size()
                    && tokens.get(at).equalsIgnoreCase(word)
                    && !tokens.get(at).startsWith("\"");
        }

        private boolean accept(String token) {
            if (at < tokens.size() && tokens.get(at).equals(token)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw new IllegalArgumentException("Expecting '" + token + "' but got "
                        + (at < tokens.size() ? "'" + tokens.get(at) + "'" : "the end of the query") + ".");
            }
        }

        private String next() {
            if (at >= tokens.size()) {
                throw new IllegalArgumentException("The query ends too early.");
            }
            return tokens.get(at++);
        }

        private static String unquote(String token) {
            if (!token.startsWith("\"")) {
                return token;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < token.length() - 1; i++) {
                char c = token.charAt(i);
                if (c == '\\' && i + 1 < token.length() - 1) {
                    c = token.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }

        private static List<String> tokenize(String text) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '"' || c == '\'') {
                    int start = i++;
                    StringBuilder quoted = new StringBuilder("\"");
                    while (i < text.length() && text.charAt(i) != c) {
                        if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                            quoted.append('\\').append(text.charAt(i + 1));
                            i += 2;
                        } else {
                            quoted.append(text.charAt(i++));
                        }
                    }
                    if (i >= text.length()) {
                        throw new IllegalArgumentException(
                                "The quoted string starting at character " + start + " is not closed.");
                    }
                    i++;
                    tokens.add(quoted.append('"').toString());
                } else if ("(),".indexOf(c) >= 0) {
                    tokens.add(Character.toString(c));
                    i++;
                } else if ("=!~<>".indexOf(c) >= 0) {
                    int start = i;
                    while (i < text.length() && "=!~<>".indexOf(text.charAt(i)) >= 0) {
                        i++;
                    }
                    tokens.add(text.substring(start, i));
                } else {
                    int start = i;
                    while (i < text.length()
                            && !Character.isWhitespace(text.charAt(i))
                            && "(),=!~<>\"'".indexOf(text.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(text.substring(start, i));
                }
            }
            return tokens;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private String secret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonValue nullable(String text) {
        return text == null ? JsonValue.NULL : Json.createValue(text);
    }

    static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String toForm(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String unescape(String text) {
        return text.replace("&quot;", "\"")
                .replace("&gt;", ">")
                .replace("&lt;", "<")
                .replace("&amp;", "&");
    }
}
