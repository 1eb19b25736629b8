package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How token endpoint refusals are read: which ones mean "connect again", which ones are the upstream's fault. */
class OAuth2ClientTest {

    private AnsweringServer server;
    private OAuth2Client client;
    private OAuth2Flow flow;

    @BeforeEach
    void start() throws IOException {
        server = new AnsweringServer();
        URI base = server.uri();
        client = new OAuth2Client(
                new UpstreamPool(UrlGuard.fromConfig("127.0.0.1", "*"), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                64 * 1024,
                Clock.systemUTC());
        flow = OAuth2Flow.builder(
                        "Connect",
                        base,
                        base.resolve("/authorize"),
                        base.resolve("/token"),
                        "client",
                        (instance, http) -> null)
                .clientSecret("secret")
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UpstreamException.Kind refreshFails(int httpStatus, String body) {
        server.answer(httpStatus, body);
        return assertThrows(UpstreamException.class, () -> client.refresh(flow, flow.tokenUrl(), "old-refresh-token"))
                .kind();
    }

    @Test
    void aDeadRefreshTokenMeansConnectAgain() {
        assertEquals(UpstreamException.Kind.UNAUTHORIZED, refreshFails(400, "{\"error\":\"invalid_grant\"}"));
        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                refreshFails(400, "{\"error\":\"invalid_request\"}"),
                "Nextcloud's answer to a refresh token it no longer knows");
    }

    @Test
    void aRefusedRefreshSaysWhatTheUpstreamSaidAndWithWhichStatus() {
        server.answer(403, "{\"error\":\"invalid_grant\",\"error_description\":\"Unknown or invalid refresh token.\"}");
        UpstreamException refused =
                assertThrows(UpstreamException.class, () -> client.refresh(flow, flow.tokenUrl(), "old-refresh-token"));
        assertEquals(UpstreamException.Kind.UNAUTHORIZED, refused.kind());
        assertEquals(403, refused.status().orElseThrow());
        assertEquals(
                "The token endpoint refused: invalid_grant (Unknown or invalid refresh token.)", refused.getMessage());
    }

    @Test
    void anUpstreamThatWantsJsonGetsTheTokenRequestAsJson() {
        OAuth2Flow json = OAuth2Flow.builder(
                        "Connect",
                        flow.instanceUrl(),
                        flow.authorizeUrl(),
                        flow.tokenUrl(),
                        "client",
                        (instance, http) -> null)
                .clientSecret("secret \"quoted\"")
                .jsonTokenRequests()
                .build();
        server.answer(200, "{\"access_token\":\"a2\",\"expires_in\":3600,\"refresh_token\":\"r2\"}");
        assertEquals("r2", client.refresh(json, json.tokenUrl(), "r1").refreshToken());
        String body = server.lastRequest.substring("POST /token ".length());
        JsonObject sent = Json.createReader(new StringReader(body)).readObject();
        assertEquals("refresh_token", sent.getString("grant_type"));
        assertEquals("r1", sent.getString("refresh_token"));
        assertEquals("client", sent.getString("client_id"));
        assertEquals("secret \"quoted\"", sent.getString("client_secret"));
    }

    @Test
    void aRefusedRefreshIsExplainedByTheUpstreamsLimitsWhereTheyTellIt() {
        OAuth2Flow limited = OAuth2Flow.builder(
                        "Connect", flow.instanceUrl(), flow.authorizeUrl(), flow.tokenUrl(), "c", (i, h) -> null)
                .refreshTokenLimits(Duration.ofDays(90), Duration.ofDays(365))
                .build();
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        assertEquals(
                UserConnection.REFRESH_LIFETIME,
                RefreshStep.reason(limited, now.minus(Duration.ofDays(365)), now.minusSeconds(60), now));
        assertEquals(
                UserConnection.REFRESH_UNUSED,
                RefreshStep.reason(limited, now.minus(Duration.ofDays(200)), now.minus(Duration.ofDays(91)), now));
        assertEquals(
                UserConnection.REFRESH_UNUSED,
                RefreshStep.reason(limited, now.minus(Duration.ofDays(90)), null, now),
                "never refreshed: unused since the consent");
        assertEquals(
                UserConnection.REFRESH_REFUSED,
                RefreshStep.reason(limited, now.minus(Duration.ofDays(200)), now.minus(Duration.ofDays(89)), now),
                "within both limits: a changed password, revoked access");
        assertEquals(
                UserConnection.REFRESH_REFUSED,
                RefreshStep.reason(flow, now.minus(Duration.ofDays(900)), null, now),
                "an upstream whose limits are unknown");
    }

    @Test
    void aWrongClientSecretIsTheAdministratorsToFixNotEveryUsers() {
        server.answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        UpstreamException refused =
                assertThrows(UpstreamException.class, () -> client.refresh(flow, flow.tokenUrl(), "old-refresh-token"));
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, refused.kind(), "the connection does not expire");
        assertTrue(refused.getMessage().contains("client ID or secret"), refused.getMessage());
    }

    @Test
    void otherFailuresAreTheUpstreamsAndKeepTheConnection() {
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, refreshFails(500, "{\"error\":\"server_error\"}"));
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, refreshFails(502, "<html>Bad gateway</html>"));
        server.answer(400, "{\"error\":\"invalid_request\"}");
        assertEquals(
                UpstreamException.Kind.BAD_RESPONSE,
                assertThrows(
                                UpstreamException.class,
                                () -> client.exchange(flow, "code", URI.create("http://127.0.0.1/cb"), "verifier"))
                        .kind(),
                "a malformed code exchange is not a refused refresh");
    }

    @Test
    void aTokenAnswerCutShortIsABadResponseAtOnce() {
        // JSON-P's reader, unlike JSON-B's skipping of unknown members, stops at the end of the input
        for (String cut : List.of("{\"access_token\": \"a2\", \"extra\": [1, 2", "{\"extra\": {\"b\": 1", "[", "{")) {
            assertEquals(
                    UpstreamException.Kind.BAD_RESPONSE,
                    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refreshFails(200, cut)),
                    cut);
        }
    }

    @Test
    void aTokenAnswerOverTheLimitIsABadResponse() {
        assertEquals(
                UpstreamException.Kind.BAD_RESPONSE,
                refreshFails(200, "{\"access_token\": \"" + "a".repeat(70 * 1024) + "\"}"));
    }

    @Test
    void aRotatedRefreshTokenIsKeptAndAMissingOneKeepsTheOld() {
        server.answer(
                200,
                "{\"access_token\":\"a2\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"r2\"}");
        assertEquals("r2", client.refresh(flow, flow.tokenUrl(), "r1").refreshToken());
        server.answer(200, "{\"access_token\":\"a3\",\"token_type\":\"Bearer\"}");
        assertEquals("r1", client.refresh(flow, flow.tokenUrl(), "r1").refreshToken());
    }

    @Test
    void disconnectingRevokesTheRefreshTokenWithTheClientsCredentials() {
        OAuth2Flow revocable = OAuth2Flow.builder(
                        "Connect",
                        server.uri(),
                        server.uri().resolve("/authorize"),
                        server.uri().resolve("/token"),
                        "client",
                        (instance, http) -> null)
                .clientSecret("secret")
                .revokeUrl(server.uri().resolve("/oauth/revoke"))
                .build();
        server.answer(200, "{}");

        assertTrue(client.revoke(revocable, new Credential.OAuth2("a1", "r1", null)));
        assertEquals(
                "POST /oauth/revoke token=r1&token_type_hint=refresh_token&client_id=client&client_secret=secret",
                server.lastRequest);
        assertTrue(client.revoke(revocable, new Credential.OAuth2("a1", null, null)));
        assertEquals(
                "POST /oauth/revoke token=a1&token_type_hint=access_token&client_id=client&client_secret=secret",
                server.lastRequest,
                "without a refresh token, the access token");
        server.answer(503, "{\"error\":\"temporarily_unavailable\"}");
        assertFalse(client.revoke(revocable, new Credential.OAuth2("a1", "r1", null)), "not confirmed");
    }

    /** The read timeout bounds the whole answer, not each read: a server sending a byte at a time is given up on. */
    @Test
    void anAnswerThatTricklesIsGivenUpOnAtTheDeadline() {
        server.answer(200, "{\"access_token\":\"" + "x".repeat(400) + "\",\"token_type\":\"Bearer\"}");
        server.trickleMillis =
                20; // about 8 s for the whole answer; the pool allows 3 (1 s to connect, twice 1 s to read)
        UpstreamException failure =
                assertThrows(UpstreamException.class, () -> client.refresh(flow, flow.tokenUrl(), "old-refresh-token"));
        assertEquals(UpstreamException.Kind.UNAVAILABLE, failure.kind(), failure::getMessage);
    }
}
