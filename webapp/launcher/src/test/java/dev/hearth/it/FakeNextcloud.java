package dev.hearth.it;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.BindException;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Nextcloud 34 server with Talk 24 and the notifications and oauth2 apps, on 127.0.0.1 (random port), for the
 * integration and browser tests. It speaks Nextcloud's protocol as the real server does; it is written from real
 * answers and Nextcloud's sources and documentation, never from Hearth's code. Like a server without pretty URLs,
 * every page is under {@code /index.php/} and every API under {@code /ocs/v2.php/}.
 *
 * <h2>Where the behaviour comes from</h2>
 * <ul>
 * <li>{@code ../shared/upstream-samples/nextcloud/}: answers of a real Nextcloud 34.0.1 / Talk 24. Headers, envelopes,
 * status codes and field sets are copied from {@code login-flow-v2-start.json}, {@code lf2_poll_pending_404.http.txt},
 * {@code login-flow-v2-poll-granted.json}, {@code talk-v4-room-list.json} + {@code .headers.txt},
 * {@code roomlist_401.http.txt}, {@code roomlist_no_ocs_header_412.http.txt}, {@code notifications_alice.http.txt},
 * {@code cloud_user_alice.http.txt} and {@code oauth2-token-response.json}.</li>
 * <li>{@code ../shared/research/nextcloud-framework-and-apis.md}: §3.2 notifications, §4.1 Login Flow v2, §4.2 app
 * passwords, §5 OAuth2, §6 the Talk conversation list.</li>
 * <li>Nextcloud's sources, where the samples say nothing: {@code ocs/v1.php}, {@code OC\OCS\ApiHelper},
 * {@code OCSMiddleware}, {@code SecurityMiddleware}, {@code V2Response}/{@code BaseResponse} (OCS envelopes, XML, the
 * order of the 401/404/412 checks), {@code User\Session::tryTokenLogin}, {@code AppPasswordController}, notifications'
 * {@code EndpointController}, spreed's {@code RoomController::getRooms}, oauth2's {@code LoginRedirectorController}
 * and {@code OauthApiController}, core's {@code ClientFlowLoginController}.</li>
 * </ul>
 *
 * <h2>Faithful</h2>
 * <ul>
 * <li>JSON is written as PHP's {@code json_encode(…, JSON_HEX_TAG)} writes it: {@code \/}, {@code \u00e9}-style escapes
 * for everything outside ASCII, {@code \u003C}/{@code \u003E}; empty PHP arrays are {@code []} (so empty
 * {@code messageParameters}, {@code messageRichParameters}, and a room without last message, {@code "lastMessage":[]}),
 * {@code reactions} is {@code {}}.</li>
 * <li>Login Flow v2: {@code POST /index.php/login/v2} answers 200 {@code {"poll":{"token","endpoint"},"login"}} with
 * 128-character tokens; {@code POST /index.php/login/v2/poll} (form {@code token=}) answers 404 {@code []} while pending,
 * unknown or expired (20 minutes of the fake clock), then once 200 {@code {"server","loginName","appPassword"}} (72
 * characters), then 404 again. The User-Agent of the start request names the app password, as in Nextcloud.</li>
 * <li>OCS: the order of the checks is Nextcloud's. A Basic credential that is wrong or revoked gives the
 * {@code roomlist_401} answer (401, {@code WWW-Authenticate: Basic realm="Authorisation Required"}, statuscode 997,
 * "Unauthorised") before routing; an unknown OCS route gives 404 with statuscode 998; a request without any valid
 * credential (none, unknown or expired Bearer) gives 401, statuscode 997, "Current user is not logged in" (the
 * framework's NotLoggedInException message); a valid <em>Basic</em> request without {@code OCS-APIRequest: true}
 * gives the {@code roomlist_no_ocs_header_412} answer, with {@code X-User-Id}. A Bearer request needs no
 * {@code OCS-APIRequest} header (SecurityMiddleware lets "Bearer " through), and the notifications GETs need none either
 * (they are {@code @NoCSRFRequired}). The answer is JSON only for {@code ?format=json} or an {@code Accept} header whose
 * comma-separated entries include exactly {@code application/json} before any {@code application/xml} (the framework's
 * {@code getResponderByHTTPHeader}); otherwise it is OCS XML ({@code application/xml; charset=utf-8}, or
 * {@code text/xml; charset=UTF-8} for the 401/404 written by {@code ApiHelper}). Authenticated answers carry
 * {@code X-User-Id}.</li>
 * <li>Credentials: app passwords and OAuth access tokens are both Nextcloud "app tokens" of the permanent kind. Either
 * works as {@code Authorization: Basic base64(loginName:token)} (login name compared case-insensitively) or as
 * {@code Authorization: Bearer token}. {@code DELETE /ocs/v2.php/core/apppassword} therefore answers 200 and kills the
 * token used, whichever scheme carried it (real {@code tryTokenLogin} sets the session's {@code app_password} for every
 * permanent token, OAuth ones included); a revoked OAuth access token also makes its refresh token fail
 * ({@code invalid_request}). {@link #revokeAppPasswords} kills all of a user's tokens, OAuth ones included, as
 * revoking them on the "Devices &amp; sessions" page would.</li>
 * <li>Talk: {@code GET /ocs/v2.php/apps/spreed/api/v4/room} gives every field of the sample's room objects (the ones the
 * {@link Room} record does not model are the sample's constants, chosen per conversation type), the headers
 * {@code X-Nextcloud-Talk-Hash} and {@code X-Nextcloud-Talk-Modified-Before} (the fake clock, in seconds). Rooms come in
 * creation order, NOT sorted by activity, like the real server. {@code modifiedSince} keeps rooms whose
 * {@code lastActivity >= modifiedSince} (Talk's own comparison) or that were changed by this fake (rooms(), notify…)
 * at or after that time, plus every 1:1 when {@code includeStatus=true} (which also adds {@code status},
 * {@code statusIcon}, {@code statusMessage}, {@code statusClearAt} to 1:1 rooms); {@code includeLastMessage=0} gives
 * {@code "lastMessage":[]}; {@code noStatusUpdate} is accepted and is visible in {@link #requests()}.</li>
 * <li>Notifications: fields exactly as {@code notifications_alice.http.txt}, newest first, {@code ETag} = quoted md5 of
 * the JSON list of the ids in that order (this reproduces the sample's ETag), {@code X-Nextcloud-User-Status: online};
 * {@code If-None-Match} equal to the quoted ETag gives 304 without body. {@code DELETE …/notifications/{id}} answers
 * 200 {@code "data":[]} whether it existed or not (id 0: 404), {@code DELETE …/notifications} deletes all of the user's.
 * {@code GET …/notifications/{id}} gives one, or 404 with {@code "data":null}. Talk links are
 * {@code {base}/index.php/call/{token}#message_{id}}.</li>
 * <li>OAuth2: {@code GET /index.php/apps/oauth2/authorize}: unknown client → 200 (sic, a TemplateResponse of the
 * "404" template) HTML "Your client is not authorized to connect…"; {@code response_type} other than {@code code} →
 * 303 to {@code {registered redirect}?error=unsupported_response_type&state=…}; PKCE errors (method without challenge,
 * a challenge not matching {@code [A-Za-z0-9._~-]{43,128}}, method {@code plain} or missing) → 303 to the redirect URI
 * with {@code error=invalid_request&error_description=…&state=…}, as LoginRedirectorController does. Success → 303 to
 * {@code {registered redirect}?state=…&code=<128 chars>} (Nextcloud puts {@code state} first and appends with
 * {@code &} when the registered URI has a query; the {@code redirect_uri} parameter is ignored, as for non-legacy
 * clients). {@code POST /index.php/apps/oauth2/api/v1/token} follows OauthApiController step by step: grant types other
 * than {@code authorization_code}/{@code refresh_token} → 400 {@code invalid_grant}; unknown code or refresh token, a
 * reused code, a code older than 10 minutes, a missing {@code code_verifier} → 400 {@code invalid_request}; a
 * malformed or non-matching verifier → 400 {@code invalid_grant}; client id/secret (form body, or HTTP Basic which
 * wins) not those of the code's client → 400 {@code invalid_client}; success 200
 * {@code {"access_token","token_type":"Bearer","expires_in","refresh_token","user_id"}}. Every success rotates: new
 * access token (the old one gets 401 at once) and new refresh token (the old one gets {@code invalid_request}).
 * Access tokens expire after {@link #accessTokenLifetime} of the fake clock (401 on OCS); an expired access token can
 * still be refreshed.</li>
 * <li>Unknown paths: 404 with Nextcloud's HTML "Page not found" page under {@code /index.php} (and anywhere outside
 * {@code /ocs}); a known route with the wrong method gets 405 with an empty body.</li>
 * </ul>
 *
 * <h2>Simplified (documented deviations)</h2>
 * <ul>
 * <li>Users have no login password, only app passwords and OAuth tokens; there is no brute-force throttling, no
 * session cookies, no CSRF request tokens, no capabilities endpoint and no chat endpoint. Answers do not carry
 * Nextcloud's security headers (CSP etc.).</li>
 * <li>The "browser" is global: {@link #signInBrowser(String)} says who is signed in for every browser request.
 * {@code GET /index.php/login/v2/flow/{token}} answers the page directly (real Nextcloud first redirects to the auth
 * picker): "Connect to your account" when nobody is signed in, otherwise the grant page whose "Grant access" button
 * posts to {@code /index.php/login/v2/grant} and grants the flow to the signed-in user. Tests without a browser use
 * {@link #grantLogin(String, String)}.</li>
 * <li>OAuth authorize: when nobody is signed in it answers the 200 HTML login page itself (real: 303 to the auth picker,
 * which leads to the login page); when {@link #signInBrowser(String)} was called it skips the auth picker and the grant
 * page and redirects back with a code at once.</li>
 * <li>{@code /index.php/call/{token}} always answers a 200 HTML Talk page (real: a login redirect for a non-public room
 * when not signed in), so links work when a browser opens them.</li>
 * <li>The 401 for a request without credentials carries {@code WWW-Authenticate: Basic realm="Authorisation Required"}
 * as the captured 401 does; on the real server that header is only verified for wrong Basic credentials.</li>
 * <li>Access tokens are 64 characters as in {@code oauth2-token-response.json} (the stored OauthApiController source
 * generates 72); {@code expires_in} reports {@link #accessTokenLifetime} (always 3600 on a real server).</li>
 * <li>Each user's default conversations are written from that user's point of view; a shared token (for example
 * {@code 3tdac92u}) may show a different last message to different users.</li>
 * </ul>
 *
 * <h2>Default fixture</h2>
 * Users {@code alice} "Alice Test", {@code bob} "Bob Test", {@code carol} "Carol Test" (group {@code testers}), no
 * notifications, no OAuth clients. Each of them has seven conversations, served in this order (creation order). Times
 * are relative to the fake clock at construction (t0); for each user, "partner" is the first of the two others in the
 * order alice, bob, carol, "third" the second (alice: Bob Test / Carol Test; bob: Alice Test / Carol Test; carol: Alice
 * Test / Bob Test). The table shows alice's view.
 * <table>
 * <caption>default conversations</caption>
 * <tr><th>token (alice / bob / carol)</th><th>type</th><th>displayName</th><th>unread</th><th>lastActivity</th>
 * <th>lastMessage.message</th></tr>
 * <tr><td>pc2yc6ne / r8ktw3nd / y5hq2mzc</td><td>4 changelog</td><td>Talk updates ✅</td><td>3</td><td>t0 − 1 min
 * (newest)</td><td>"## New in Talk 24\n- …" markdown, actor bots/changelog</td></tr>
 * <tr><td>u4x4qnrs / b7nq3xte / c9wd4kpa</td><td>6 note to self</td><td>Note to self</td><td>0</td><td>t0 − 1 day</td>
 * <td>"System created the conversation" (system, conversation_created, actor guests/system)</td></tr>
 * <tr><td>3tdac92u (shared)</td><td>2 group</td><td>Testers (group)</td><td>1</td><td>t0 − 30 min</td>
 * <td>"Reminder: retro on Friday" by the third (Carol Test)</td></tr>
 * <tr><td>wqwrj6k7 (alice, bob) / k3fz8vqe (carol)</td><td>1 one-to-one</td><td>the partner (Bob Test), name = the
 * partner's id</td><td>2</td><td>t0 − 12 min</td><td>"Are we still within the 10k limit? 💶" by the partner</td></tr>
 * <tr><td>nm47xyrj (shared)</td><td>3 public</td><td>Project Alpha</td><td>4, unreadMention</td><td>t0 − 5 min</td>
 * <td>"{mention-user1} please check {file}" by the partner; mention-user1 = the user (type user, mention-id), file =
 * budget.xlsx (id 42, size 8192, path Documents/budget.xlsx, link {base}/index.php/f/42)</td></tr>
 * <tr><td>e5sx8hbw (shared)</td><td>2 group</td><td>Budget planning</td><td>0</td><td>t0 − 2 h</td><td>"{actor} added
 * {user}" (system, user_added; actor = the third, user = the partner: Carol Test added Bob Test)</td></tr>
 * <tr><td>f6ggx2pd / h2mt9wra / j8vc5nkq</td><td>5 former one-to-one</td><td>Dave Former (name dave)</td><td>0</td>
 * <td>t0 − 3 days (oldest)</td><td>"Thanks for everything, signing off 👋" by deleted_users</td></tr>
 * </table>
 * By lastActivity, newest first: Talk updates, Project Alpha, the 1:1, Testers (group), Budget planning, Note to self,
 * Dave Former. Message ids: 4, 5, 31, 50, 61, 70, 12; room ids are numbered from 1 in order of first appearance
 * (alice's 1–7). Users added with {@link #addUser} have no conversations.
 *
 * <p>Thread-safe: the hooks may be called while requests run on the server's (cached, daemon) threads.
 */
final class FakeNextcloud implements AutoCloseable {

    /** Faults on demand for every path starting with a prefix, see {@link #fault(String, Fault)}. */
    enum Fault {
        /** Answers only after {@link #slowDelay(Duration)} (default 20 s), then normally. */
        SLOW,
        /** 500 with Nextcloud's HTML "Internal Server Error" page. */
        SERVER_ERROR,
        /** 200 {@code text/html} with the login page instead of the real answer, as a misconfigured proxy would. */
        HTML,
        /** 200 {@code application/json} with a truncated body that is not JSON. */
        GARBAGE
    }

    /**
     * A conversation as one user sees it. {@code type}: 1 one-to-one, 2 group, 3 public, 4 changelog, 5 former
     * one-to-one, 6 note to self. For type 1, {@code name} is the other user's id and {@code displayName} their display
     * name. {@code lastActivity} in Unix seconds. {@code lastMessage} may be null: serialised as {@code []}, as PHP does.
     */
    record Room(
            String token,
            int type,
            String name,
            String displayName,
            int unreadMessages,
            boolean unreadMention,
            long lastActivity,
            boolean isSensitive,
            Message lastMessage) {
        Room {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(displayName, "displayName");
            if (type < 1 || type > 6) {
                throw new IllegalArgumentException("Talk conversation types are 1 to 6, not " + type);
            }
        }
    }

    /**
     * A chat message. {@code actorType}: users, guests, bots, bridged, deleted_users, federated_users.
     * {@code messageType}: comment, comment_deleted, system, command; {@code systemMessage} is "" for comments, else the
     * untranslated system message type (e.g. user_added). {@code message} may hold {@code {placeholders}} resolved from
     * {@code messageParameters} (rich objects, e.g. {@code {"actor": {"type":"user","id":"carol","name":"Carol Test"}}});
     * an empty map is serialised as {@code []}, as PHP does. Timestamp in Unix seconds.
     */
    record Message(
            int id,
            String actorType,
            String actorId,
            String actorDisplayName,
            long timestamp,
            String message,
            Map<String, Map<String, String>> messageParameters,
            String messageType,
            String systemMessage) {
        Message {
            Objects.requireNonNull(actorType, "actorType");
            Objects.requireNonNull(actorId, "actorId");
            Objects.requireNonNull(actorDisplayName, "actorDisplayName");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(messageType, "messageType");
            systemMessage = systemMessage == null ? "" : systemMessage;
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            if (messageParameters != null) {
                messageParameters.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
            }
            messageParameters = Collections.unmodifiableMap(copy);
        }
    }

    /** An OAuth2 client registered with Nextcloud's oauth2 app (id and secret: 64 characters [A-Za-z0-9]). */
    record OAuthClient(String name, String clientId, String clientSecret, String redirectUri) {}

    // ---- convenience factories -------------------------------------------------------------------------------------

    /** A conversation with {@code name = displayName}, no unread mention, not sensitive. */
    static Room room(
            String token, int type, String displayName, int unreadMessages, long lastActivity, Message lastMessage) {
        return new Room(token, type, displayName, displayName, unreadMessages, false, lastActivity, false, lastMessage);
    }

    /** A plain comment ({@code messageType} comment) written by a user, without parameters. */
    static Message comment(int id, String userId, String displayName, long timestamp, String message) {
        return comment(id, userId, displayName, timestamp, message, Map.of());
    }

    /** A comment written by a user, with rich-object parameters for its {@code {placeholders}}. */
    static Message comment(
            int id,
            String userId,
            String displayName,
            long timestamp,
            String message,
            Map<String, Map<String, String>> messageParameters) {
        return new Message(id, "users", userId, displayName, timestamp, message, messageParameters, "comment", "");
    }

    /** A bot's markdown comment (as the changelog bot writes them: actorType bots). */
    static Message bot(int id, String botId, String botName, long timestamp, String markdown) {
        return new Message(id, "bots", botId, botName, timestamp, markdown, Map.of(), "comment", "");
    }

    /**
     * A system message caused by a user, e.g. {@code system(70, "carol", "Carol Test", t, "{actor} added {user}",
     * "user_added", Map.of("actor", user("carol", "Carol Test"), "user", user("bob", "Bob Test")))}.
     */
    static Message system(
            int id,
            String actorId,
            String actorDisplayName,
            long timestamp,
            String message,
            String systemMessage,
            Map<String, Map<String, String>> messageParameters) {
        return new Message(
                id, "users", actorId, actorDisplayName, timestamp, message, messageParameters, "system", systemMessage);
    }

    /** A rich-object parameter for a user, as Talk writes them in system messages (with {@code mention-id}). */
    static Map<String, String> user(String id, String displayName) {
        Map<String, String> parameter = new LinkedHashMap<>();
        parameter.put("type", "user");
        parameter.put("id", id);
        parameter.put("name", displayName);
        parameter.put("mention-id", id);
        return parameter;
    }

    // ---- state ------------------------------------------------------------------------------------------------------

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final JsonArray PHP_EMPTY_ARRAY = JSON.createArrayBuilder().build();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PKCE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");
    private static final Pattern NOTIFICATION = Pattern.compile("/apps/notifications/api/v2/notifications/([0-9]+)");
    private static final Set<String> SECRET_PARAMETERS = Set.of(
            "access_token",
            "refresh_token",
            "client_secret",
            "code_verifier",
            "password",
            "apppassword",
            "token",
            "code");
    private static final long LOGIN_FLOW_LIFETIME = 20 * 60;
    private static final long AUTHORIZATION_CODE_LIFETIME = 10 * 60;
    /** The {@code X-Nextcloud-Talk-Hash} of talk-v4-room-list.headers.txt (a sha1 of Talk's configuration). */
    private static final String TALK_HASH = "45132e97351eca4b85f91d490397a43281676213";

    private static final DateTimeFormatter ISO_8601 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final Object lock = new Object();
    private final ExecutorService executor;
    private final int port;
    private HttpServer server; // guarded by lock; null while down()
    private final long clockBase = Instant.now().getEpochSecond();
    private long clockOffset; // seconds

    private final Map<String, String> users = new LinkedHashMap<>(); // id -> display name
    private final Map<String, List<Room>> rooms = new HashMap<>();
    private final Map<String, Map<String, Long>> roomChanged = new HashMap<>(); // user -> token -> fake time
    private final Map<String, Integer> roomIds = new HashMap<>();

    private record Token(String user, String loginName, String name, boolean oauth, Long expiresAt) {}

    private final Map<String, Token> tokens = new HashMap<>(); // secret -> token

    private static final class PendingLogin {
        final String loginToken = random(128);
        final String pollToken = random(128);
        final String clientName;
        final long started;
        String user;
        String appPassword;

        PendingLogin(String clientName, long started) {
            this.clientName = clientName;
            this.started = started;
        }
    }

    private final Map<String, PendingLogin> logins = new LinkedHashMap<>(); // login token -> flow
    private String lastLoginUrl;

    private static final class Grant {
        final OAuthClient client;
        final String user;
        final long codeCreated;
        final String challenge;
        final String challengeMethod;
        String code;
        int tokenCount;
        String accessToken;

        Grant(OAuthClient client, String user, long codeCreated, String challenge, String challengeMethod) {
            this.client = client;
            this.user = user;
            this.codeCreated = codeCreated;
            this.challenge = challenge;
            this.challengeMethod = challengeMethod;
            this.code = random(128);
        }
    }

    private final Map<String, OAuthClient> clients = new LinkedHashMap<>();
    private final List<Grant> grants = new ArrayList<>();
    private String browserUser;
    private long accessTokenLifetime = 3600;

    private record Notification(int id, String user, JsonObject json) {}

    private final TreeMap<Integer, Notification> notifications = new TreeMap<>();
    private int nextNotificationId = 1;
    private int nextMessageId = 100;

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private volatile Duration slowDelay = Duration.ofSeconds(20);

    private record Seen(String path, Map<String, String> headers) {}

    private final String address;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    // ---- lifecycle --------------------------------------------------------------------------------------------------

    /** Starts on 127.0.0.1 on a free port, with alice, bob and carol and their default conversations. */
    FakeNextcloud() throws IOException {
        this("127.0.0.1");
    }

    /** The same on another loopback address, such as 127.0.0.2. */
    FakeNextcloud(String address) throws IOException {
        this.address = address;
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-nextcloud-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = listen(0);
        port = server.getAddress().getPort();
        synchronized (lock) {
            users.put("alice", "Alice Test");
            users.put("bob", "Bob Test");
            users.put("carol", "Carol Test");
            for (String user : List.of("alice", "bob", "carol")) {
                setRooms(user, defaultRooms(user));
            }
            roomChanged.clear(); // the fixture itself is no change: modifiedSince looks at lastActivity only
        }
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash, no /index.php). */
    URI uri() {
        return URI.create(base());
    }

    private String base() {
        return "http://" + address + ":" + port;
    }

    @Override
    public void close() {
        down();
        executor.shutdownNow();
    }

    /** Stops listening: connections to the port are refused until {@link #up()}. The state is kept. */
    void down() {
        synchronized (lock) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }

    /** Listens again on the same port, with the same state. */
    void up() {
        synchronized (lock) {
            if (server != null) {
                return;
            }
            IOException failure = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    server = listen(port);
                    return;
                } catch (BindException e) {
                    failure = e;
                    sleep(Duration.ofMillis(100));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            throw new UncheckedIOException("port " + port + " stayed busy", failure);
        }
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), onPort), 0);
        created.setExecutor(executor);
        created.createContext("/", this::exchange);
        created.start();
        return created;
    }

    // ---- hooks: users, clock, requests ------------------------------------------------------------------------------

    /** Another user (in no group), with no conversations. An existing user only gets the new display name. */
    void addUser(String id, String displayName) {
        synchronized (lock) {
            boolean added = users.put(id, displayName) == null;
            if (added) {
                setRooms(id, List.of());
            }
        }
    }

    /** The fake's clock (starts at the real time of construction, moves only by {@link #advanceClock}). */
    Instant now() {
        synchronized (lock) {
            return Instant.ofEpochSecond(epoch());
        }
    }

    /** Moves the fake's clock forward: Login Flow v2 expiry (20 min), code expiry (10 min), access-token expiry. */
    void advanceClock(Duration duration) {
        synchronized (lock) {
            clockOffset += duration.toSeconds();
        }
    }

    private long epoch() {
        return clockBase + clockOffset;
    }

    /**
     * Every request as {@code "METHOD /path?query"} (raw path including /index.php or /ocs/v2.php), in order. Values of
     * query parameters that carry secrets (access_token, refresh_token, client_secret, code_verifier, password,
     * apppassword, token, code) are replaced by {@code ***}; bodies and headers are never included.
     */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** {@link #requests()} starting with the prefix, e.g. {@code requestsOf("DELETE /ocs/v2.php/core/apppassword")}. */
    List<String> requestsOf(String methodAndPathPrefix) {
        return requests().stream()
                .filter(r -> r.startsWith(methodAndPathPrefix))
                .toList();
    }

    /** Headers (lower-case names, repeated values joined by ", ") of the last request whose path starts with the prefix;
     * empty if there was none. */
    Map<String, String> lastHeaders(String pathPrefix) {
        synchronized (seen) {
            for (int i = seen.size() - 1; i >= 0; i--) {
                if (seen.get(i).path().startsWith(pathPrefix)) {
                    return seen.get(i).headers();
                }
            }
        }
        return Map.of();
    }

    // ---- hooks: Login Flow v2 and app passwords ---------------------------------------------------------------------

    /**
     * As if {@code user} opened the login URL of a pending Login Flow v2, signed in and granted access: the next poll
     * answers the app password once.
     *
     * @throws IllegalArgumentException if the user is unknown, or the flow unknown, expired or already granted
     */
    void grantLogin(String loginUrl, String user) {
        synchronized (lock) {
            requireUser(user);
            PendingLogin login = liveLogin(loginUrl.substring(loginUrl.lastIndexOf('/') + 1));
            if (login == null) {
                throw new IllegalArgumentException("no pending login flow for " + loginUrl + " (unknown or expired)");
            }
            if (login.user != null) {
                throw new IllegalArgumentException("login flow already granted to " + login.user);
            }
            grant(login, user);
        }
    }

    /** The login URL of the most recently started Login Flow v2 (null if none), for browser tests. */
    String lastLoginUrl() {
        synchronized (lock) {
            return lastLoginUrl;
        }
    }

    /** Issues an app password (72 characters) for the user, as the "Devices &amp; sessions" page would. */
    String appPassword(String user) {
        synchronized (lock) {
            requireUser(user);
            return newToken(user, "Devices & sessions", false, null, 72);
        }
    }

    /** Every app password and OAuth access token of the user stops working (401); its refresh tokens fail too. */
    void revokeAppPasswords(String user) {
        synchronized (lock) {
            tokens.values().removeIf(token -> token.user().equals(user));
        }
    }

    // ---- hooks: Talk ------------------------------------------------------------------------------------------------

    /** Replaces a user's conversations (served in this order). Changed rooms count as modified now for modifiedSince. */
    void rooms(String user, List<Room> list) {
        synchronized (lock) {
            requireUser(user);
            setRooms(user, list);
        }
    }

    /** A user's conversations, as served. */
    List<Room> rooms(String user) {
        synchronized (lock) {
            return List.copyOf(rooms.getOrDefault(user, List.of()));
        }
    }

    private void setRooms(String user, List<Room> list) {
        Map<String, Room> before = new HashMap<>();
        for (Room room : rooms.getOrDefault(user, List.of())) {
            before.put(room.token(), room);
        }
        Map<String, Long> changed = roomChanged.computeIfAbsent(user, u -> new HashMap<>());
        for (Room room : list) {
            roomIds.computeIfAbsent(room.token(), t -> roomIds.size() + 1);
            if (!room.equals(before.get(room.token()))) {
                changed.put(room.token(), epoch());
            }
        }
        rooms.put(user, new ArrayList<>(list));
    }

    // ---- hooks: notifications ---------------------------------------------------------------------------------------

    /**
     * {@code fromUser} writes {@code message} in the conversation: adds Talk's chat notification for {@code user}
     * (subject "{Name} sent a message in conversation {roomName}", or, when the token is a one-to-one room of the user,
     * "{Name} sent you a private message", as Talk does) and, if the user has that room, makes the message its last
     * message, with lastActivity now and one more unread message. Returns the notification id (increasing).
     */
    int notify(String user, String fromUser, String roomToken, String roomName, String message) {
        synchronized (lock) {
            Room room = findRoom(user, roomToken);
            boolean oneToOne = room != null && room.type() == 1;
            return chatNotification(
                    user, fromUser, roomToken, roomName, message, Map.of(), message, oneToOne ? "private" : "message");
        }
    }

    /** Like {@link #notify} but always in the one-to-one form: "{Name} sent you a private message" (call-type one2one,
     * call name = the sender's display name). */
    int privateMessage(String user, String fromUser, String roomToken, String message) {
        synchronized (lock) {
            return chatNotification(
                    user, fromUser, roomToken, displayName(fromUser), message, Map.of(), message, "private");
        }
    }

    /**
     * {@code fromUser} mentions {@code user}: subject "{Name} mentioned you in conversation {roomName}", subjectRich
     * "{user} mentioned you in conversation {call}"; the message is sent as Talk does it: plain {@code "@Alice Test " +
     * message}, rich {@code "{mention-user1} " + message} with the mention-user1 parameter. The room (if the user has it)
     * gets the message and an unread mention. Returns the notification id.
     */
    int mention(String user, String fromUser, String roomToken, String roomName, String message) {
        synchronized (lock) {
            requireUser(user);
            Map<String, String> mention = user(user, displayName(user));
            return chatNotification(
                    user,
                    fromUser,
                    roomToken,
                    roomName,
                    "{mention-user1} " + message,
                    Map.of("mention-user1", mention),
                    "@" + displayName(user) + " " + message,
                    "mention");
        }
    }

    /** A notification of another app (e.g. "files_sharing"), so tests can check that only Talk's are kept. */
    void notifyOtherApp(String user, String app, String subject) {
        synchronized (lock) {
            requireUser(user);
            int id = nextNotificationId++;
            JsonObject json = JSON.createObjectBuilder()
                    .add("notification_id", id)
                    .add("app", app)
                    .add("user", user)
                    .add("datetime", ISO_8601.format(Instant.ofEpochSecond(epoch())))
                    .add("object_type", "object")
                    .add("object_id", String.valueOf(id))
                    .add("subject", subject)
                    .add("message", "")
                    .add("link", base() + "/index.php/apps/files/")
                    .add("subjectRich", subject)
                    .add("subjectRichParameters", PHP_EMPTY_ARRAY)
                    .add("messageRich", "")
                    .add("messageRichParameters", PHP_EMPTY_ARRAY)
                    .add("icon", base() + "/apps/" + app + "/img/app-dark.svg")
                    .add("shouldNotify", true)
                    .add("actions", PHP_EMPTY_ARRAY)
                    .build();
            notifications.put(id, new Notification(id, user, json));
        }
    }

    /** The user's notification ids, newest first (the order of the list answer). */
    List<Integer> notificationIds(String user) {
        synchronized (lock) {
            return notificationsOf(user).stream().map(Notification::id).toList();
        }
    }

    private int chatNotification(
            String user,
            String fromUser,
            String token,
            String roomName,
            String messageRich,
            Map<String, Map<String, String>> richParameters,
            String plainMessage,
            String kind) {
        requireUser(user);
        String fromName = displayName(fromUser);
        int messageId = nextMessageId++;
        int id = nextNotificationId++;
        long now = epoch();
        Room room = findRoom(user, token);
        String callType = room == null
                ? "group"
                : switch (room.type()) {
                    case 1, 5 -> "one2one";
                    case 3 -> "public";
                    default -> "group";
                };
        if ("private".equals(kind)) {
            callType = "one2one";
        }
        String subject;
        String subjectRich;
        if ("private".equals(kind)) {
            subject = fromName + " sent you a private message";
            subjectRich = "{user} sent you a private message";
        } else if ("mention".equals(kind)) {
            subject = fromName + " mentioned you in conversation " + roomName;
            subjectRich = "{user} mentioned you in conversation {call}";
        } else {
            subject = fromName + " sent a message in conversation " + roomName;
            subjectRich = "{user} sent a message in conversation {call}";
        }
        int roomId = roomIds.computeIfAbsent(token, t -> roomIds.size() + 1);
        String link = base() + "/index.php/call/" + token + "#message_" + messageId;
        JsonObject json = JSON.createObjectBuilder()
                .add("notification_id", id)
                .add("app", "spreed")
                .add("user", user)
                .add("datetime", ISO_8601.format(Instant.ofEpochSecond(now)))
                .add("object_type", "chat")
                .add("object_id", token + "/" + messageId)
                .add("subject", subject)
                .add("message", plainMessage)
                .add("link", link)
                .add("subjectRich", subjectRich)
                .add(
                        "subjectRichParameters",
                        JSON.createObjectBuilder()
                                .add(
                                        "user",
                                        JSON.createObjectBuilder()
                                                .add("type", "user")
                                                .add("id", fromUser)
                                                .add("name", fromName))
                                .add(
                                        "call",
                                        JSON.createObjectBuilder()
                                                .add("type", "call")
                                                .add("id", String.valueOf(roomId))
                                                .add("name", roomName)
                                                .add("call-type", callType)
                                                .add(
                                                        "icon-url",
                                                        base() + "/ocs/v2.php/apps/spreed/api/v1/room/" + token
                                                                + "/avatar?v=" + avatarVersion(token))))
                .add("messageRich", messageRich)
                .add("messageRichParameters", parameters(richParameters))
                .add("icon", base() + "/custom_apps/spreed/img/app-dark.svg")
                .add("shouldNotify", true)
                .add(
                        "actions",
                        JSON.createArrayBuilder()
                                .add(JSON.createObjectBuilder()
                                        .add("label", "View chat")
                                        .add("link", link)
                                        .add("type", "WEB")
                                        .add("primary", false)))
                .build();
        notifications.put(id, new Notification(id, user, json));
        if (room != null) {
            Message last = new Message(
                    messageId, "users", fromUser, fromName, now, messageRich, richParameters, "comment", "");
            List<Room> updated = new ArrayList<>(rooms.get(user));
            updated.replaceAll(r -> !r.token().equals(token)
                    ? r
                    : new Room(
                            r.token(),
                            r.type(),
                            r.name(),
                            r.displayName(),
                            r.unreadMessages() + 1,
                            r.unreadMention() || "mention".equals(kind),
                            now,
                            r.isSensitive(),
                            last));
            setRooms(user, updated);
        }
        return id;
    }

    private List<Notification> notificationsOf(String user) {
        List<Notification> list = new ArrayList<>();
        for (Notification notification : notifications.descendingMap().values()) {
            if (notification.user().equals(user)) {
                list.add(notification);
            }
        }
        return list;
    }

    // ---- hooks: OAuth2 ----------------------------------------------------------------------------------------------

    /** Registers a client as an admin would on the Security settings page. */
    OAuthClient registerOAuthClient(String name, String redirectUri) {
        synchronized (lock) {
            OAuthClient client = new OAuthClient(name, random(64), random(64), redirectUri);
            clients.put(client.clientId(), client);
            return client;
        }
    }

    /** The user treated as signed in in "the browser" (authorize, login flow pages); null: nobody (the default). */
    void signInBrowser(String user) {
        synchronized (lock) {
            if (user != null) {
                requireUser(user);
            }
            browserUser = user;
        }
    }

    /** Lifetime of the access tokens issued from now on (default 3600 s), measured on the fake clock. */
    void accessTokenLifetime(Duration lifetime) {
        synchronized (lock) {
            accessTokenLifetime = lifetime.toSeconds();
        }
    }

    // ---- hooks: faults ----------------------------------------------------------------------------------------------

    /** From now on, requests whose path starts with the prefix get the fault (the longest matching prefix wins). */
    void fault(String pathPrefix, Fault fault) {
        faults.put(pathPrefix, fault);
    }

    /** How long {@link Fault#SLOW} waits (default 20 s, real time). */
    void slowDelay(Duration delay) {
        slowDelay = delay;
    }

    void clearFaults() {
        faults.clear();
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------------

    private record Request(
            String method, String path, String rawQuery, Map<String, String> params, Map<String, String> headers) {
        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }

        String param(String name) {
            return params.get(name);
        }
    }

    private static final class Reply {
        final int status;
        final List<String[]> headers = new ArrayList<>();
        String type;
        final byte[] body;
        boolean chunked;

        Reply(int status, String type, String body) {
            this.status = status;
            this.type = type;
            this.body = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        }

        Reply header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }
    }

    private void exchange(HttpExchange exchange) {
        try {
            Request request = read(exchange);
            requests.add(request.method() + " " + request.path()
                    + (request.rawQuery() == null ? "" : "?" + redact(request.rawQuery())));
            seen.add(new Seen(request.path(), request.headers()));
            Fault fault = faultFor(request.path());
            Reply reply;
            if (fault == Fault.SLOW) {
                sleep(slowDelay);
                reply = route(request);
            } else if (fault != null) {
                reply = faulty(fault);
            } else {
                reply = route(request);
            }
            write(exchange, reply);
        } catch (IOException e) {
            // the client went away, or down() closed the connection
        } catch (RuntimeException e) {
            e.printStackTrace();
            try {
                write(exchange, serverErrorPage());
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do
            }
        } finally {
            exchange.close();
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> params = new LinkedHashMap<>(form(rawQuery));
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType.contains("application/json") && !text.isBlank()) {
            try {
                JsonValue parsed = Json.createReader(new StringReader(text)).readValue();
                if (parsed instanceof JsonObject object) {
                    object.forEach((k, v) -> params.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
                }
            } catch (RuntimeException e) {
                // PHP ignores a body it cannot decode here
            }
        } else if (!text.isEmpty()) {
            params.putAll(form(text));
        }
        return new Request(
                exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getRawPath(),
                rawQuery,
                params,
                Collections.unmodifiableMap(headers));
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        for (String[] header : reply.headers) {
            headers.add(header[0], header[1]);
        }
        if (reply.type != null) {
            headers.set("Content-Type", reply.type);
        }
        if (reply.body == null || reply.body.length == 0 || reply.status == 304 || reply.status == 204) {
            exchange.sendResponseHeaders(reply.status, -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status, reply.chunked ? 0 : reply.body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body);
        }
    }

    private Fault faultFor(String path) {
        String best = null;
        for (String prefix : faults.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : faults.get(best);
    }

    private Reply faulty(Fault fault) {
        return switch (fault) {
            case SERVER_ERROR -> serverErrorPage();
            case HTML -> html(200, loginPage());
            case GARBAGE -> new Reply(
                    200,
                    "application/json; charset=utf-8",
                    "{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":200,\"message\":\"OK\"},\"data\":[{\"id\":1,\"tok");
            case SLOW -> throw new IllegalStateException("SLOW is not an answer");
        };
    }

    private Reply route(Request request) {
        synchronized (lock) {
            String path = request.path();
            if (path.startsWith("/ocs/v2.php/")) {
                return ocs(request);
            }
            if (path.equals("/status.php")) {
                return only(request, "GET") ? status() : methodNotAllowed();
            }
            if (path.equals("/index.php/login/v2")) {
                return only(request, "POST") ? loginFlowStart(request) : methodNotAllowed();
            }
            if (path.equals("/index.php/login/v2/poll")) {
                return only(request, "POST") ? loginFlowPoll(request) : methodNotAllowed();
            }
            if (path.startsWith("/index.php/login/v2/flow/") && path.length() > "/index.php/login/v2/flow/".length()) {
                return only(request, "GET")
                        ? loginFlowPage(path.substring(path.lastIndexOf('/') + 1))
                        : methodNotAllowed();
            }
            if (path.equals("/index.php/login/v2/grant")) {
                return only(request, "POST") ? loginFlowGrant(request) : methodNotAllowed();
            }
            if (path.equals("/index.php/login")) {
                return only(request, "GET") ? html(200, loginPage()) : methodNotAllowed();
            }
            if (path.equals("/index.php/apps/oauth2/authorize")) {
                return only(request, "GET") ? authorize(request) : methodNotAllowed();
            }
            if (path.equals("/index.php/apps/oauth2/api/v1/token")) {
                return only(request, "POST") ? token(request) : methodNotAllowed();
            }
            if (path.startsWith("/index.php/call/") && path.length() > "/index.php/call/".length()) {
                return only(request, "GET")
                        ? talkPage(path.substring("/index.php/call/".length()))
                        : methodNotAllowed();
            }
            return html(
                    404,
                    page(
                            "Nextcloud",
                            """
                    <div class="body-login-container update">
                    <div class="icon-big icon-search"></div>
                    <h2>Page not found</h2>
                    <p class="infogroup">The page could not be found on the server or you may not be allowed to view it.</p>
                    <p><a class="button primary" href="/index.php/">Back to Nextcloud</a></p>
                    </div>"""));
        }
    }

    private static boolean only(Request request, String method) {
        return request.method().equals(method);
    }

    private static Reply methodNotAllowed() {
        return new Reply(405, "text/html; charset=UTF-8", null);
    }

    private static Reply status() {
        return new Reply(
                200,
                "application/json",
                php(JSON.createObjectBuilder()
                        .add("installed", true)
                        .add("maintenance", false)
                        .add("needsDbUpgrade", false)
                        .add("version", "34.0.1.1")
                        .add("versionstring", "34.0.1")
                        .add("edition", "")
                        .add("productname", "Nextcloud")
                        .add("extendedSupport", false)
                        .build()));
    }

    // ---- OCS --------------------------------------------------------------------------------------------------------

    private record Auth(Token token, String secret, boolean bearer, boolean badBasic) {}

    private Auth authenticate(Request request) {
        String authorization = request.header("authorization");
        if (authorization == null) {
            return new Auth(null, null, false, false);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Auth(null, null, false, true);
            }
            int colon = pair.indexOf(':');
            Token token = colon < 0 ? null : liveToken(pair.substring(colon + 1));
            if (token == null || !token.loginName().equalsIgnoreCase(pair.substring(0, colon))) {
                return new Auth(null, null, false, true);
            }
            return new Auth(token, pair.substring(colon + 1), false, false);
        }
        if (authorization.startsWith("Bearer ")) {
            String secret = authorization.substring(7);
            return new Auth(liveToken(secret), secret, true, false);
        }
        return new Auth(null, null, false, false);
    }

    private Token liveToken(String secret) {
        Token token = tokens.get(secret);
        if (token == null || token.expiresAt() != null && epoch() >= token.expiresAt()) {
            return null;
        }
        return token;
    }

    private Reply ocs(Request request) {
        String route = request.path().substring("/ocs/v2.php".length());
        Auth auth = authenticate(request);
        if (auth.badBasic()) {
            return apiHelper(request, 997, "Unauthorised");
        }
        Matcher notification = NOTIFICATION.matcher(route);
        List<String> methods;
        boolean csrfFree = false; // @NoCSRFRequired
        if (route.equals("/cloud/user")) {
            methods = List.of("GET");
        } else if (route.equals("/core/apppassword")) {
            methods = List.of("DELETE");
        } else if (route.equals("/apps/spreed/api/v4/room")) {
            methods = List.of("GET");
        } else if (route.equals("/apps/notifications/api/v2/notifications") || notification.matches()) {
            methods = List.of("GET", "DELETE");
            csrfFree = request.method().equals("GET");
        } else {
            return apiHelper(
                    request,
                    998,
                    "Invalid query, please check the syntax. API specifications are here:\n"
                            + "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services\n");
        }
        if (!methods.contains(request.method())) {
            Reply reply = new Reply(
                    405, jsonFormat(request) ? "application/json; charset=utf-8" : "text/xml; charset=UTF-8", null);
            return reply;
        }
        if (auth.token() == null) {
            return notLoggedIn(request);
        }
        String user = auth.token().user();
        if (!csrfFree && !"true".equals(request.header("ocs-apirequest")) && !auth.bearer()) {
            Reply reply = acceptsHtml(request)
                    ? html(412, page("Nextcloud", "<h2>Access forbidden</h2>\n<p class=\"hint\">CSRF check failed</p>"))
                    : json(
                            412,
                            JSON.createObjectBuilder()
                                    .add("message", "CSRF check failed")
                                    .build());
            return reply.header("X-User-Id", user);
        }
        Reply reply;
        if (route.equals("/cloud/user")) {
            reply = ocsResult(request, 200, null, cloudUser(user));
        } else if (route.equals("/core/apppassword")) {
            tokens.remove(auth.secret());
            reply = ocsResult(request, 200, null, PHP_EMPTY_ARRAY);
        } else if (route.equals("/apps/spreed/api/v4/room")) {
            reply = roomList(request, user);
        } else if (notification.matches()) {
            int id = Integer.parseInt(notification.group(1).length() > 9 ? "0" : notification.group(1));
            Notification found = notifications.get(id);
            boolean mine = found != null && found.user().equals(user);
            if (request.method().equals("GET")) {
                reply = mine
                        ? ocsResult(request, 200, null, found.json())
                        : ocsResult(request, 404, "", JsonValue.NULL);
            } else if (id == 0) {
                reply = ocsResult(request, 404, "", JsonValue.NULL);
            } else {
                if (mine) {
                    notifications.remove(id);
                }
                reply = ocsResult(request, 200, null, PHP_EMPTY_ARRAY);
            }
        } else if (request.method().equals("GET")) {
            reply = notificationList(request, user);
        } else {
            notifications.values().removeIf(n -> n.user().equals(user));
            reply = ocsResult(request, 200, null, PHP_EMPTY_ARRAY);
        }
        return reply.header("X-User-Id", user);
    }

    /** The answer of an OCS controller (V2Response): HTTP status from the OCS status, JSON or XML per the request. */
    private static Reply ocsResult(Request request, int status, String message, JsonValue data) {
        boolean ok = status >= 200 && status < 300;
        int http =
                switch (status) {
                    case 997 -> 401;
                    case 998 -> 404;
                    case 996, 999 -> 500;
                    default -> status < 200 || status > 600 ? 400 : status;
                };
        JsonObject meta = JSON.createObjectBuilder()
                .add("status", ok ? "ok" : "failure")
                .add("statuscode", status)
                .add("message", ok ? "OK" : Objects.requireNonNullElse(message, ""))
                .build();
        if (jsonFormat(request)) {
            return json(
                    http,
                    JSON.createObjectBuilder()
                            .add(
                                    "ocs",
                                    JSON.createObjectBuilder().add("meta", meta).add("data", data))
                            .build());
        }
        return new Reply(http, "application/xml; charset=utf-8", xml(meta, data));
    }

    /** The answers written by ocs/v1.php through ApiHelper (before routing): 401 "Unauthorised" and 404/998. */
    private static Reply apiHelper(Request request, int status, String message) {
        Reply reply = ocsResult(request, status, message, PHP_EMPTY_ARRAY);
        if (!jsonFormat(request)) {
            reply.type = "text/xml; charset=UTF-8";
        }
        if (status == 997) {
            reply.header(
                    "WWW-Authenticate",
                    "XMLHttpRequest".equals(request.header("x-requested-with"))
                            ? "DummyBasic realm=\"Authorisation Required\""
                            : "Basic realm=\"Authorisation Required\"");
            reply.chunked = true; // as roomlist_401.http.txt: no Content-Length
        }
        return reply;
    }

    /** NotLoggedInException through SecurityMiddleware and OCSMiddleware. */
    private Reply notLoggedIn(Request request) {
        if (acceptsHtml(request)) {
            String uri = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
            return new Reply(303, null, null)
                    .header("Location", base() + "/index.php/login?redirect_url=" + encode(uri));
        }
        return ocsResult(request, 997, "Current user is not logged in", PHP_EMPTY_ARRAY)
                .header("WWW-Authenticate", "Basic realm=\"Authorisation Required\"");
    }

    private static boolean acceptsHtml(Request request) {
        return Objects.requireNonNullElse(request.header("accept"), "")
                .toLowerCase(Locale.ROOT)
                .contains("html");
    }

    /** ?format= wins; otherwise the first Accept entry that is exactly application/json or application/xml. */
    private static boolean jsonFormat(Request request) {
        String format = request.param("format");
        if (format != null) {
            return format.equals("json");
        }
        String accept = request.header("accept");
        if (accept == null) {
            return false;
        }
        for (String entry : accept.split(",")) {
            String responder = entry.trim().toLowerCase(Locale.ROOT).replace("application/", "");
            if (responder.equals("json")) {
                return true;
            }
            if (responder.equals("xml")) {
                return false;
            }
        }
        return false;
    }

    private JsonObject cloudUser(String user) {
        long firstLogin = clockBase - 30L * 24 * 3600;
        long lastLogin = epoch() - 600;
        JsonArrayBuilder groups = JSON.createArrayBuilder();
        if (List.of("alice", "bob", "carol").contains(user)) {
            groups.add("testers");
        }
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("enabled", true)
                .add("id", user)
                .add("firstLoginTimestamp", firstLogin)
                .add("lastLoginTimestamp", lastLogin)
                .add("lastLogin", lastLogin * 1000)
                .add("backend", "Database")
                .add("subadmin", PHP_EMPTY_ARRAY)
                .add(
                        "quota",
                        JSON.createObjectBuilder()
                                .add("free", -3)
                                .add("used", 0)
                                .add("total", -3)
                                .add("relative", 0)
                                .add("quota", -3))
                .add("manager", "")
                .add("avatarScope", "v2-federated")
                .addNull("email")
                .add("emailScope", "v2-federated")
                .add("additional_mail", PHP_EMPTY_ARRAY)
                .add("additional_mailScope", PHP_EMPTY_ARRAY)
                .add("displayname", displayName(user))
                .add("display-name", displayName(user))
                .add("displaynameScope", "v2-federated");
        for (String[] field : new String[][] {
            {"phone", "v2-local"},
            {"address", "v2-local"},
            {"website", "v2-local"},
            {"twitter", "v2-local"},
            {"bluesky", "v2-local"},
            {"fediverse", "v2-local"},
            {"organisation", "v2-local"},
            {"role", "v2-local"},
            {"headline", "v2-local"},
            {"biography", "v2-local"}
        }) {
            data.add(field[0], "").add(field[0] + "Scope", field[1]);
        }
        return data.add("profile_enabled", "1")
                .add("profile_enabledScope", "v2-local")
                .add("pronouns", "")
                .add("pronounsScope", "v2-federated")
                .add("groups", groups)
                .add("language", "en")
                .add("locale", "")
                .add("timezone", "UTC")
                .addNull("notify_email")
                .add(
                        "backendCapabilities",
                        JSON.createObjectBuilder().add("setDisplayName", true).add("setPassword", true))
                .build();
    }

    private Reply notificationList(Request request, String user) {
        List<Notification> list = notificationsOf(user);
        JsonArrayBuilder data = JSON.createArrayBuilder();
        StringBuilder ids = new StringBuilder("[");
        for (Notification notification : list) {
            data.add(notification.json());
            ids.append(ids.length() > 1 ? "," : "").append(notification.id());
        }
        String etag = "\"" + md5(ids.append(']').toString()) + "\"";
        String ifNoneMatch = request.header("if-none-match");
        Reply reply;
        if (ifNoneMatch != null && ifNoneMatch.trim().equals(etag)) {
            reply = new Reply(
                    304,
                    jsonFormat(request) ? "application/json; charset=utf-8" : "application/xml; charset=utf-8",
                    null);
        } else {
            reply = ocsResult(request, 200, null, data.build());
        }
        return reply.header("ETag", etag).header("X-Nextcloud-User-Status", "online");
    }

    private Reply roomList(Request request, String user) {
        long modifiedSince = parseLong(request.param("modifiedSince"));
        boolean includeStatus = truthy(request.param("includeStatus"));
        String includeLastMessage = request.param("includeLastMessage");
        boolean withLastMessage = includeLastMessage == null || truthy(includeLastMessage);
        Map<String, Long> changed = roomChanged.getOrDefault(user, Map.of());
        JsonArrayBuilder data = JSON.createArrayBuilder();
        for (Room room : rooms.getOrDefault(user, List.of())) {
            if (modifiedSince != 0
                    && !(includeStatus && room.type() == 1)
                    && room.lastActivity() < modifiedSince
                    && changed.getOrDefault(room.token(), 0L) < modifiedSince) {
                continue;
            }
            data.add(roomJson(user, room, includeStatus, withLastMessage));
        }
        return ocsResult(request, 200, null, data.build())
                .header("X-Nextcloud-Talk-Hash", TALK_HASH)
                .header("X-Nextcloud-Talk-Modified-Before", String.valueOf(epoch()));
    }

    private JsonObject roomJson(String user, Room room, boolean includeStatus, boolean withLastMessage) {
        int type = room.type();
        int id = roomIds.computeIfAbsent(room.token(), t -> roomIds.size() + 1);
        int participantType = type == 3 || type == 4 ? 3 : 1;
        int lastRead =
                room.lastMessage() == null ? 0 : Math.max(0, room.lastMessage().id() - room.unreadMessages());
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", id)
                .add("token", room.token())
                .add("type", type)
                .add("name", room.name())
                .add("displayName", room.displayName())
                .add("objectType", type == 6 ? "note_to_self" : "")
                .add("objectId", type == 6 ? user : "")
                .add("participantType", participantType)
                .add("participantFlags", 0)
                .add("readOnly", type == 4 || type == 5 ? 1 : 0)
                .add("hasPassword", false)
                .add("hasCall", false)
                .add("callStartTime", 0)
                .add("callRecording", 0)
                .add("canStartCall", type != 5 && type != 6)
                .add("lastActivity", room.lastActivity())
                .add("lastReadMessage", lastRead)
                .add("unreadMessages", room.unreadMessages())
                .add("unreadMention", room.unreadMention())
                .add("unreadMentionDirect", room.unreadMention())
                .add("isFavorite", type == 6)
                .add("canLeaveConversation", type != 6)
                .add("canDeleteConversation", participantType == 1 && type != 1)
                .add("notificationLevel", 1)
                .add("notificationCalls", 1)
                .add("lobbyState", 0)
                .add("lobbyTimer", 0)
                .add("lastPing", 0)
                .add("sessionId", "0")
                .add("sipEnabled", 0)
                .add("actorType", "users")
                .add("actorId", user)
                .add("attendeeId", id)
                .add("permissions", participantType == 3 ? 502 : 510)
                .add("attendeePermissions", 0)
                .add("callPermissions", 0)
                .add("defaultPermissions", 0)
                .add("canEnableSIP", false)
                .add("attendeePin", "")
                .add("description", type == 6 ? "A place for your private notes, thoughts and ideas" : "")
                .add("lastCommonReadMessage", lastRead)
                .add("listable", 0)
                .add("callFlag", 0)
                .add("messageExpiration", 0)
                .add("avatarVersion", avatarVersion(room.token()))
                .add("isCustomAvatar", type == 6)
                .add("breakoutRoomMode", 0)
                .add("breakoutRoomStatus", 0)
                .add("recordingConsent", 0)
                .add("mentionPermissions", 0)
                .add("liveTranscriptionLanguageId", "")
                .add("lastPinnedId", 0)
                .add("hiddenPinnedId", 0)
                .add("isArchived", false)
                .add("isImportant", false)
                .add("isSensitive", room.isSensitive())
                .add("tagIds", PHP_EMPTY_ARRAY)
                .add("hasScheduledMessages", 0)
                .add("attributes", 0);
        if (includeStatus && type == 1) {
            json.add("status", "offline")
                    .addNull("statusIcon")
                    .addNull("statusMessage")
                    .addNull("statusClearAt");
        }
        Message last = room.lastMessage();
        if (last == null || !withLastMessage) {
            json.add("lastMessage", PHP_EMPTY_ARRAY);
        } else {
            boolean system = last.messageType().equals("system");
            json.add(
                    "lastMessage",
                    JSON.createObjectBuilder()
                            .add("id", last.id())
                            .add("token", room.token())
                            .add("actorType", last.actorType())
                            .add("actorId", last.actorId())
                            .add("actorDisplayName", last.actorDisplayName())
                            .add("timestamp", last.timestamp())
                            .add("message", last.message())
                            .add("messageParameters", parameters(last.messageParameters()))
                            .add("systemMessage", last.systemMessage())
                            .add("messageType", last.messageType())
                            .add("isReplyable", !system)
                            .add("referenceId", "")
                            .add("reactions", JsonValue.EMPTY_JSON_OBJECT)
                            .add("expirationTimestamp", 0)
                            .add("markdown", !system)
                            .add("threadId", last.id()));
        }
        return json.build();
    }

    private static JsonValue parameters(Map<String, Map<String, String>> parameters) {
        if (parameters.isEmpty()) {
            return PHP_EMPTY_ARRAY;
        }
        JsonObjectBuilder json = JSON.createObjectBuilder();
        parameters.forEach((key, object) -> {
            JsonObjectBuilder parameter = JSON.createObjectBuilder();
            object.forEach(parameter::add);
            json.add(key, parameter);
        });
        return json.build();
    }

    // ---- Login Flow v2 ----------------------------------------------------------------------------------------------

    private Reply loginFlowStart(Request request) {
        PendingLogin login =
                new PendingLogin(Objects.requireNonNullElse(request.header("user-agent"), "unknown"), epoch());
        logins.put(login.loginToken, login);
        lastLoginUrl = base() + "/index.php/login/v2/flow/" + login.loginToken;
        return json(
                200,
                JSON.createObjectBuilder()
                        .add(
                                "poll",
                                JSON.createObjectBuilder()
                                        .add("token", login.pollToken)
                                        .add("endpoint", base() + "/index.php/login/v2/poll"))
                        .add("login", lastLoginUrl)
                        .build());
    }

    private Reply loginFlowPoll(Request request) {
        String pollToken = request.param("token");
        PendingLogin found = null;
        for (Iterator<PendingLogin> it = logins.values().iterator(); it.hasNext(); ) {
            PendingLogin login = it.next();
            if (expired(login)) {
                it.remove();
            } else if (login.pollToken.equals(pollToken)) {
                found = login;
            }
        }
        if (found == null || found.user == null) {
            return json(404, PHP_EMPTY_ARRAY);
        }
        logins.remove(found.loginToken); // "the 200 will only be returned once"
        return json(
                200,
                JSON.createObjectBuilder()
                        .add("server", base())
                        .add("loginName", found.user)
                        .add("appPassword", found.appPassword)
                        .build());
    }

    private PendingLogin liveLogin(String loginToken) {
        PendingLogin login = logins.get(loginToken);
        if (login != null && expired(login)) {
            logins.remove(loginToken);
            return null;
        }
        return login;
    }

    private boolean expired(PendingLogin login) {
        return login.started < epoch() - LOGIN_FLOW_LIFETIME;
    }

    private void grant(PendingLogin login, String user) {
        login.user = user;
        login.appPassword = newToken(user, login.clientName, false, null, 72);
    }

    private Reply loginFlowPage(String loginToken) {
        PendingLogin login = liveLogin(loginToken);
        if (login == null) {
            return loginTokenForbidden();
        }
        String client = escape(login.clientName);
        if (browserUser == null) {
            return html(
                    200,
                    page(
                            "Nextcloud",
                            """
                    <div class="guest-box">
                    <h2>Connect to your account</h2>
                    <p class="info">Please log in before granting <strong>%s</strong> access to your Nextcloud account.</p>
                    <p><a class="button primary" href="/index.php/login">Log in</a></p>
                    </div>"""
                                    .formatted(client)));
        }
        return html(
                200,
                page(
                        "Nextcloud",
                        """
                <div class="guest-box">
                <h2>Account access</h2>
                <p class="info">Currently logged in as <strong>%s (%s)</strong>.</p>
                <p class="info">You are about to grant <strong>%s</strong> access to your Nextcloud account.</p>
                <form method="POST" action="/index.php/login/v2/grant">
                <input type="hidden" name="stateToken" value="%s">
                <button type="submit" id="submit-wrapper" class="login primary">Grant access</button>
                </form>
                </div>"""
                                .formatted(escape(displayName(browserUser)), escape(browserUser), client, loginToken)));
    }

    private Reply loginFlowGrant(Request request) {
        PendingLogin login = liveLogin(Objects.requireNonNullElse(request.param("stateToken"), ""));
        if (login == null || browserUser == null || login.user != null) {
            return loginTokenForbidden();
        }
        grant(login, browserUser);
        return html(
                200,
                page(
                        "Nextcloud",
                        """
                <div class="guest-box">
                <h2>Account connected</h2>
                <p class="info">Your client should now be connected!<br>You can close this window.</p>
                </div>"""));
    }

    private static Reply loginTokenForbidden() {
        return html(
                403,
                page(
                        "Nextcloud",
                        """
                <div class="guest-box">
                <h2>Access forbidden</h2>
                <p class="hint">Your login token is invalid or has expired</p>
                </div>"""));
    }

    private String newToken(String user, String name, boolean oauth, Long expiresAt, int length) {
        String secret = random(length);
        tokens.put(secret, new Token(user, user, name, oauth, expiresAt));
        return secret;
    }

    // ---- OAuth2 -----------------------------------------------------------------------------------------------------

    private Reply authorize(Request request) {
        OAuthClient client = clients.get(Objects.requireNonNullElse(request.param("client_id"), ""));
        if (client == null) {
            return html(
                    200,
                    page(
                            "Nextcloud",
                            """
                    <div class="body-login-container update">
                    Your client is not authorized to connect. Please inform the administrator of your client.
                    </div>"""));
        }
        String state = encode(Objects.requireNonNullElse(request.param("state"), ""));
        if (!"code".equals(request.param("response_type"))) {
            return redirect(client.redirectUri() + "?error=unsupported_response_type&state=" + state);
        }
        String challenge = Objects.requireNonNullElse(request.param("code_challenge"), "");
        String method = Objects.requireNonNullElse(request.param("code_challenge_method"), "");
        if (challenge.isEmpty() && !method.isEmpty()) {
            return redirect(client.redirectUri()
                    + "?error=invalid_request&error_description=code_challenge+required&state=" + state);
        }
        if (!challenge.isEmpty() && !PKCE.matcher(challenge).matches()) {
            return redirect(client.redirectUri()
                    + "?error=invalid_request&error_description=Invalid+code_challenge&state=" + state);
        }
        String effectiveMethod = method.isEmpty() && !challenge.isEmpty() ? "plain" : method;
        if (!effectiveMethod.isEmpty() && !effectiveMethod.equals("S256")) {
            return redirect(client.redirectUri()
                    + "?error=invalid_request&error_description=Transform+algorithm+not+supported&state=" + state);
        }
        if (browserUser == null) {
            return html(200, loginPage());
        }
        Grant grant = new Grant(client, browserUser, epoch(), challenge, effectiveMethod);
        grant.accessToken = newToken(browserUser, client.name(), true, null, 64); // created at grant time, as in NC
        grants.add(grant);
        String redirect = client.redirectUri();
        redirect += URI.create(redirect).getRawQuery() != null ? "&" : "?";
        return redirect(redirect + "state=" + state + "&code=" + encode(grant.code));
    }

    private Reply token(Request request) {
        String grantType = request.param("grant_type");
        if (!"authorization_code".equals(grantType) && !"refresh_token".equals(grantType)) {
            return oauthError("invalid_grant");
        }
        boolean code = grantType.equals("authorization_code");
        String presented = request.param(code ? "code" : "refresh_token");
        Grant grant = grants.stream()
                .filter(g -> g.code.equals(presented))
                .findFirst()
                .orElse(null);
        if (grant == null) {
            return oauthError("invalid_request");
        }
        if (code) {
            if (grant.tokenCount > 0) {
                return oauthError("invalid_request");
            }
            if (grant.codeCreated < epoch() - AUTHORIZATION_CODE_LIFETIME) {
                grants.remove(grant);
                return oauthError("invalid_request");
            }
            if (!grant.challenge.isEmpty()) {
                String verifier = request.param("code_verifier");
                if (verifier == null || verifier.isEmpty()) {
                    return oauthError("invalid_request");
                }
                if (!PKCE.matcher(verifier).matches()
                        || !grant.challengeMethod.equals("S256")
                        || !s256(verifier).equals(grant.challenge)) {
                    return oauthError("invalid_grant");
                }
            }
        }
        String clientId = request.param("client_id");
        String clientSecret = request.param("client_secret");
        String authorization = request.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                clientId = colon < 0 ? pair : pair.substring(0, colon);
                clientSecret = colon < 0 ? "" : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                clientId = null;
            }
        }
        if (!grant.client.clientId().equals(clientId)
                || !grant.client.clientSecret().equals(clientSecret)) {
            return oauthError("invalid_client");
        }
        if (grant.accessToken == null || !tokens.containsKey(grant.accessToken)) {
            grants.remove(grant); // the app token was revoked
            return oauthError("invalid_request");
        }
        tokens.remove(grant.accessToken); // rotation: the old access token dies at once
        grant.accessToken = newToken(grant.user, grant.client.name(), true, epoch() + accessTokenLifetime, 64);
        grant.code = random(128);
        grant.tokenCount++;
        return json(
                200,
                JSON.createObjectBuilder()
                        .add("access_token", grant.accessToken)
                        .add("token_type", "Bearer")
                        .add("expires_in", accessTokenLifetime)
                        .add("refresh_token", grant.code)
                        .add("user_id", grant.user)
                        .build());
    }

    private static Reply oauthError(String error) {
        return json(400, JSON.createObjectBuilder().add("error", error).build());
    }

    private static Reply redirect(String location) {
        return new Reply(303, null, null).header("Location", location);
    }

    // ---- pages ------------------------------------------------------------------------------------------------------

    private Reply talkPage(String token) {
        String title = "Talk - Nextcloud";
        Room room = browserUser == null ? null : findRoom(browserUser, token);
        for (Iterator<List<Room>> it = rooms.values().iterator(); room == null && it.hasNext(); ) {
            room = it.next().stream()
                    .filter(r -> r.token().equals(token))
                    .findFirst()
                    .orElse(null);
        }
        String heading = room == null ? "Talk" : escape(room.displayName());
        return html(
                200,
                page(
                        room == null ? title : room.displayName() + " - " + title,
                        """
                <div id="content" class="app-spreed" data-token="%s">
                <h2>%s</h2>
                </div>"""
                                .formatted(escape(token), heading)));
    }

    private static String loginPage() {
        return page(
                "Login – Nextcloud",
                """
                <div id="login" class="guest-box login-box">
                <form method="post" name="login" action="/index.php/login">
                <h2>Log in to Nextcloud</h2>
                <input type="text" name="user" id="user" placeholder="Account name or email" autocomplete="username">
                <input type="password" name="password" id="password" placeholder="Password" autocomplete="current-password">
                <button type="submit" class="primary">Log in</button>
                </form>
                </div>""");
    }

    private static Reply serverErrorPage() {
        return html(
                500,
                page(
                        "Nextcloud",
                        """
                <div class="guest-box wide">
                <h2>Internal Server Error</h2>
                <p>The server was unable to complete your request.</p>
                <p>If this happens again, please send the technical details below to the server administrator.</p>
                <p>More details can be found in the server log.</p>
                <h3>Technical details</h3>
                <ul>
                <li>Remote Address: 127.0.0.1</li>
                <li>Request ID: %s</li>
                </ul>
                </div>"""
                                .formatted(random(20))));
    }

    private static String page(String title, String main) {
        return """
                <!DOCTYPE html>
                <html class="ng-csp" data-placeholder-focus="false" lang="en" data-locale="en" translate="no" >
                <head data-requesttoken="%s">
                <meta charset="utf-8">
                <title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0">
                <meta name="theme-color" content="#00679e">
                <link rel="icon" href="/core/img/favicon.ico">
                </head>
                <body id="body-login">
                <div class="wrapper"><div class="v-align"><main>
                %s
                </main></div></div>
                <footer class="guest-box"><p class="info"><a href="https://nextcloud.com" target="_blank" rel="noreferrer noopener" class="entity-name">Nextcloud</a> – a safe home for all your data</p></footer>
                </body>
                </html>
                """
                .formatted(random(40), escape(title), main);
    }

    private static Reply html(int status, String html) {
        return new Reply(status, "text/html; charset=UTF-8", html);
    }

    // ---- fixture ----------------------------------------------------------------------------------------------------

    private List<Room> defaultRooms(String user) {
        List<String> others = new ArrayList<>(List.of("alice", "bob", "carol"));
        others.remove(user);
        String partner = others.get(0);
        String third = others.get(1);
        String partnerName = displayName(partner);
        String thirdName = displayName(third);
        Map<String, String[]> own = Map.of(
                "alice", new String[] {"pc2yc6ne", "u4x4qnrs", "f6ggx2pd", "wqwrj6k7"},
                "bob", new String[] {"r8ktw3nd", "b7nq3xte", "h2mt9wra", "wqwrj6k7"},
                "carol", new String[] {"y5hq2mzc", "c9wd4kpa", "j8vc5nkq", "k3fz8vqe"});
        String[] tokensOf = own.get(user);
        long t0 = epoch();
        long changelogAt = t0 - 60;
        long noteAt = t0 - 24 * 3600;
        long testersAt = t0 - 30 * 60;
        long oneToOneAt = t0 - 12 * 60;
        long alphaAt = t0 - 5 * 60;
        long budgetAt = t0 - 2 * 3600;
        long formerAt = t0 - 3 * 24 * 3600;

        Map<String, Map<String, String>> alphaParameters = new LinkedHashMap<>();
        alphaParameters.put("mention-user1", user(user, displayName(user)));
        Map<String, String> file = new LinkedHashMap<>();
        file.put("type", "file");
        file.put("id", "42");
        file.put("name", "budget.xlsx");
        file.put("size", "8192");
        file.put("path", "Documents/budget.xlsx");
        file.put("link", base() + "/index.php/f/42");
        file.put("mimetype", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        alphaParameters.put("file", file);

        Map<String, Map<String, String>> addedParameters = new LinkedHashMap<>();
        addedParameters.put("actor", user(third, thirdName));
        addedParameters.put("user", user(partner, partnerName));

        Map<String, String> systemActor = new LinkedHashMap<>();
        systemActor.put("type", "guest");
        systemActor.put("id", "guest/system");
        systemActor.put("name", "System");
        systemActor.put("mention-id", "guest/system");

        return List.of(
                new Room(
                        tokensOf[0],
                        4,
                        user,
                        "Talk updates ✅",
                        3,
                        false,
                        changelogAt,
                        false,
                        bot(
                                4,
                                "changelog",
                                "Talk updates ✅",
                                changelogAt,
                                """
                                ## New in Talk 24
                                - Mark conversations as important to be notified even in "Do not disturb"
                                - Schedule a message to send it at a later time
                                - Moderators can pin messages so they are kept at the top""")),
                new Room(
                        tokensOf[1],
                        6,
                        "Note to self",
                        "Note to self",
                        0,
                        false,
                        noteAt,
                        false,
                        new Message(
                                5,
                                "guests",
                                "system",
                                "",
                                noteAt,
                                "System created the conversation",
                                Map.of("actor", systemActor),
                                "system",
                                "conversation_created")),
                new Room(
                        "3tdac92u",
                        2,
                        "Testers (group)",
                        "Testers (group)",
                        1,
                        false,
                        testersAt,
                        false,
                        comment(31, third, thirdName, testersAt, "Reminder: retro on Friday")),
                new Room(
                        tokensOf[3],
                        1,
                        partner,
                        partnerName,
                        2,
                        false,
                        oneToOneAt,
                        false,
                        comment(50, partner, partnerName, oneToOneAt, "Are we still within the 10k limit? 💶")),
                new Room(
                        "nm47xyrj",
                        3,
                        "Project Alpha",
                        "Project Alpha",
                        4,
                        true,
                        alphaAt,
                        false,
                        comment(
                                61,
                                partner,
                                partnerName,
                                alphaAt,
                                "{mention-user1} please check {file}",
                                alphaParameters)),
                new Room(
                        "e5sx8hbw",
                        2,
                        "Budget planning",
                        "Budget planning",
                        0,
                        false,
                        budgetAt,
                        false,
                        system(70, third, thirdName, budgetAt, "{actor} added {user}", "user_added", addedParameters)),
                new Room(
                        tokensOf[2],
                        5,
                        "dave",
                        "Dave Former",
                        0,
                        false,
                        formerAt,
                        false,
                        new Message(
                                12,
                                "deleted_users",
                                "deleted_users",
                                "",
                                formerAt,
                                "Thanks for everything, signing off 👋",
                                Map.of(),
                                "comment",
                                "")));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private void requireUser(String user) {
        if (!users.containsKey(user)) {
            throw new IllegalArgumentException("unknown user " + user);
        }
    }

    private String displayName(String user) {
        return users.getOrDefault(user, user);
    }

    private Room findRoom(String user, String token) {
        for (Room room : rooms.getOrDefault(user, List.of())) {
            if (room.token().equals(token)) {
                return room;
            }
        }
        return null;
    }

    private static String avatarVersion(String token) {
        return md5(token).substring(0, 8);
    }

    /** JSON text as PHP's json_encode(…, JSON_HEX_TAG) writes it. */
    private static String php(JsonValue value) {
        String json = value.toString();
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '/') {
                out.append("\\/");
            } else if (c == '<') {
                out.append("\\u003C");
            } else if (c == '>') {
                out.append("\\u003E");
            } else if (c >= 0x80) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Reply json(int status, JsonValue value) {
        return new Reply(status, "application/json; charset=utf-8", php(value));
    }

    /** OCS XML as BaseResponse writes it with XMLWriter (indent one space; arrays as {@code <element>}). */
    private static String xml(JsonObject meta, JsonValue data) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n<ocs>\n");
        xmlElement(out, "meta", meta, 1);
        xmlElement(out, "data", data, 1);
        return out.append("</ocs>\n").toString();
    }

    private static void xmlElement(StringBuilder out, String name, JsonValue value, int depth) {
        String tag = XML_NAME.matcher(name).matches() ? name : "element";
        String indent = " ".repeat(depth);
        out.append(indent);
        switch (value.getValueType()) {
            case OBJECT, ARRAY -> {
                List<Map.Entry<String, JsonValue>> children = new ArrayList<>();
                if (value instanceof JsonObject object) {
                    children.addAll(object.entrySet());
                } else {
                    for (JsonValue element : value.asJsonArray()) {
                        children.add(Map.entry("element", element));
                    }
                }
                if (children.isEmpty()) {
                    out.append('<').append(tag).append("/>\n");
                } else {
                    out.append('<').append(tag).append(">\n");
                    for (Map.Entry<String, JsonValue> child : children) {
                        xmlElement(out, child.getKey(), child.getValue(), depth + 1);
                    }
                    out.append(indent).append("</").append(tag).append(">\n");
                }
            }
            case NULL -> out.append('<').append(tag).append("/>\n");
            default -> {
                String text =
                        switch (value.getValueType()) {
                            case STRING -> ((JsonString) value).getString();
                            case TRUE -> "1";
                            case FALSE -> "";
                            default -> value.toString();
                        };
                out.append('<')
                        .append(tag)
                        .append('>')
                        .append(escape(text))
                        .append("</")
                        .append(tag)
                        .append(">\n");
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String redact(String rawQuery) {
        StringBuilder out = new StringBuilder();
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            out.append(out.length() > 0 ? "&" : "")
                    .append(equals >= 0 && SECRET_PARAMETERS.contains(key) ? pair.substring(0, equals) + "=***" : pair);
        }
        return out.toString();
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                values.put(
                        URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: PHP keeps going, so do we
            }
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean truthy(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }

    private static String md5(String text) {
        return hex(digest("MD5", text));
    }

    private static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-256", verifier));
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
