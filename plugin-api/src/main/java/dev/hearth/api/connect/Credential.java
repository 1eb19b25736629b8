package dev.hearth.api.connect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A secret that proves the user to the upstream. Hearth stores it encrypted and adds it to every request made
 * through {@link HttpClients}; it never reaches the browser or the log.
 *
 * @since 0.4
 */
public sealed interface Credential {

    /**
     * The value of the {@code Authorization} header.
     *
     * @return the header value
     * @since 0.4
     */
    String authorization();

    /**
     * A bearer token ({@code Authorization: Bearer <token>}).
     *
     * @param token the token
     * @since 0.4
     */
    record Bearer(String token) implements Credential {
        @Override
        public String authorization() {
            return "Bearer " + token;
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }

    /**
     * HTTP Basic ({@code Authorization: Basic base64(username:password)}), for example an app password.
     *
     * @param username the user name
     * @param password the password or token
     * @since 0.4
     */
    record Basic(String username, String password) implements Credential {
        @Override
        public String authorization() {
            return "Basic "
                    + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[" + username + ":***]";
        }
    }

    /**
     * OAuth 2.0 tokens. Hearth refreshes the access token before it expires (once, however many requests need
     * it at the time) and stores a rotated refresh token in the same step.
     *
     * @param accessToken the access token, sent as {@code Bearer}
     * @param refreshToken the refresh token, or {@code null} when the upstream gave none
     * @param expiresAt when the access token expires, or {@code null} when the upstream did not say
     * @since 0.4
     */
    record OAuth2(String accessToken, String refreshToken, Instant expiresAt) implements Credential {
        @Override
        public String authorization() {
            return "Bearer " + accessToken;
        }

        @Override
        public String toString() {
            return "OAuth2[***, expires " + expiresAt + "]";
        }
    }
}
