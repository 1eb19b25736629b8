package dev.hearth.connections;

import static dev.hearth.json.Jsonp.JSON;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.plugins.HttpUrls;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/** The client side of Nextcloud's Login Flow v2 and of app-password revocation. */
public final class LoginFlowClient {

    /** What starting a login gives: where the user logs in, and how Hearth polls. */
    public record Login(URI loginUrl, URI pollEndpoint, String pollToken) {}

    /** What a finished login hands over, once. */
    public record Granted(URI server, String loginName, String appPassword) {}

    private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded");

    private final BoundedHttp http;

    LoginFlowClient(UpstreamPool pool, int bodyLimit) {
        this.http = new BoundedHttp(pool, bodyLimit);
    }

    public Login start(URI instance) {
        JsonObject json = json(
                send(ClassicRequestBuilder.post(below(instance, "index.php/login/v2"))
                        .setEntity(new byte[0], null) // Content-Length: 0, as a POST without a body has
                        .build()),
                200);
        try {
            JsonObject poll = json.getJsonObject("poll");
            return new Login(web(json.getString("login")), web(poll.getString("endpoint")), poll.getString("token"));
        } catch (RuntimeException e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, "The server's login answer is not Login Flow v2");
        }
    }

    /** Empty while the user has not finished (404), the credentials once they have. */
    public Optional<Granted> poll(URI endpoint, String token) {
        BoundedHttp.Answer response = send(ClassicRequestBuilder.post(endpoint)
                .setEntity(
                        ("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.US_ASCII),
                        FORM)
                .build());
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonObject json = json(response, 200);
        try {
            return Optional.of(new Granted(
                    URI.create(json.getString("server")), json.getString("loginName"), json.getString("appPassword")));
        } catch (RuntimeException e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, "The server's poll answer is not Login Flow v2");
        }
    }

    /** Revokes the app password upstream; answers whether the server confirmed it. */
    public boolean revoke(URI instance, Credential credential) {
        BoundedHttp.Answer response = send(ClassicRequestBuilder.delete(below(instance, "ocs/v2.php/core/apppassword"))
                .addHeader("Authorization", credential.authorization())
                .addHeader("OCS-APIRequest", "true")
                .addHeader("Accept", "application/json")
                .build());
        return response.status() == 200;
    }

    /** An absolute http(s) URL: the login URL goes to the user's browser, so nothing else (javascript:...) may. */
    private static URI web(String url) {
        URI uri = URI.create(url);
        if (!uri.isAbsolute()
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        return uri;
    }

    /** A path below the instance's base URL (which may have a path of its own, like /nextcloud). */
    private static URI below(URI instance, String relative) {
        return URI.create(HttpUrls.withoutTrailingSlash(instance.toString()) + "/" + relative);
    }

    private BoundedHttp.Answer send(ClassicHttpRequest request) {
        return http.send(request, "The server");
    }

    private static JsonObject json(BoundedHttp.Answer response, int expected) {
        if (response.status() != expected) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, "The server answered HTTP " + response.status());
        }
        try {
            return JSON.createReader(new StringReader(response.body())).readObject();
        } catch (RuntimeException e) {
            throw new UpstreamException(UpstreamException.Kind.BAD_RESPONSE, "The server's answer is not JSON");
        }
    }
}
