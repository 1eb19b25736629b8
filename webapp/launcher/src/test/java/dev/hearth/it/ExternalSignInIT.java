package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing in through an external OpenID Connect provider: a fake that the test steers (rotated keys, wrong audience,
 * expired and badly signed ID tokens), and a second Hearth whose provider is the shared one.
 */
@Order(5)
@ExtendWith(SharedHearth.class)
class ExternalSignInIT {

    private final Api api = SharedHearth.api();
    private final FakeOidc provider = SharedHearth.oidc();

    /** A browser that does not follow redirects, so that each step can be seen. */
    private final HttpClient browser = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Where the sign-in ended, and the session it started, if any. */
    record Landing(URI location, String session) {}

    private HttpResponse<String> get(URI uri, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
                .filter(v -> !v.isEmpty())
                .findFirst();
    }

    private static URI location(HttpResponse<?> response) {
        return URI.create(response.headers()
                .firstValue("location")
                .orElseThrow(
                        () -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body())));
    }

    /**
     * Hearth's sign-in button, then the provider (which {@code atProvider} plays: it answers the redirect back), then
     * Hearth's callback with the cookie Hearth set at the start.
     */
    private Landing signIn(HearthServer hearth, String next, AtProvider atProvider) throws Exception {
        HttpResponse<String> start = get(hearth.uri("/api/v1/auth/oidc/login?next=" + next), null);
        assertEquals(303, start.statusCode(), start::body);
        String pending = cookie(start, "hearth_oidc").orElseThrow();
        URI back = atProvider.redirectBack(location(start));
        HttpResponse<String> callback = get(back, "hearth_oidc=" + pending);
        assertEquals(303, callback.statusCode(), callback::body);
        return new Landing(
                location(callback), cookie(callback, "hearth_session").orElse(null));
    }

    interface AtProvider {
        URI redirectBack(URI authorization) throws Exception;
    }

    private Landing signIn(Map<String, Object> person) throws Exception {
        provider.signsIn(person);
        return signIn(
                SharedHearth.server(), "/settings/connections", authorization -> location(get(authorization, null)));
    }

    @Test
    void theSignInPageOffersTheProvider() throws Exception {
        JsonObject methods = api.get("/api/v1/auth/methods", null).json();
        assertTrue(methods.getBoolean("password"));
        assertEquals("Example ID", methods.getJsonObject("external").getString("name"));
    }

    @Test
    void aNewPersonGetsAnAccountOnFirstSignInAndTheSameOneAfter() throws Exception {
        Landing first = signIn(Map.of(
                "sub", "erin-1",
                "preferred_username", "Erin.Ext",
                "name", "Erin External",
                "email", "erin@example.org",
                "email_verified", true));
        assertEquals(SharedHearth.server().uri("/settings/connections"), first.location());
        assertNotNull(first.session());
        JsonObject me = api.get("/api/v1/me", first.session()).json();
        assertEquals("erin.ext", me.getString("username"));
        assertEquals("Erin External", me.getString("displayName"));
        assertEquals("user", me.getString("role"));

        Landing again = signIn(Map.of("sub", "erin-1", "preferred_username", "someone-else"));
        assertEquals(
                me.getJsonNumber("id"),
                api.get("/api/v1/me", again.session()).json().getJsonNumber("id"));
    }

    @Test
    void theAdminRoleComesFromTheConfiguredClaim() throws Exception {
        Landing admin = signIn(
                Map.of("sub", "ada-1", "preferred_username", "ext-ada", "groups", List.of("staff", "hearth-admins")));
        assertEquals("admin", api.get("/api/v1/me", admin.session()).json().getString("role"));
        assertEquals(200, api.get("/api/v1/admin/users", admin.session()).status());

        Landing demoted = signIn(Map.of("sub", "ada-1", "preferred_username", "ext-ada", "groups", List.of("staff")));
        assertEquals("user", api.get("/api/v1/me", demoted.session()).json().getString("role"));
        assertProblem(api.get("/api/v1/me", admin.session()), 401, "session_ended");
    }

    @Test
    void anExistingUserIsLinkedByAVerifiedAddressOnly() throws Exception {
        long lena = api.createUser("local-lena", "local-lena-password", "user");
        api.send("PATCH", "/api/v1/admin/users/" + lena, api.adminToken(), "{\"email\":\"lena@example.org\"}");

        Landing unverified = signIn(Map.of(
                "sub",
                "lena-unverified",
                "preferred_username",
                "ext-lena-x",
                "email",
                "lena@example.org",
                "email_verified",
                false));
        assertEquals(
                "ext-lena-x", api.get("/api/v1/me", unverified.session()).json().getString("username"));

        Landing verified = signIn(Map.of(
                "sub",
                "lena-verified",
                "preferred_username",
                "ext-lena-y",
                "email",
                "LENA@example.org",
                "email_verified",
                true));
        JsonObject me = api.get("/api/v1/me", verified.session()).json();
        assertEquals("local-lena", me.getString("username"), "linked to the user with that address");
        assertEquals(lena, me.getJsonNumber("id").longValue());

        long boss = api.createUser("local-boss", "local-boss-password", "admin");
        api.send("PATCH", "/api/v1/admin/users/" + boss, api.adminToken(), "{\"email\":\"boss@example.org\"}");
        Landing impostor = signIn(Map.of(
                "sub",
                "boss-at-provider",
                "preferred_username",
                "ext-boss",
                "email",
                "boss@example.org",
                "email_verified",
                true));
        assertEquals(
                "ext-boss",
                api.get("/api/v1/me", impostor.session()).json().getString("username"),
                "an administrator is never linked by address");
    }

    @Test
    void badIdTokensAreRefused() throws Exception {
        for (FakeOidc.Flaw flaw :
                List.of(FakeOidc.Flaw.WRONG_AUDIENCE, FakeOidc.Flaw.EXPIRED, FakeOidc.Flaw.BAD_SIGNATURE)) {
            provider.nextFlaw(flaw);
            Landing refused = signIn(Map.of("sub", "mallory-" + flaw, "preferred_username", "ext-mallory"));
            assertEquals(SharedHearth.server().uri("/login?error=oidc_failed"), refused.location(), flaw::toString);
            assertNull(refused.session(), flaw + " signs nobody in");
        }
        assertFalse(api.get("/api/v1/admin/users", api.adminToken()).body().contains("ext-mallory"));
    }

    @Test
    void aKeyRotatedAtTheProviderIsPickedUp() throws Exception {
        assertNotNull(signIn(Map.of("sub", "rita-1", "preferred_username", "ext-rita"))
                .session());
        int fetches = provider.jwksFetches.get();
        provider.rotateKey();
        Landing after = signIn(Map.of("sub", "rita-1", "preferred_username", "ext-rita"));
        assertNotNull(after.session(), "signed with the new key, which Hearth fetched");
        assertTrue(provider.jwksFetches.get() > fetches);
    }

    @Test
    void aCallbackWithoutItsCookieOrWithAnotherStateIsRefused() throws Exception {
        provider.signsIn(Map.of("sub", "sam-1"));
        HttpResponse<String> start = get(SharedHearth.server().uri("/api/v1/auth/oidc/login"), null);
        URI back = location(get(location(start), null));
        HttpResponse<String> noCookie = get(back, null);
        assertEquals(SharedHearth.server().uri("/login?error=oidc_expired"), location(noCookie));
        HttpResponse<String> otherState = get(
                URI.create(back.toString().replaceAll("state=[^&]+", "state=forged")),
                "hearth_oidc=" + cookie(start, "hearth_oidc").orElseThrow());
        assertEquals(SharedHearth.server().uri("/login?error=oidc_expired"), location(otherState));
        assertTrue(cookie(otherState, "hearth_session").isEmpty());
    }

    @Test
    void aDisabledUserIsNotSignedInAndNextStaysOnThisSite() throws Exception {
        Landing dora = signIn(Map.of("sub", "dora-1", "preferred_username", "ext-dora"));
        long id =
                api.get("/api/v1/me", dora.session()).json().getJsonNumber("id").longValue();
        api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"disabled\":true}");
        Landing refused = signIn(Map.of("sub", "dora-1"));
        assertEquals(SharedHearth.server().uri("/login?error=oidc_disabled"), refused.location());
        assertNull(refused.session());

        provider.signsIn(Map.of("sub", "nina-1", "preferred_username", "ext-nina"));
        Landing offsite = signIn(SharedHearth.server(), "//evil.example/x", a -> location(get(a, null)));
        assertEquals(SharedHearth.server().uri("/"), offsite.location());
    }

    /**
     * A second Hearth signs its users in through the shared one, as another tool would: the shared Hearth is its
     * OpenID Connect provider, and password sign-in is turned off there.
     */
    @Test
    void anotherHearthSignsInThroughThisOne() throws Exception {
        String admin = api.adminToken();
        Api.Reply registered = api.send(
                "POST",
                "/api/v1/admin/oauth2/clients",
                admin,
                "{\"name\":\"Second Hearth\",\"redirectUris\":[\"http://127.0.0.1:1/later\"],\"confidential\":true}");
        JsonObject client = registered.json();
        Path work = Path.of(System.getProperty("hearth.it.dir", "target/it"))
                .resolve("relying-" + System.currentTimeMillis());
        try (HearthServer second = new HearthServer(
                work,
                Map.of(
                        "HEARTH_OIDC_ISSUER",
                        SharedHearth.server().uri("/").toString().replaceAll("/$", ""),
                        "HEARTH_OIDC_CLIENT_ID",
                        client.getString("clientId"),
                        "HEARTH_OIDC_CLIENT_SECRET",
                        client.getString("clientSecret"),
                        "HEARTH_OIDC_NAME",
                        "Main Hearth",
                        "HEARTH_LOGIN_PASSWORD",
                        "false",
                        "HEARTH_PUBLIC_URL",
                        HearthServer.SELF,
                        // the operator's choice, tried on the way: Payara's /metrics and /openapi closed
                        "HEARTH_METRICS",
                        "false",
                        "HEARTH_OPENAPI",
                        "false"))) {
            second.start();
            api.send(
                    "PATCH",
                    "/api/v1/admin/oauth2/clients/" + client.getJsonNumber("id"),
                    admin,
                    Json.createObjectBuilder()
                            .add(
                                    "redirectUris",
                                    Json.createArrayBuilder(List.of(second.uri("/api/v1/auth/oidc/callback")
                                            .toString())))
                            .build()
                            .toString());
            Api other = new Api(second);
            for (String closed : List.of("/metrics", "/openapi")) {
                Api.Reply reply = other.get(closed, null);
                assertTrue(reply.status() == 403 || reply.status() == 404, closed + " turned off: " + reply);
                assertFalse(reply.body().contains("# TYPE") || reply.body().contains("openapi:"), reply::toString);
            }
            assertEquals(200, other.get("/health/ready", null).status(), "health stays for the probes");
            assertFalse(other.get("/api/v1/auth/methods", null).json().getBoolean("password"));
            assertProblem(other.login("admin", HearthServer.ADMIN_PASSWORD), 403, "password_login_disabled");

            api.createUser("shared-sue", "shared-sue-password", "user");
            String sue = api.token("shared-sue", "shared-sue-password");
            Landing landed = signIn(second, "/", authorization -> {
                // the user, signed in at the shared Hearth, allows the second one on its consent page
                String query = authorization.getRawQuery();
                Api.Reply asked = api.get("/api/v1/oauth2/authorize?" + query, sue);
                assertEquals("Second Hearth", asked.json().getString("client"), asked::toString);
                Api.Reply allowed = api.send(
                        "POST",
                        "/api/v1/oauth2/authorize",
                        sue,
                        Json.createObjectBuilder()
                                .add("request", query)
                                .add("approve", true)
                                .build()
                                .toString());
                return URI.create(allowed.json().getString("redirect"));
            });
            assertEquals(second.uri("/"), landed.location());
            JsonObject me = other.get("/api/v1/me", landed.session()).json();
            assertEquals("shared-sue", me.getString("username"), "the shared Hearth's preferred_username");
        }
    }
}
