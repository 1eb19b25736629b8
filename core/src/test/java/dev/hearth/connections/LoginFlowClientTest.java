package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.api.connect.UpstreamException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What an instance answers to "start a login" goes to the user's browser: only http(s) URLs pass. */
class LoginFlowClientTest {

    private static final String ANSWER = "{\"poll\":{\"token\":\"t\",\"endpoint\":\"%s\"},\"login\":\"%s\"}";

    @Test
    void theLoginAndPollUrlsMustBeWebAddresses() throws Exception {
        try (AnsweringServer server = new AnsweringServer()) {
            LoginFlowClient client = new LoginFlowClient(
                    new UpstreamPool(
                            UrlGuard.fromConfig("127.0.0.1", "*"), Duration.ofSeconds(2), Duration.ofSeconds(2)),
                    64 * 1024);
            String poll = server.uri() + "/index.php/login/v2/poll";
            server.answer(200, ANSWER.formatted(poll, server.uri() + "/index.php/login/v2/flow/abc"));
            assertEquals(
                    server.uri() + "/index.php/login/v2/flow/abc",
                    client.start(server.uri()).loginUrl().toString());

            for (String[] bad : new String[][] {
                {poll, "javascript:alert(document.cookie)"},
                {poll, "data:text/html,<script>alert(1)</script>"},
                {poll, "/relative/flow"},
                {"file:///etc/passwd", server.uri() + "/flow"}
            }) {
                server.answer(200, ANSWER.formatted(bad[0], bad[1]));
                assertEquals(
                        UpstreamException.Kind.BAD_RESPONSE,
                        assertThrows(UpstreamException.class, () -> client.start(server.uri()))
                                .kind(),
                        bad[1]);
            }
        }
    }
}
