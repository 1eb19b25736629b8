package dev.hearth.openproject;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fake OpenProject for tests: the API v3 endpoints an integration uses (the signed-in user, in-app notifications,
 * work packages) and OpenProject's built-in OAuth 2.0 server (Doorkeeper), on {@code http://127.0.0.1:<free port>}.
 *
 * <p>The behaviour follows OpenProject's documentation, source and request specs and the payloads collected in
 * {@code shared/upstream-samples/openproject}:
 * <ul>
 *   <li>Every body is HAL ({@code application/hal+json; charset=utf-8}), every {@code href} is relative to the host,
 *       and every {@code /api/v3} answer carries {@code Link: </api/v3/openapi.json>; rel="service-desc"}.</li>
 *   <li>Credentials: {@code Basic base64("apikey:<API token>")}, or {@code Bearer <API token or OAuth access
 *       token>}. Failures are 401 {@code Unauthenticated} with {@code WWW-Authenticate: Basic realm="OpenProject
 *       API"} (no or Basic credentials) or {@code Bearer realm="OpenProject API" error="invalid_token"} (Bearer); an
 *       OAuth token without the {@code api_v3} scope gets 403 with {@code error="insufficient_scope"}.</li>
 *   <li>Collections: {@code offset} is the 1-based page number, {@code pageSize=-1} means the maximum (1000),
 *       {@code nextByOffset} and {@code previousByOffset} appear only when such a page exists, and link queries are
 *       Rails {@code to_query} strings (keys sorted, CGI-escaped) that always hold {@code filters} (the query's
 *       resolved filters, {@code []} when none), {@code offset} and {@code pageSize}, plus {@code sortBy} when the
 *       query is sorted (work packages always are: {@code [["id","asc"]]} by default).</li>
 *   <li>Bad {@code filters} or {@code sortBy} give 400 {@code InvalidQuery}; several problems at once give 422
 *       {@code MultipleErrors}.</li>
 *   <li>OAuth: authorization codes live 10 minutes and are single use, PKCE ({@code plain} and {@code S256}) is
 *       checked, token requests must be form encoded (else 415 {@code {}}), and refresh tokens rotate: a refresh
 *       answers a new refresh token, and the previous token pair is revoked when the new access token is first
 *       used.</li>
 * </ul>
 *
 * <p>All state is guarded by this object's monitor, so a test may change the fake while requests are in flight.
 */
public final class FakeOpenProject implements AutoCloseable {

    private static final String API = "/api/v3";
    private static final String NOTIFICATIONS = API + "/notifications";
    private static final String WORK_PACKAGES = API + "/work_packages";
    private static final Pattern USER_PATH = Pattern.compile("/api/v3/users/(me|\\d+)");
    private static final Pattern BULK_MARK_PATH = Pattern.compile("/api/v3/notifications/(read_ian|unread_ian)");
    private static final Pattern NOTIFICATION_PATH =
            Pattern.compile("/api/v3/notifications/(\\d+)(?:/(read_ian|unread_ian)|/details/(\\d+))?");
    private static final Pattern WORK_PACKAGE_PATH = Pattern.compile("/api/v3/work_packages/(\\d+)");
    private static final Pattern ID = Pattern.compile("\\d{1,9}");

    private static final String HAL_JSON = "application/hal+json; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String SERVICE_DESC = "</api/v3/openapi.json>; rel=\"service-desc\"";
    private static final String GARBAGE = "{\"_type\":\"Coll";
    private static final String SERVICE_UNAVAILABLE =
            """
            <html>
            <head><title>503 Service Temporarily Unavailable</title></head>
            <body>
            <center><h1>503 Service Temporarily Unavailable</h1></center>
            <hr><center>nginx</center>
            </body>
            </html>
            """;

    private static final String BASIC_CHALLENGE = "Basic realm=\"OpenProject API\"";
    private static final String BEARER_INVALID = "Bearer realm=\"OpenProject API\" error=\"invalid_token\"";
    private static final String BEARER_SCOPE = "Bearer realm=\"OpenProject API\" error=\"insufficient_scope\"";
    private static final String NO_CREDENTIALS = "You need to be authenticated to access this resource.";
    private static final String BAD_CREDENTIALS = "You did not provide the correct credentials.";
    private static final String NOT_FOUND = "The requested resource could not be found.";
    private static final String WORK_PACKAGE_NOT_FOUND = "The specified work package does not exist.";

    private static final String INVALID_GRANT = "The provided authorization grant is invalid, expired, revoked, does "
            + "not match the redirection URI used in the authorization request, or was issued to another client.";
    private static final String INVALID_CLIENT = "Client authentication failed due to unknown client, no client "
            + "authentication included, or unsupported authentication method.";
    private static final String INVALID_REDIRECT_URI =
            "The requested redirect uri is malformed or doesn't match client redirect URI.";
    private static final String UNSUPPORTED_GRANT_TYPE =
            "The authorization grant type is not supported by the authorization server.";
    private static final String UNSUPPORTED_RESPONSE_TYPE =
            "The authorization server does not support this response type.";
    private static final String INVALID_SCOPE = "The requested scope is invalid, unknown, or malformed.";
    private static final String INVALID_CHALLENGE_METHOD = "The code_challenge_method must be one of plain, S256.";
    private static final String REVOKE_UNAUTHORIZED = "You are not authorized to revoke this token";

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Set<String> SCOPES = Set.of("api_v3", "bcf_v2_1");
    private static final Set<String> PKCE_METHODS = Set.of("plain", "S256");

    /** Reasons as the API names them; both date-alert reasons of the database are sent as {@code dateAlert}. */
    private static final List<String> REASONS = List.of(
            "mentioned",
            "assigned",
            "watched",
            "subscribed",
            "commented",
            "created",
            "processed",
            "prioritized",
            "scheduled",
            "responsible",
            "shared",
            "reminder",
            "dateAlert");

    private static final String DATE_ALERT_START = "date_alert_start_date";
    private static final String DATE_ALERT_DUE = "date_alert_due_date";
    private static final Map<String, String> DETAIL_NAMES =
            Map.of("startDate", "Start date", "dueDate", "Finish date", "date", "Date");

    /** Ids of OpenProject's seeded statuses and types (the demo data: "In progress" is 7, "Phase" is 3). */
    private static final Map<String, Integer> SEEDED_STATUSES = Map.ofEntries(
            Map.entry("New", 1),
            Map.entry("In specification", 2),
            Map.entry("Specified", 3),
            Map.entry("Confirmed", 4),
            Map.entry("To be scheduled", 5),
            Map.entry("Scheduled", 6),
            Map.entry("In progress", 7),
            Map.entry("Developed", 8),
            Map.entry("In testing", 9),
            Map.entry("Tested", 10),
            Map.entry("Test failed", 11),
            Map.entry("Closed", 12),
            Map.entry("On hold", 13),
            Map.entry("Rejected", 14));

    private static final Map<String, Integer> SEEDED_TYPES =
            Map.of("Task", 1, "Milestone", 2, "Phase", 3, "Feature", 4, "Epic", 5, "User story", 6, "Bug", 7);
    private static final Set<String> CLOSED_STATUSES = Set.of("Closed", "Rejected");
    private static final int NORMAL_PRIORITY = 8;

    private static final Set<String> LIST_OPERATORS = Set.of("=", "!");
    private static final Set<String> SEARCH_OPERATORS = Set.of("**");
    private static final Set<String> VALUE_OPERATORS = Set.of("=", "!", "**");
    private static final Map<String, String> NOTIFICATION_FILTER_ALIASES = Map.of(
            "read_ian",
            "readIAN",
            "resource_id",
            "resourceId",
            "resource_type",
            "resourceType",
            "project_id",
            "project");
    private static final Map<String, String> WORK_PACKAGE_FILTER_ALIASES = Map.of(
            "status_id",
            "status",
            "subject_or_id",
            "subjectOrId",
            "project_id",
            "project",
            "assigned_to",
            "assignee",
            "assigned_to_id",
            "assignee",
            "assignedTo",
            "assignee");
    private static final List<Filter> OPEN_WORK_PACKAGES = List.of(new Filter("status", "o", List.of()));
    private static final List<List<String>> WORK_PACKAGES_BY_ID = List.of(List.of("id", "asc"));

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();

    private final List<Request> requests = new ArrayList<>();
    private final Map<Integer, User> users = new TreeMap<>();
    private final Map<String, Integer> apiTokens = new HashMap<>();
    private final Map<Integer, Project> projects = new TreeMap<>();
    private final Map<Integer, Set<Integer>> memberships = new HashMap<>();
    private final Map<Integer, WorkPackage> workPackages = new TreeMap<>();
    private final Map<Integer, Notification> notifications = new TreeMap<>();
    private final Map<String, Integer> statusIds = new HashMap<>(SEEDED_STATUSES);
    private final Map<String, Integer> typeIds = new HashMap<>(SEEDED_TYPES);
    private final Map<String, OAuthClient> clients = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private final Map<String, Token> tokensByAccess = new HashMap<>();
    private final Map<String, Token> tokensByRefresh = new HashMap<>();
    private final Set<String> revokedTokens = new LinkedHashSet<>();
    private Duration latency = Duration.ZERO;
    private boolean down;
    private boolean garbage;
    private Integer authorizeAs;
    private Duration accessTokenLifetime = Duration.ofHours(2);
    private volatile Consumer<Request> afterAnswer = request -> {};
    private int nextNotificationId = 1;
    private int nextActivityId = 1001;

    private final QueryModel<Notification> notificationModel = new QueryModel<>(
            NOTIFICATION_FILTER_ALIASES,
            List.of(),
            "Filters ",
            "Orders ",
            Map.of(
                    "id", Comparator.comparingInt(n -> n.id),
                    "reason", Comparator.comparing(Notification::wireReason),
                    "readIAN", Comparator.comparing(n -> n.read),
                    "project", Comparator.comparingInt(n -> projectOf(n).id())),
            List.of(),
            Comparator.<Notification>comparingInt(n -> n.id).reversed());
    private final QueryModel<WorkPackage> workPackageModel = new QueryModel<>(
            WORK_PACKAGE_FILTER_ALIASES,
            OPEN_WORK_PACKAGES,
            "",
            "",
            Map.of(
                    "id", Comparator.comparingInt(wp -> wp.id),
                    "subject", Comparator.comparing(wp -> wp.subject.toLowerCase(Locale.ROOT)),
                    "createdAt", Comparator.comparing(wp -> wp.createdAt),
                    "updatedAt", Comparator.comparing(wp -> wp.updatedAt)),
            WORK_PACKAGES_BY_ID,
            Comparator.<WorkPackage>comparingInt(wp -> wp.id).reversed());

    private FakeOpenProject() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-openproject-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lifecycle and failure modes

    /**
     * Starts a fake on {@code 127.0.0.1} and a free port.
     *
     * @return the running fake; close it when done
     */
    public static FakeOpenProject start() {
        try {
            return new FakeOpenProject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenProject", e);
        }
    }

    /**
     * The base URI of the fake, the equivalent of an OpenProject host URL.
     *
     * @return {@code http://127.0.0.1:<port>}, without a trailing slash
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops the server at once; requests still in progress are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Delays every answer (API, OAuth, and the failure modes) by the given time.
     *
     * @param perRequest the delay, {@link Duration#ZERO} for none
     * @return this fake
     */
    public synchronized FakeOpenProject latency(Duration perRequest) {
        this.latency = Objects.requireNonNull(perRequest, "perRequest");
        return this;
    }

    /**
     * Takes the whole server down or brings it back: while down, every request gets a 503 HTML page as a reverse
     * proxy sends it. Requests are still recorded.
     *
     * @param down whether the server is down
     * @return this fake
     */
    public synchronized FakeOpenProject down(boolean down) {
        this.down = down;
        return this;
    }

    /**
     * Switches truncated answers on or off: while on, every {@code /api/v3} request gets 200
     * {@code application/hal+json} with a body cut in the middle ({@code {"_type":"Coll}), and changes nothing.
     *
     * @param garbage whether API answers are truncated
     * @return this fake
     */
    public synchronized FakeOpenProject garbage(boolean garbage) {
        this.garbage = garbage;
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Users, projects, work packages, notifications

    /**
     * Adds (or replaces) an active, non-admin user; the user's {@code name} is {@code firstName + " " + lastName}.
     *
     * @param id the user id
     * @param firstName the first name
     * @param lastName the last name
     * @param login the login, also used for the e-mail address {@code <login>@example.org}
     * @return this fake
     */
    public synchronized FakeOpenProject user(int id, String firstName, String lastName, String login) {
        Instant createdAt = users.containsKey(id) ? users.get(id).createdAt() : now();
        users.put(
                id,
                new User(
                        id,
                        Objects.requireNonNull(firstName, "firstName"),
                        Objects.requireNonNull(lastName, "lastName"),
                        Objects.requireNonNull(login, "login"),
                        createdAt));
        return this;
    }

    /**
     * Gives a user an API token, accepted as {@code Basic apikey:<token>} and as {@code Bearer <token>}.
     * Real tokens start with {@code opapi-}; the fake accepts any string.
     *
     * @param token the token
     * @param userId the owner
     * @return this fake
     */
    public synchronized FakeOpenProject apiToken(String token, int userId) {
        apiTokens.put(Objects.requireNonNull(token, "token"), userId);
        return this;
    }

    /**
     * Deletes an API token, as a user does on their account page; it is refused from then on.
     *
     * @param token the token
     * @return this fake
     */
    public synchronized FakeOpenProject revokeApiToken(String token) {
        apiTokens.remove(token);
        return this;
    }

    /**
     * Adds (or replaces) a project.
     *
     * @param id the project id
     * @param identifier the URL identifier, e.g. {@code demo-project}
     * @param name the display name
     * @return this fake
     */
    public synchronized FakeOpenProject project(int id, String identifier, String name) {
        projects.put(
                id,
                new Project(
                        id, Objects.requireNonNull(identifier, "identifier"), Objects.requireNonNull(name, "name")));
        return this;
    }

    /**
     * Makes a user a member of a project. Without any membership a user sees every project; once a user has one,
     * the user sees only the projects they are a member of (their work packages and notifications included).
     *
     * @param userId the user
     * @param projectId the project
     * @return this fake
     */
    public synchronized FakeOpenProject member(int userId, int projectId) {
        memberships.computeIfAbsent(userId, id -> new HashSet<>()).add(projectId);
        return this;
    }

    /**
     * Adds (or replaces) a work package. Statuses and types known from OpenProject's seed data keep their ids;
     * other names get new ids. "Closed" and "Rejected" are the closed statuses.
     *
     * @param id the work package id
     * @param projectId its project, which must exist
     * @param subject the subject
     * @param type the type name, e.g. "Task"
     * @param status the status name, e.g. "New"
     * @param assigneeUserId the assignee, which must exist, or {@code null}
     * @return this fake
     */
    public synchronized FakeOpenProject workPackage(
            int id, int projectId, String subject, String type, String status, Integer assigneeUserId) {
        require(projects.containsKey(projectId), "unknown project " + projectId);
        require(assigneeUserId == null || users.containsKey(assigneeUserId), "unknown user " + assigneeUserId);
        WorkPackage previous = workPackages.get(id);
        WorkPackage wp = new WorkPackage(
                id,
                projectId,
                Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(status, "status"),
                assigneeUserId,
                previous == null ? nowSeconds() : previous.createdAt);
        if (previous != null) {
            wp.description = previous.description;
            wp.startDate = previous.startDate;
            wp.dueDate = previous.dueDate;
        }
        workPackages.put(id, wp);
        idFor(statusIds, status);
        idFor(typeIds, type);
        return this;
    }

    /**
     * Adds an unread in-app notification about a work package for a user.
     *
     * @param userId the recipient
     * @param workPackageId the work package it is about
     * @param reason an API reason ({@code mentioned}, {@code assigned}, {@code watched}, {@code subscribed},
     *     {@code commented}, {@code created}, {@code processed}, {@code prioritized}, {@code scheduled},
     *     {@code responsible}, {@code shared}, {@code reminder}, {@code dateAlert}), or one of the database reasons
     *     {@code date_alert_start_date} / {@code date_alert_due_date}; {@code dateAlert} is a start-date alert
     * @param actorUserId who caused it, or {@code null} for a system notification (then there is no actor link)
     * @param createdAt when it was created (kept to the second), or {@code null} for now
     * @return the id of the notification; ids increase from 1
     */
    public synchronized int notify(
            int userId, int workPackageId, String reason, Integer actorUserId, Instant createdAt) {
        require(users.containsKey(userId), "unknown user " + userId);
        require(workPackages.containsKey(workPackageId), "unknown work package " + workPackageId);
        require(actorUserId == null || users.containsKey(actorUserId), "unknown user " + actorUserId);
        String stored = "dateAlert".equals(reason) ? DATE_ALERT_START : reason;
        require(
                REASONS.contains(stored) || DATE_ALERT_START.equals(stored) || DATE_ALERT_DUE.equals(stored),
                "unknown reason " + reason);
        Instant created = createdAt == null ? nowSeconds() : createdAt.truncatedTo(ChronoUnit.SECONDS);
        Notification n = new Notification(
                nextNotificationId++, userId, workPackageId, stored, actorUserId, nextActivityId++, created);
        notifications.put(n.id, n);
        return n.id;
    }

    /**
     * Whether a notification is read ({@code readIAN}).
     *
     * @param notificationId the notification
     * @return {@code true} when read
     */
    public synchronized boolean isRead(int notificationId) {
        return existingNotification(notificationId).read;
    }

    /**
     * Marks a notification read as the user's own click in OpenProject's notification centre would.
     *
     * @param notificationId the notification
     */
    public synchronized void readInOpenProject(int notificationId) {
        mark(existingNotification(notificationId), true);
    }

    /**
     * Every request received so far, in order, including those answered by a failure mode.
     *
     * @return an immutable copy
     */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // OAuth 2.0

    /**
     * Registers an OAuth application, as an administrator does under Administration, Authentication, OAuth
     * applications.
     *
     * @param clientId the client id ("uid")
     * @param clientSecret the secret, or {@code null} for a public client (which must use PKCE in practice)
     * @param redirectUri the allowed redirect URI; several may be given separated by whitespace
     * @return this fake
     */
    public synchronized FakeOpenProject oauthClient(String clientId, String clientSecret, String redirectUri) {
        List<String> redirects = Arrays.stream(Objects.requireNonNull(redirectUri, "redirectUri")
                        .trim()
                        .split("\\s+"))
                .toList();
        clients.put(Objects.requireNonNull(clientId, "clientId"), new OAuthClient(clientId, clientSecret, redirects));
        return this;
    }

    /**
     * Chooses the user who is logged in to OpenProject's web UI and consents at {@code /oauth/authorize}. Until one
     * is chosen, {@code /oauth/authorize} redirects to the login page.
     *
     * @param userId the user
     * @return this fake
     */
    public synchronized FakeOpenProject authorizeAs(int userId) {
        this.authorizeAs = userId;
        return this;
    }

    /**
     * Sets the lifetime of access tokens issued from now on (OpenProject: 2 hours).
     *
     * @param lifetime the lifetime
     * @return this fake
     */
    public synchronized FakeOpenProject accessTokenLifetime(Duration lifetime) {
        require(!lifetime.isNegative(), "negative lifetime");
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /**
     * The access and refresh tokens revoked so far, through {@code /oauth/revoke} or refresh-token rotation.
     * Revoking either token of a pair revokes both, so both are listed.
     *
     * @return an immutable copy
     */
    public synchronized Set<String> revokedTokens() {
        return Set.copyOf(revokedTokens);
    }

    /**
     * Runs after each request has been answered (the answer computed, before it is sent): for what happens in
     * OpenProject meanwhile, such as the user reading a notification between two pages.
     */
    public FakeOpenProject afterAnswer(Consumer<Request> action) {
        this.afterAnswer = action;
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Request handling

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Request request = read(exchange);
            Duration delay;
            boolean isDown;
            boolean isGarbage;
            synchronized (this) {
                requests.add(request);
                delay = latency;
                isDown = down;
                isGarbage = garbage;
            }
            if (!sleep(delay)) {
                return;
            }
            Response response;
            if (isDown) {
                response = Response.text(503, HTML, SERVICE_UNAVAILABLE);
            } else if (isGarbage && isApi(request.path())) {
                response = Response.text(200, HAL_JSON, GARBAGE).withHeader("Link", SERVICE_DESC);
            } else {
                response = dispatch(request);
            }
            afterAnswer.accept(request);
            response.send(exchange);
        } finally {
            exchange.close();
        }
    }

    private synchronized Response dispatch(Request request) {
        String path = request.path();
        String method = request.method();
        try {
            if (isApi(path)) {
                return api(request).withHeader("Link", SERVICE_DESC);
            } else if (path.equals("/oauth/authorize") && method.equals("GET")) {
                return authorize(request);
            } else if (path.equals("/oauth/token") && method.equals("POST")) {
                return token(request);
            } else if (path.equals("/oauth/revoke") && method.equals("POST")) {
                return revocation(request);
            }
            return halError(404, "NotFound", NOT_FOUND);
        } catch (RuntimeException e) {
            return halError(500, "InternalServerError", "An internal error has occurred. " + e);
        }
    }

    private Response api(Request request) {
        Auth auth = authenticate(request);
        if (auth.failure() != null) {
            return auth.failure();
        }
        try {
            return apiRoute(request, auth.userId());
        } catch (QueryException e) {
            return e.response();
        }
    }

    private Response apiRoute(Request request, int userId) throws QueryException {
        String path = request.path();
        boolean get = request.method().equals("GET");
        boolean post = request.method().equals("POST");
        Matcher user = USER_PATH.matcher(path);
        Matcher bulk = BULK_MARK_PATH.matcher(path);
        Matcher notification = NOTIFICATION_PATH.matcher(path);
        Matcher workPackage = WORK_PACKAGE_PATH.matcher(path);
        if (get && user.matches()) {
            return showUser(user.group(1), userId);
        } else if (get && path.equals(NOTIFICATIONS)) {
            return listNotifications(request, userId);
        } else if (post && bulk.matches()) {
            return markAll(request, userId, bulk.group(1).equals("read_ian"));
        } else if (notification.matches()) {
            return notificationRoute(request.method(), notification, userId);
        } else if (get && path.equals(WORK_PACKAGES)) {
            return listWorkPackages(request, userId);
        } else if (get && workPackage.matches()) {
            return showWorkPackage(Integer.parseInt(workPackage.group(1)), userId);
        }
        return halError(404, "NotFound", NOT_FOUND);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // API authentication

    private record Auth(int userId, Response failure) {}

    private Auth authenticate(Request request) {
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            return unauthenticated(401, BASIC_CHALLENGE, NO_CREDENTIALS);
        }
        String[] parts = header.trim().split("\\s+", 2);
        String credentials = parts.length > 1 ? parts[1].trim() : "";
        if (parts[0].equalsIgnoreCase("Basic")) {
            String decoded = decodeBase64(credentials);
            int colon = decoded.indexOf(':');
            Integer userId = colon > 0 && decoded.substring(0, colon).equals("apikey")
                    ? apiTokens.get(decoded.substring(colon + 1))
                    : null;
            return userId != null && users.containsKey(userId)
                    ? new Auth(userId, null)
                    : unauthenticated(401, BASIC_CHALLENGE, BAD_CREDENTIALS);
        } else if (parts[0].equalsIgnoreCase("Bearer")) {
            return bearer(credentials);
        }
        return unauthenticated(401, BASIC_CHALLENGE, NO_CREDENTIALS);
    }

    private Auth bearer(String credentials) {
        Integer apiTokenUser = apiTokens.get(credentials);
        if (apiTokenUser != null && users.containsKey(apiTokenUser)) {
            return new Auth(apiTokenUser, null);
        }
        Token token = tokensByAccess.get(credentials);
        if (token == null
                || token.revoked
                || !now().isBefore(token.createdAt.plus(token.lifetime))
                || !users.containsKey(token.userId)) {
            return unauthenticated(401, BEARER_INVALID, BAD_CREDENTIALS);
        }
        if (!token.used) {
            token.used = true;
            if (token.previous != null) {
                revoke(token.previous);
            }
        }
        if (!scopes(token.scope).contains("api_v3")) {
            return unauthenticated(403, BEARER_SCOPE, BAD_CREDENTIALS);
        }
        return new Auth(token.userId, null);
    }

    private static Auth unauthenticated(int status, String challenge, String message) {
        return new Auth(0, halError(status, "Unauthenticated", message).withHeader("WWW-Authenticate", challenge));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Users

    private Response showUser(String idOrMe, int userId) {
        User user = idOrMe.equals("me") ? users.get(userId) : users.get(parseId(idOrMe));
        return user == null ? halError(404, "NotFound", NOT_FOUND) : Response.hal(200, userJson(user));
    }

    private static JsonObject userJson(User user) {
        String email = user.login() + "@example.org";
        String memberships = API + "/memberships?filters="
                + cgiEscape(Json.createArrayBuilder()
                        .add(Json.createObjectBuilder()
                                .add(
                                        "principal",
                                        Json.createObjectBuilder()
                                                .add("operator", "=")
                                                .add(
                                                        "values",
                                                        Json.createArrayBuilder()
                                                                .add(String.valueOf(user.id())))))
                        .build()
                        .toString());
        return Json.createObjectBuilder()
                .add("_type", "User")
                .add("id", user.id())
                .add("name", user.name())
                .add("createdAt", MILLIS.format(user.createdAt()))
                .add("updatedAt", MILLIS.format(user.createdAt()))
                .add("login", user.login())
                .add("admin", false)
                .add("firstName", user.firstName())
                .add("lastName", user.lastName())
                .add("email", email)
                .add("avatar", "https://secure.gravatar.com/avatar/" + md5(email) + "?default=404&secure=true")
                .add("status", "active")
                .addNull("identityUrl")
                .add("language", "en")
                .add(
                        "_links",
                        Json.createObjectBuilder()
                                .add("self", link(API + "/users/" + user.id(), user.name()))
                                .add("memberships", link(memberships, "Memberships"))
                                .add(
                                        "showUser",
                                        Json.createObjectBuilder()
                                                .add("href", "/users/" + user.id())
                                                .add("type", "text/html")))
                .build();
    }

    private JsonObject userLink(Integer userId) {
        if (userId == null || !users.containsKey(userId)) {
            return nullLink();
        }
        return link(API + "/users/" + userId, users.get(userId).name());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Notifications

    private Response listNotifications(Request request, int userId) throws QueryException {
        Map<String, String> params = request.queryParameters();
        Query<Notification> query = parseQuery(params, notificationModel, notificationFilters(userId));
        List<Notification> matching = visibleNotifications(userId)
                .filter(n -> query.filters().stream().allMatch(f -> matches(f, n)))
                .sorted(query.order())
                .toList();
        Paging paging = Paging.of(params);
        List<Notification> page = paging.slice(matching);
        JsonArray elements = array(page.stream().map(n -> notificationJson(n, false)));
        JsonArray schemas = array(page.stream()
                .map(this::alertProperty)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .map(FakeOpenProject::detailSchemaJson));
        return Response.hal(
                200,
                collection(
                        "Collection",
                        NOTIFICATIONS,
                        query.linkParams(),
                        paging,
                        matching.size(),
                        elements,
                        schemas,
                        false));
    }

    private Response markAll(Request request, int userId, boolean read) throws QueryException {
        Query<Notification> query =
                parseQuery(request.queryParameters(), notificationModel, notificationFilters(userId));
        visibleNotifications(userId)
                .filter(n -> query.filters().stream().allMatch(f -> matches(f, n)))
                .forEach(n -> mark(n, read));
        return Response.noContent();
    }

    private Response notificationRoute(String method, Matcher path, int userId) {
        Notification n = notifications.get(parseId(path.group(1)));
        boolean visible = n != null
                && n.userId == userId
                && projectVisible(userId, projectOf(n).id());
        String action = path.group(2);
        String detail = path.group(3);
        if (!visible || !method.equals(action == null ? "GET" : "POST")) {
            return halError(404, "NotFound", NOT_FOUND);
        } else if (action != null) {
            mark(n, action.equals("read_ian"));
            return Response.noContent();
        } else if (detail != null) {
            JsonArray details = detailsJson(n);
            int index = parseId(detail);
            return index >= 0 && index < details.size()
                    ? Response.hal(200, details.get(index))
                    : halError(404, "NotFound", NOT_FOUND);
        }
        return Response.hal(200, notificationJson(n, true));
    }

    private Stream<Notification> visibleNotifications(int userId) {
        return notifications.values().stream()
                .filter(n -> n.userId == userId
                        && projectVisible(userId, projectOf(n).id()));
    }

    private void mark(Notification n, boolean read) {
        n.read = read;
        n.updatedAt = nowSeconds();
    }

    private Map<String, FilterSpec> notificationFilters(int userId) {
        return Map.of(
                "readIAN", new FilterSpec("Read", LIST_OPERATORS, Set.of("t", "f")::contains),
                "id", new FilterSpec("ID", LIST_OPERATORS, FakeOpenProject::isId),
                "reason", new FilterSpec("Reason", LIST_OPERATORS, REASONS::contains),
                "resourceId", new FilterSpec("Resource", LIST_OPERATORS, FakeOpenProject::isId),
                "resourceType", new FilterSpec("Resource type", LIST_OPERATORS, value -> true),
                "project", new FilterSpec("Project", LIST_OPERATORS, visibleProject(userId)));
    }

    private boolean matches(Filter filter, Notification n) {
        String actual =
                switch (filter.name()) {
                    case "readIAN" -> n.read ? "t" : "f";
                    case "id" -> String.valueOf(n.id);
                    case "reason" -> n.wireReason();
                    case "resourceId" -> String.valueOf(n.workPackageId);
                    case "resourceType" -> "WorkPackage";
                    case "project" -> String.valueOf(projectOf(n).id());
                    default -> throw new IllegalStateException("unvalidated filter " + filter.name());
                };
        return filter.lists(actual) == filter.operator().equals("=");
    }

    private JsonObject notificationJson(Notification n, boolean embed) {
        WorkPackage wp = workPackages.get(n.workPackageId);
        Project project = projectOf(n);
        String self = NOTIFICATIONS + "/" + n.id;
        String activity = API + "/activities/" + n.activityId;
        JsonObjectBuilder links = Json.createObjectBuilder().add("self", link(self));
        if (n.read) {
            links.add("unreadIAN", action(self + "/unread_ian", "post"));
        } else {
            links.add("readIAN", action(self + "/read_ian", "post"));
        }
        if (n.actor != null) {
            links.add("actor", userLink(n.actor));
        }
        links.add("project", projectLink(project))
                .add("activity", link(activity))
                .add("resource", link(WORK_PACKAGES + "/" + wp.id, wp.subject));
        JsonObjectBuilder embedded = Json.createObjectBuilder();
        if (embed) {
            if (n.actor != null) {
                embedded.add("actor", userJson(users.get(n.actor)));
            }
            embedded.add("project", projectJson(project))
                    .add(
                            "activity",
                            Json.createObjectBuilder()
                                    .add(
                                            "_type",
                                            n.reason.equals("mentioned") || n.reason.equals("commented")
                                                    ? "Activity::Comment"
                                                    : "Activity")
                                    .add("id", n.activityId)
                                    .add("_links", Json.createObjectBuilder().add("self", link(activity))))
                    .add("resource", workPackageJson(wp));
        }
        embedded.add("details", detailsJson(n));
        return Json.createObjectBuilder()
                .add("_type", "Notification")
                .add("id", n.id)
                .add("readIAN", n.read)
                .add("reason", n.wireReason())
                .add("createdAt", seconds(n.createdAt))
                .add("updatedAt", seconds(n.updatedAt))
                .add("_embedded", embedded)
                .add("_links", links)
                .build();
    }

    /** The date property a date alert reports ({@code startDate}, {@code dueDate}, {@code date}), else null. */
    private String alertProperty(Notification n) {
        if (!n.reason.equals(DATE_ALERT_START) && !n.reason.equals(DATE_ALERT_DUE)) {
            return null;
        } else if (workPackages.get(n.workPackageId).type.equals("Milestone")) {
            return "date";
        }
        return n.reason.equals(DATE_ALERT_DUE) ? "dueDate" : "startDate";
    }

    private JsonArray detailsJson(Notification n) {
        String property = alertProperty(n);
        if (property == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        WorkPackage wp = workPackages.get(n.workPackageId);
        LocalDate value = property.equals("startDate") ? wp.startDate : wp.dueDate;
        JsonObjectBuilder detail =
                Json.createObjectBuilder().add("_type", "Values::Property").add("property", property);
        if (value == null) {
            detail.addNull("value");
        } else {
            detail.add("value", value.toString());
        }
        detail.add(
                "_links",
                Json.createObjectBuilder()
                        .add("self", link(NOTIFICATIONS + "/" + n.id + "/details/0"))
                        .add("schema", link(API + "/values/schemas/" + property)));
        return Json.createArrayBuilder().add(detail).build();
    }

    private static JsonObject detailSchemaJson(String property) {
        return Json.createObjectBuilder()
                .add("_type", "Schema")
                .add(
                        "property",
                        Json.createObjectBuilder().add("name", "Property").add("type", "String"))
                .add(
                        "value",
                        Json.createObjectBuilder()
                                .add("name", DETAIL_NAMES.get(property))
                                .add("type", "Date"))
                .add("_links", Json.createObjectBuilder().add("self", link(API + "/values/schemas/" + property)))
                .build();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Projects and work packages

    private Project projectOf(Notification n) {
        return projects.get(workPackages.get(n.workPackageId).projectId);
    }

    private boolean projectVisible(int userId, int projectId) {
        Set<Integer> memberOf = memberships.get(userId);
        return projects.containsKey(projectId) && (memberOf == null || memberOf.contains(projectId));
    }

    private Predicate<String> visibleProject(int userId) {
        return value -> isId(value) && projectVisible(userId, Integer.parseInt(value));
    }

    private static JsonObject projectLink(Project project) {
        return link(API + "/projects/" + project.id(), project.name());
    }

    private static JsonObject projectJson(Project project) {
        return Json.createObjectBuilder()
                .add("_type", "Project")
                .add("id", project.id())
                .add("identifier", project.identifier())
                .add("name", project.name())
                .add("active", true)
                .add("public", false)
                .add("_links", Json.createObjectBuilder().add("self", projectLink(project)))
                .build();
    }

    private Response listWorkPackages(Request request, int userId) throws QueryException {
        Map<String, String> params = request.queryParameters();
        Query<WorkPackage> query = parseQuery(params, workPackageModel, workPackageFilters(userId));
        List<WorkPackage> matching = workPackages.values().stream()
                .filter(wp -> projectVisible(userId, wp.projectId))
                .filter(wp -> query.filters().stream().allMatch(f -> matches(f, wp, userId)))
                .sorted(query.order())
                .toList();
        Paging paging = Paging.of(params);
        JsonArray elements = array(paging.slice(matching).stream().map(this::workPackageJson));
        return Response.hal(
                200,
                collection(
                        "WorkPackageCollection",
                        WORK_PACKAGES,
                        query.linkParams(),
                        paging,
                        matching.size(),
                        elements,
                        JsonValue.EMPTY_JSON_ARRAY,
                        true));
    }

    private Response showWorkPackage(int id, int userId) {
        WorkPackage wp = workPackages.get(id);
        return wp != null && projectVisible(userId, wp.projectId)
                ? Response.hal(200, workPackageJson(wp))
                : halError(404, "NotFound", WORK_PACKAGE_NOT_FOUND);
    }

    private Map<String, FilterSpec> workPackageFilters(int userId) {
        return Map.of(
                "status",
                        new FilterSpec(
                                "Status",
                                Set.of("o", "c", "*", "=", "!"),
                                value -> isId(value) && statusIds.containsValue(Integer.parseInt(value))),
                "id", new FilterSpec("ID", LIST_OPERATORS, FakeOpenProject::isId),
                "subjectOrId", new FilterSpec("Subject or ID", SEARCH_OPERATORS, value -> true),
                "typeahead", new FilterSpec("Typeahead", SEARCH_OPERATORS, value -> true),
                "search", new FilterSpec("Search", SEARCH_OPERATORS, value -> true),
                "project", new FilterSpec("Project", LIST_OPERATORS, visibleProject(userId)),
                "assignee",
                        new FilterSpec(
                                "Assignee",
                                Set.of("=", "!", "*", "!*"),
                                value -> value.equals("me")
                                        || isId(value) && users.containsKey(Integer.parseInt(value))));
    }

    private boolean matches(Filter filter, WorkPackage wp, int userId) {
        boolean positive = filter.operator().equals("=");
        return switch (filter.name()) {
            case "status" -> switch (filter.operator()) {
                case "o" -> !CLOSED_STATUSES.contains(wp.status);
                case "c" -> CLOSED_STATUSES.contains(wp.status);
                case "*" -> true;
                default -> filter.lists(String.valueOf(statusIds.get(wp.status))) == positive;
            };
            case "id" -> filter.lists(String.valueOf(wp.id)) == positive;
            case "project" -> filter.lists(String.valueOf(wp.projectId)) == positive;
            case "subjectOrId", "typeahead", "search" -> searchMatches(filter.values(), wp);
            case "assignee" -> switch (filter.operator()) {
                case "*" -> wp.assignee != null;
                case "!*" -> wp.assignee == null;
                default -> (wp.assignee != null
                                && filter.values().stream()
                                        .map(value -> value.equals("me") ? String.valueOf(userId) : value)
                                        .anyMatch(value -> sameValue(value, String.valueOf(wp.assignee))))
                        == positive;
            };
            default -> throw new IllegalStateException("unvalidated filter " + filter.name());
        };
    }

    /** Case-insensitive substring of the subject, or the id itself when the term is a number (optionally "#12"). */
    private static boolean searchMatches(List<String> values, WorkPackage wp) {
        String term = values.stream()
                .filter(value -> !value.isBlank())
                .findFirst()
                .orElse("")
                .trim();
        String number = term.startsWith("#") ? term.substring(1) : term;
        return isId(number) && Integer.parseInt(number) == wp.id
                || wp.subject.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT));
    }

    private JsonObject workPackageJson(WorkPackage wp) {
        Project project = projects.get(wp.projectId);
        String self = WORK_PACKAGES + "/" + wp.id;
        int typeId = typeIds.get(wp.type);
        Integer author = wp.assignee != null
                ? wp.assignee
                : users.keySet().stream().findFirst().orElse(null);
        JsonObjectBuilder links = Json.createObjectBuilder()
                .add("self", link(self, wp.subject))
                .add("schema", link(WORK_PACKAGES + "/schemas/" + project.id() + "-" + typeId))
                .add("update", action(self + "/form", "post"))
                .add("updateImmediately", action(self, "patch"))
                .add("delete", action(self, "delete"))
                .add("activities", link(self + "/activities"))
                .add("watchers", link(self + "/watchers"))
                .add("relations", link(self + "/relations"))
                .add("category", nullLink())
                .add("type", link(API + "/types/" + typeId, wp.type))
                .add("priority", link(API + "/priorities/" + NORMAL_PRIORITY, "Normal"))
                .add("project", projectLink(project))
                .add("status", link(API + "/statuses/" + statusIds.get(wp.status), wp.status))
                .add("author", userLink(author))
                .add("responsible", nullLink())
                .add("assignee", userLink(wp.assignee))
                .add("version", nullLink())
                .add("children", JsonValue.EMPTY_JSON_ARRAY)
                .add("ancestors", JsonValue.EMPTY_JSON_ARRAY)
                .add("parent", Json.createObjectBuilder().addNull("href").addNull("title"))
                .add("customActions", JsonValue.EMPTY_JSON_ARRAY);
        JsonObjectBuilder description = Json.createObjectBuilder().add("format", "markdown");
        if (wp.description == null) {
            description.addNull("raw").add("html", "");
        } else {
            description.add("raw", wp.description).add("html", "<p>" + escapeHtml(wp.description) + "</p>");
        }
        return Json.createObjectBuilder()
                .add("_type", "WorkPackage")
                .add("id", wp.id)
                .add("lockVersion", 0)
                .add("subject", wp.subject)
                .add("description", description)
                .add("scheduleManually", false)
                .add("startDate", dateOrNull(wp.startDate))
                .add("dueDate", dateOrNull(wp.dueDate))
                .addNull("derivedStartDate")
                .addNull("derivedDueDate")
                .addNull("estimatedTime")
                .addNull("derivedEstimatedTime")
                .add("percentageDone", 0)
                .add("createdAt", seconds(wp.createdAt))
                .add("updatedAt", seconds(wp.updatedAt))
                .add("_links", links)
                .build();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Queries: filters, sorting, paging

    /** One filter of a query, its name canonical (e.g. {@code status_id} becomes {@code status}). */
    private record Filter(String name, String operator, List<String> values) {

        boolean lists(String actual) {
            return values.stream().anyMatch(value -> sameValue(value, actual));
        }

        JsonObject toJson() {
            JsonArrayBuilder valuesJson = Json.createArrayBuilder();
            values.forEach(valuesJson::add);
            return Json.createObjectBuilder()
                    .add(
                            name,
                            Json.createObjectBuilder().add("operator", operator).add("values", valuesJson))
                    .build();
        }
    }

    /** What a filter accepts: its human name (used in error messages), its operators and its values. */
    private record FilterSpec(String humanName, Set<String> operators, Predicate<String> validValue) {}

    /** The query vocabulary of one collection endpoint. */
    private record QueryModel<T>(
            Map<String, String> filterAliases,
            List<Filter> defaultFilters,
            String filterErrorPrefix,
            String orderErrorPrefix,
            Map<String, Comparator<T>> orders,
            List<List<String>> defaultSort,
            Comparator<T> tieBreak) {}

    /** A validated query: its filters (AND-combined), its order and the parameters its links repeat. */
    private record Query<T>(List<Filter> filters, Comparator<T> order, Map<String, String> linkParams) {}

    private static <T> Query<T> parseQuery(
            Map<String, String> params, QueryModel<T> model, Map<String, FilterSpec> specs) throws QueryException {
        List<Filter> filters = params.containsKey("filters")
                ? parseFilters(params.get("filters"), model.filterAliases())
                : model.defaultFilters();
        List<List<String>> sort = params.containsKey("sortBy") ? parseSort(params.get("sortBy")) : model.defaultSort();
        List<String> errors = new ArrayList<>();
        for (Filter filter : filters) {
            validate(filter, specs.get(filter.name()), model.filterErrorPrefix())
                    .ifPresent(errors::add);
        }
        Comparator<T> order = null;
        for (List<String> criterion : sort) {
            Comparator<T> byField = model.orders().get(criterion.get(0));
            String subject = model.orderErrorPrefix() + humanize(criterion.get(0));
            if (byField == null) {
                errors.add(subject + " does not exist.");
            } else if (!criterion.get(1).equals("asc") && !criterion.get(1).equals("desc")) {
                errors.add(subject + " is not set to one of the allowed values.");
            } else {
                Comparator<T> directed = criterion.get(1).equals("asc") ? byField : byField.reversed();
                order = order == null ? directed : order.thenComparing(directed);
            }
        }
        if (!errors.isEmpty()) {
            throw new QueryException(errors);
        }
        Map<String, String> linkParams = new TreeMap<>();
        linkParams.put("filters", array(filters.stream().map(Filter::toJson)).toString());
        if (!sort.isEmpty()) {
            linkParams.put(
                    "sortBy",
                    array(sort.stream().map(FakeOpenProject::stringArray)).toString());
        }
        return new Query<>(
                filters, order == null ? model.tieBreak() : order.thenComparing(model.tieBreak()), linkParams);
    }

    private static Optional<String> validate(Filter filter, FilterSpec spec, String prefix) {
        if (spec == null) {
            return Optional.of(prefix + humanize(filter.name()) + " does not exist.");
        }
        String subject = prefix + spec.humanName();
        List<String> given =
                filter.values().stream().filter(value -> !value.isBlank()).toList();
        if (!spec.operators().contains(filter.operator())) {
            return Optional.of(subject + " is not set to one of the allowed values.");
        } else if (VALUE_OPERATORS.contains(filter.operator()) && given.isEmpty()) {
            return Optional.of(subject + " can't be blank.");
        } else if (VALUE_OPERATORS.contains(filter.operator())
                && !given.stream().allMatch(spec.validValue())) {
            return Optional.of(subject + " filter has invalid values.");
        }
        return Optional.empty();
    }

    /**
     * Parses {@code [{"<name>":{"operator":"<op>","values":[...]}}, ...]}. Like OpenProject, values are turned into
     * strings, a scalar counts as a one-element list, and a repeated filter replaces the earlier one.
     */
    private static List<Filter> parseFilters(String raw, Map<String, String> aliases) throws QueryException {
        Map<String, Filter> byName = new LinkedHashMap<>();
        if (!(parseJson(raw) instanceof JsonArray array)) {
            throw new QueryException(List.of(malformed(raw)));
        }
        for (JsonValue element : array) {
            if (!(element instanceof JsonObject object)
                    || object.size() != 1
                    || !(object.values().iterator().next() instanceof JsonObject spec)) {
                throw new QueryException(List.of(malformed(raw)));
            }
            String operator = spec.get("operator") instanceof JsonString string ? string.getString() : "";
            if (operator.isBlank()) {
                throw new QueryException(List.of("Operator can't be blank."));
            }
            String name = object.keySet().iterator().next();
            String canonical = aliases.getOrDefault(name, name);
            byName.remove(canonical);
            byName.put(canonical, new Filter(canonical, operator, rubyValues(spec.get("values"))));
        }
        return List.copyOf(byName.values());
    }

    /** Parses {@code [["<field>","asc|desc"], ...]}; a missing direction means ascending. */
    private static List<List<String>> parseSort(String raw) throws QueryException {
        List<List<String>> criteria = new ArrayList<>();
        if (!(parseJson(raw) instanceof JsonArray array)) {
            throw new QueryException(List.of(malformed(raw)));
        }
        for (JsonValue element : array) {
            if (!(element instanceof JsonArray pair)
                    || pair.isEmpty()
                    || pair.size() > 2
                    || !pair.stream().allMatch(JsonString.class::isInstance)) {
                throw new QueryException(List.of(malformed(raw)));
            }
            criteria.add(List.of(pair.getString(0), pair.size() > 1 ? pair.getString(1) : "asc"));
        }
        return criteria;
    }

    private static JsonValue parseJson(String raw) throws QueryException {
        try (JsonReader reader = Json.createReader(new StringReader(raw))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new QueryException(List.of(malformed(raw)));
        }
    }

    /** The message Ruby's JSON parser gives; OpenProject passes it on as the {@code InvalidQuery} message. */
    private static String malformed(String raw) {
        return "unexpected token at '" + raw + "'";
    }

    private static List<String> rubyValues(JsonValue values) {
        if (values == null || values.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        } else if (values instanceof JsonArray array) {
            return array.stream().map(FakeOpenProject::rubyString).toList();
        }
        return List.of(rubyString(values));
    }

    private static String rubyString(JsonValue value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value.getValueType() == JsonValue.ValueType.NULL ? "" : value.toString();
    }

    /** An invalid query: one problem is a 400 {@code InvalidQuery}, several are a 422 {@code MultipleErrors}. */
    private static final class QueryException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<String> messages;

        QueryException(List<String> messages) {
            super(String.join(" ", messages), null, false, false);
            this.messages = List.copyOf(messages);
        }

        Response response() {
            if (messages.size() == 1) {
                return halError(400, "InvalidQuery", messages.get(0));
            }
            JsonArray errors = array(messages.stream()
                    .map(message -> errorJson("InvalidQuery", message).build()));
            return Response.hal(
                    422,
                    errorJson("MultipleErrors", "Multiple field constraints have been violated.")
                            .add("_embedded", Json.createObjectBuilder().add("errors", errors))
                            .build());
        }
    }

    /** The {@code offset} (1-based page number) and {@code pageSize} of a collection request. */
    private record Paging(int offset, int pageSize) {

        static Paging of(Map<String, String> params) {
            int offset = rubyToI(params.get("offset"));
            String rawSize = params.get("pageSize");
            int size = rawSize == null ? DEFAULT_PAGE_SIZE : rubyToI(rawSize);
            if (size == -1 || size > MAX_PAGE_SIZE) {
                size = MAX_PAGE_SIZE;
            } else if (size < 0) {
                size = DEFAULT_PAGE_SIZE;
            }
            return new Paging(offset > 0 ? offset : 1, size);
        }

        <T> List<T> slice(List<T> all) {
            long from = (long) (offset - 1) * pageSize;
            if (from >= all.size()) {
                return List.of();
            }
            return all.subList((int) from, (int) Math.min(all.size(), from + pageSize));
        }
    }

    private static JsonObject collection(
            String type,
            String path,
            Map<String, String> params,
            Paging paging,
            int total,
            JsonArray elements,
            JsonArray detailsSchemas,
            boolean workPackageLinks) {
        String offset = String.valueOf(paging.offset());
        String size = String.valueOf(paging.pageSize());
        JsonObjectBuilder links = Json.createObjectBuilder()
                .add("self", link(pageHref(path, params, offset, size)))
                .add("jumpTo", templated(pageHref(path, params, "{offset}", size)))
                .add("changeSize", templated(pageHref(path, params, offset, "{size}")));
        if (paging.offset() > 1) {
            links.add("previousByOffset", link(pageHref(path, params, String.valueOf(paging.offset() - 1), size)));
        }
        if ((long) paging.offset() * paging.pageSize() < total) {
            links.add("nextByOffset", link(pageHref(path, params, String.valueOf(paging.offset() + 1), size)));
        }
        if (workPackageLinks) {
            links.add("createWorkPackage", action(WORK_PACKAGES + "/form", "post"))
                    .add("createWorkPackageImmediate", action(WORK_PACKAGES, "post"));
        }
        JsonObjectBuilder embedded = Json.createObjectBuilder().add("elements", elements);
        if (!detailsSchemas.isEmpty()) {
            embedded.add("detailsSchemas", detailsSchemas);
        }
        return Json.createObjectBuilder()
                .add("_type", type)
                .add("total", total)
                .add("count", elements.size())
                .add("pageSize", paging.pageSize())
                .add("offset", paging.offset())
                .add("_embedded", embedded)
                .add("_links", links)
                .build();
    }

    /** A link as Rails' {@code Hash#to_query} writes it: keys sorted, keys and values CGI-escaped. */
    private static String pageHref(String path, Map<String, String> params, String offset, String pageSize) {
        Map<String, String> query = new TreeMap<>(params);
        query.put("offset", offset);
        query.put("pageSize", pageSize);
        return path + "?"
                + query.entrySet().stream()
                        .map(entry -> cgiEscape(entry.getKey()) + "=" + cgiEscape(entry.getValue()))
                        .collect(Collectors.joining("&"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // OAuth 2.0 (Doorkeeper)

    private Response authorize(Request request) {
        Map<String, String> params = request.queryParameters();
        if (authorizeAs == null) {
            String back = uri() + request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
            return Response.redirect("/login?back_url=" + cgiEscape(back));
        }
        String clientId = params.get("client_id");
        OAuthClient client = blank(clientId) ? null : clients.get(clientId);
        String redirectUri = params.get("redirect_uri");
        if (blank(clientId)) {
            return authorizationErrorPage(missingParameter("client_id"));
        } else if (client == null) {
            return authorizationErrorPage(INVALID_CLIENT);
        } else if (blank(redirectUri) || !client.redirectUris().contains(redirectUri)) {
            return authorizationErrorPage(INVALID_REDIRECT_URI);
        }
        String state = params.get("state");
        String scope = blank(params.get("scope")) ? "api_v3" : String.join(" ", scopes(params.get("scope")));
        String challenge = blank(params.get("code_challenge")) ? null : params.get("code_challenge");
        String method = challenge == null ? null : params.getOrDefault("code_challenge_method", "plain");
        if (!"code".equals(params.get("response_type"))) {
            return redirectWithError(redirectUri, "unsupported_response_type", UNSUPPORTED_RESPONSE_TYPE, state);
        } else if (!SCOPES.containsAll(scopes(scope))) {
            return redirectWithError(redirectUri, "invalid_scope", INVALID_SCOPE, state);
        } else if (method != null && !PKCE_METHODS.contains(method)) {
            return redirectWithError(redirectUri, "invalid_request", INVALID_CHALLENGE_METHOD, state);
        }
        Grant grant = new Grant(
                randomToken(), clientId, authorizeAs, redirectUri, scope, challenge, method, now().plus(CODE_LIFETIME));
        grants.put(grant.code, grant);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", grant.code);
        if (state != null) {
            answer.put("state", state);
        }
        return Response.redirect(withQuery(redirectUri, answer));
    }

    private static Response authorizationErrorPage(String description) {
        return Response.text(
                400,
                HTML,
                "<!DOCTYPE html>\n<html>\n<head><title>OpenProject</title></head>\n<body>\n"
                        + "<h1>An error has occurred</h1>\n<main role=\"main\"><pre>" + escapeHtml(description)
                        + "</pre></main>\n</body>\n</html>\n");
    }

    private static Response redirectWithError(String redirectUri, String error, String description, String state) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", description);
        if (state != null) {
            answer.put("state", state);
        }
        return Response.redirect(withQuery(redirectUri, answer));
    }

    private Response token(Request request) {
        if (!isFormEncoded(request)) {
            return Response.text(415, JSON, "{}");
        }
        Map<String, String> form = parseForm(request.body());
        String grantType = form.get("grant_type");
        if (blank(grantType)) {
            return oauthError(400, "invalid_request", missingParameter("grant_type"));
        }
        return switch (grantType) {
            case "authorization_code" -> authorizationCodeGrant(request, form);
            case "refresh_token" -> refreshTokenGrant(request, form);
            default -> oauthError(400, "unsupported_grant_type", UNSUPPORTED_GRANT_TYPE);
        };
    }

    private Response authorizationCodeGrant(Request request, Map<String, String> form) {
        Grant grant = blank(form.get("code")) ? null : grants.get(form.get("code"));
        String verifier = form.get("code_verifier");
        if (grant != null && grant.challenge != null && blank(verifier)) {
            return oauthError(400, "invalid_request", missingParameter("code_verifier"));
        } else if (blank(form.get("redirect_uri"))) {
            return oauthError(400, "invalid_request", missingParameter("redirect_uri"));
        }
        OAuthClient client = authenticateClient(clientCredentials(request, form));
        if (client == null) {
            return oauthError(401, "invalid_client", INVALID_CLIENT);
        } else if (grant == null
                || grant.used
                || !now().isBefore(grant.expiresAt)
                || !grant.clientId.equals(client.id())
                || !grant.redirectUri.equals(form.get("redirect_uri"))
                || !pkceVerified(grant, verifier)) {
            return oauthError(400, "invalid_grant", INVALID_GRANT);
        }
        grant.used = true;
        return tokenResponse(issueToken(client.id(), grant.userId, grant.scope, null));
    }

    private Response refreshTokenGrant(Request request, Map<String, String> form) {
        String refreshToken = form.get("refresh_token");
        if (blank(refreshToken)) {
            return oauthError(400, "invalid_request", missingParameter("refresh_token"));
        }
        Token previous = tokensByRefresh.get(refreshToken);
        if (previous == null || previous.revoked) {
            return oauthError(400, "invalid_grant", INVALID_GRANT);
        }
        ClientCredentials credentials = clientCredentials(request, form);
        OAuthClient client = authenticateClient(credentials);
        if (client == null && !blank(credentials.id())) {
            return oauthError(401, "invalid_client", INVALID_CLIENT);
        } else if (client == null || !client.id().equals(previous.clientId)) {
            return oauthError(400, "invalid_grant", INVALID_GRANT);
        }
        String requested = form.get("scope");
        if (!blank(requested) && !scopes(previous.scope).containsAll(scopes(requested))) {
            return oauthError(400, "invalid_scope", INVALID_SCOPE);
        }
        String scope = blank(requested) ? previous.scope : String.join(" ", scopes(requested));
        return tokenResponse(issueToken(previous.clientId, previous.userId, scope, previous));
    }

    private Response revocation(Request request) {
        if (!isFormEncoded(request)) {
            return Response.text(415, JSON, "{}");
        }
        Map<String, String> form = parseForm(request.body());
        OAuthClient client = authenticateClient(clientCredentials(request, form));
        if (client == null) {
            return oauthError(401, "invalid_client", INVALID_CLIENT);
        }
        String value = form.get("token");
        Token token = value == null ? null : tokensByAccess.getOrDefault(value, tokensByRefresh.get(value));
        if (token != null && !token.clientId.equals(client.id())) {
            return Response.text(
                    403,
                    JSON,
                    Json.createObjectBuilder()
                            .add("error", "unauthorized_client")
                            .add("error_description", REVOKE_UNAUTHORIZED)
                            .build()
                            .toString());
        } else if (token != null) {
            revoke(token);
        }
        return Response.text(200, JSON, "{}");
    }

    private static boolean pkceVerified(Grant grant, String verifier) {
        if (blank(verifier)) {
            return grant.challenge == null;
        } else if ("S256".equals(grant.method)) {
            return grant.challenge.equals(Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest("SHA-256", verifier.getBytes(StandardCharsets.US_ASCII))));
        }
        return "plain".equals(grant.method) && grant.challenge.equals(verifier);
    }

    private Token issueToken(String clientId, int userId, String scope, Token previous) {
        Token token = new Token(
                randomToken(), randomToken(), clientId, userId, scope, nowSeconds(), accessTokenLifetime, previous);
        tokensByAccess.put(token.accessToken, token);
        tokensByRefresh.put(token.refreshToken, token);
        return token;
    }

    /** Revokes a token pair; Doorkeeper keeps the refresh token in the access-token row, so both go together. */
    private void revoke(Token token) {
        if (!token.revoked) {
            token.revoked = true;
            revokedTokens.add(token.accessToken);
            revokedTokens.add(token.refreshToken);
        }
    }

    private static Response tokenResponse(Token token) {
        return Response.text(
                        200,
                        JSON,
                        Json.createObjectBuilder()
                                .add("access_token", token.accessToken)
                                .add("token_type", "Bearer")
                                .add("expires_in", token.lifetime.toSeconds())
                                .add("refresh_token", token.refreshToken)
                                .add("scope", token.scope)
                                .add("created_at", token.createdAt.getEpochSecond())
                                .build()
                                .toString())
                .withHeader("Cache-Control", "no-store, no-cache")
                .withHeader("Pragma", "no-cache");
    }

    private static Response oauthError(int status, String error, String description) {
        return Response.text(
                        status,
                        JSON,
                        Json.createObjectBuilder()
                                .add("error", error)
                                .add("error_description", description)
                                .build()
                                .toString())
                .withHeader("Cache-Control", "no-store, no-cache")
                .withHeader("Pragma", "no-cache")
                .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"Doorkeeper\", error=\"" + error + "\", error_description=\"" + description
                                + "\"");
    }

    private record ClientCredentials(String id, String secret) {}

    /** HTTP Basic client authentication (form-encoded id and secret, RFC 6749 2.3.1) wins over the form fields. */
    private static ClientCredentials clientCredentials(Request request, Map<String, String> form) {
        String header = request.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decodeBase64(header.substring(6).trim());
            int colon = decoded.indexOf(':');
            if (colon >= 0) {
                return new ClientCredentials(
                        formDecode(decoded.substring(0, colon)), formDecode(decoded.substring(colon + 1)));
            }
        }
        return new ClientCredentials(form.get("client_id"), form.get("client_secret"));
    }

    /** The client, or null when unknown or (for a confidential client) the secret is wrong. */
    private OAuthClient authenticateClient(ClientCredentials credentials) {
        OAuthClient client = blank(credentials.id()) ? null : clients.get(credentials.id());
        if (client == null || client.secret() == null) {
            return client;
        }
        return client.secret().equals(credentials.secret()) ? client : null;
    }

    private static boolean isFormEncoded(Request request) {
        String contentType = request.header("Content-Type");
        return contentType != null
                && contentType.split(";")[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private static String missingParameter(String name) {
        return "Missing required parameter: " + name + ".";
    }

    private static List<String> scopes(String scope) {
        return Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Model

    private record User(int id, String firstName, String lastName, String login, Instant createdAt) {
        String name() {
            return firstName + " " + lastName;
        }
    }

    private record Project(int id, String identifier, String name) {}

    private record OAuthClient(String id, String secret, List<String> redirectUris) {}

    private static final class WorkPackage {
        final int id;
        final int projectId;
        final String subject;
        final String type;
        final String status;
        final Integer assignee;
        final Instant createdAt;
        Instant updatedAt;
        String description;
        LocalDate startDate;
        LocalDate dueDate;

        WorkPackage(
                int id,
                int projectId,
                String subject,
                String type,
                String status,
                Integer assignee,
                Instant createdAt) {
            this.id = id;
            this.projectId = projectId;
            this.subject = subject;
            this.type = type;
            this.status = status;
            this.assignee = assignee;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    private static final class Notification {
        final int id;
        final int userId;
        final int workPackageId;
        final String reason;
        final Integer actor;
        final int activityId;
        final Instant createdAt;
        Instant updatedAt;
        boolean read;

        Notification(
                int id,
                int userId,
                int workPackageId,
                String reason,
                Integer actor,
                int activityId,
                Instant createdAt) {
            this.id = id;
            this.userId = userId;
            this.workPackageId = workPackageId;
            this.reason = reason;
            this.actor = actor;
            this.activityId = activityId;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        String wireReason() {
            return reason.equals(DATE_ALERT_START) || reason.equals(DATE_ALERT_DUE) ? "dateAlert" : reason;
        }
    }

    private static final class Grant {
        final String code;
        final String clientId;
        final int userId;
        final String redirectUri;
        final String scope;
        final String challenge;
        final String method;
        final Instant expiresAt;
        boolean used;

        Grant(
                String code,
                String clientId,
                int userId,
                String redirectUri,
                String scope,
                String challenge,
                String method,
                Instant expiresAt) {
            this.code = code;
            this.clientId = clientId;
            this.userId = userId;
            this.redirectUri = redirectUri;
            this.scope = scope;
            this.challenge = challenge;
            this.method = method;
            this.expiresAt = expiresAt;
        }
    }

    /** An access token with its refresh token; {@code previous} is the pair it was refreshed from. */
    private static final class Token {
        final String accessToken;
        final String refreshToken;
        final String clientId;
        final int userId;
        final String scope;
        final Instant createdAt;
        final Duration lifetime;
        final Token previous;
        boolean used;
        boolean revoked;

        Token(
                String accessToken,
                String refreshToken,
                String clientId,
                int userId,
                String scope,
                Instant createdAt,
                Duration lifetime,
                Token previous) {
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
            this.clientId = clientId;
            this.userId = userId;
            this.scope = scope;
            this.createdAt = createdAt;
            this.lifetime = lifetime;
            this.previous = previous;
        }
    }

    private WorkPackage existingWorkPackage(int id) {
        WorkPackage wp = workPackages.get(id);
        require(wp != null, "unknown work package " + id);
        return wp;
    }

    private Notification existingNotification(int id) {
        Notification n = notifications.get(id);
        require(n != null, "unknown notification " + id);
        return n;
    }

    private static void idFor(Map<String, Integer> ids, String name) {
        if (!ids.containsKey(name)) {
            ids.put(name, Math.max(100, Collections.max(ids.values()) + 1));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP plumbing

    /**
     * A request the fake received.
     *
     * @param method the HTTP method
     * @param path the decoded path, e.g. {@code /api/v3/notifications}
     * @param query the raw (still encoded) query string, {@code ""} when there is none
     * @param headers the request headers, names as the JDK server normalises them (e.g. {@code Authorization})
     * @param body the body as UTF-8 text, {@code ""} when there is none
     */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** Copies the headers and turns missing parts into empty strings. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            query = query == null ? "" : query;
            body = body == null ? "" : body;
            Map<String, List<String>> copy = new LinkedHashMap<>();
            if (headers != null) {
                headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            }
            headers = Collections.unmodifiableMap(copy);
        }

        /**
         * The first value of a header.
         *
         * @param name the header name, in any case
         * @return the first value, or {@code null} when the header is absent
         */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name)
                            && !entry.getValue().isEmpty())
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        /**
         * The URL-decoded query parameters; for a repeated parameter the first value.
         *
         * @return parameter names to values, in request order
         */
        public Map<String, String> queryParameters() {
            return parseForm(query);
        }
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {

        static Response hal(int status, JsonValue body) {
            return text(status, HAL_JSON, body.toString());
        }

        static Response text(int status, String contentType, String body) {
            return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        static Response noContent() {
            return new Response(204, Map.of(), new byte[0]);
        }

        static Response redirect(String location) {
            return new Response(302, Map.of("Location", location), new byte[0]);
        }

        Response withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Response(status, copy, body);
        }

        void send(HttpExchange exchange) throws IOException {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        return new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(),
                new String(body, StandardCharsets.UTF_8));
    }

    /** Sleeps; false when interrupted, i.e. when the fake is closing. */
    private static boolean sleep(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isApi(String path) {
        return path.equals(API) || path.startsWith(API + "/");
    }

    private static Response halError(int status, String identifier, String message) {
        return Response.hal(status, errorJson(identifier, message).build());
    }

    private static JsonObjectBuilder errorJson(String identifier, String message) {
        return Json.createObjectBuilder()
                .add("_type", "Error")
                .add("errorIdentifier", "urn:openproject-org:api:v3:errors:" + identifier)
                .add("message", message);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Small helpers

    private Instant now() {
        return Instant.now();
    }

    private Instant nowSeconds() {
        return now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String seconds(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static JsonValue dateOrNull(LocalDate date) {
        return date == null ? JsonValue.NULL : Json.createValue(date.toString());
    }

    private static JsonObject link(String href) {
        return Json.createObjectBuilder().add("href", href).build();
    }

    private static JsonObject link(String href, String title) {
        return Json.createObjectBuilder().add("href", href).add("title", title).build();
    }

    private static JsonObject nullLink() {
        return Json.createObjectBuilder().addNull("href").build();
    }

    private static JsonObject action(String href, String method) {
        return Json.createObjectBuilder()
                .add("href", href)
                .add("method", method)
                .build();
    }

    private static JsonObject templated(String href) {
        return Json.createObjectBuilder()
                .add("href", href)
                .add("templated", true)
                .build();
    }

    private static JsonArray array(Stream<? extends JsonValue> values) {
        JsonArrayBuilder builder = Json.createArrayBuilder();
        values.forEach(builder::add);
        return builder.build();
    }

    private static JsonArray stringArray(List<String> values) {
        return array(values.stream().map(Json::createValue));
    }

    /** Ruby's {@code CGI.escape}: like {@link URLEncoder}, but {@code *} is escaped and {@code ~} is not. */
    private static String cgiEscape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String formDecode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static Map<String, String> parseForm(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                int equals = pair.indexOf('=');
                String name = formDecode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : formDecode(pair.substring(equals + 1));
                if (!name.isEmpty()) {
                    params.putIfAbsent(name, value);
                }
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private static String withQuery(String uri, Map<String, String> params) {
        return uri
                + (uri.contains("?") ? "&" : "?")
                + params.entrySet().stream()
                        .map(entry -> cgiEscape(entry.getKey()) + "=" + cgiEscape(entry.getValue()))
                        .collect(Collectors.joining("&"));
    }

    private static String decodeBase64(String value) {
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing", e);
        }
    }

    private static String md5(String value) {
        return HexFormat.of()
                .formatHex(digest("MD5", value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** Rails' {@code humanize}: {@code "foo_bar"} becomes {@code "Foo bar"}. */
    private static String humanize(String name) {
        String words = name.replace('_', ' ').trim().toLowerCase(Locale.ROOT);
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Ruby's {@code String#to_i}: the leading integer, 0 when there is none. */
    private static int rubyToI(String value) {
        Matcher leading = Pattern.compile("^\\s*([-+]?\\d{1,9})").matcher(value == null ? "" : value);
        return leading.find() ? Integer.parseInt(leading.group(1)) : 0;
    }

    private static boolean isId(String value) {
        return ID.matcher(value).matches();
    }

    private static int parseId(String value) {
        return isId(value) ? Integer.parseInt(value) : -1;
    }

    /** Equal as strings, or as numbers ({@code "007"} lists id 7). */
    private static boolean sameValue(String value, String actual) {
        return value.equals(actual)
                || isId(value) && isId(actual) && Integer.parseInt(value) == Integer.parseInt(actual);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
