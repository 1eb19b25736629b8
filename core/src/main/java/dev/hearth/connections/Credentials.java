package dev.hearth.connections;

import static dev.hearth.json.Jsonp.JSON;

import dev.hearth.api.connect.Credential;
import dev.hearth.security.Secrets;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;

/**
 * A credential as stored: JSON, encrypted, bound to its user, plugin and server (the instance URL is part of the
 * associated data, so a row whose {@code instance_url} was changed in the database no longer opens, and the credential
 * cannot be sent to the new address). An OAuth credential carries the token endpoint it was issued by: its refresh
 * token goes there and nowhere else, whatever the plugin's settings say later.
 */
final class Credentials {

    /** Sealed with the server bound in; earlier values (plain {@code v1:}) are rebound once at start. */
    private static final String BOUND = "b2:";

    private Credentials() {}

    /** A credential as opened, with the token endpoint an OAuth one was issued by ({@code null} if unknown). */
    record Opened(Credential credential, URI tokenUrl) {}

    static String seal(
            Secrets secrets, Credential credential, long accountId, String pluginId, String instanceUrl, URI tokenUrl) {
        return BOUND + secrets.encrypt(json(credential, tokenUrl), context(accountId, pluginId, instanceUrl));
    }

    private static String json(Credential credential, URI tokenUrl) {
        JsonObject json;
        if (credential instanceof Credential.Bearer b) {
            json = JSON.createObjectBuilder()
                    .add("type", "bearer")
                    .add("token", b.token())
                    .build();
        } else if (credential instanceof Credential.OAuth2 o) {
            var builder = JSON.createObjectBuilder().add("type", "oauth2").add("access", o.accessToken());
            if (o.refreshToken() != null) {
                builder.add("refresh", o.refreshToken());
            }
            if (o.expiresAt() != null) {
                builder.add("expires", o.expiresAt().getEpochSecond());
            }
            if (tokenUrl != null) {
                builder.add("token_url", tokenUrl.toString());
            }
            json = builder.build();
        } else if (credential instanceof Credential.Basic b) {
            json = JSON.createObjectBuilder()
                    .add("type", "basic")
                    .add("username", b.username())
                    .add("password", b.password())
                    .build();
        } else {
            throw new IllegalArgumentException("Unknown credential " + credential.getClass());
        }
        return json.toString();
    }

    /** @throws IllegalStateException when it does not open: another row's, another server's, or never rebound */
    static Opened open(Secrets secrets, String sealed, long accountId, String pluginId, String instanceUrl) {
        if (!sealed.startsWith(BOUND)) {
            throw new IllegalStateException("The credential is not bound to its server");
        }
        JsonObject json = JSON.createReader(new StringReader(
                        secrets.decrypt(sealed.substring(BOUND.length()), context(accountId, pluginId, instanceUrl))))
                .readObject();
        return new Opened(
                credential(json), json.containsKey("token_url") ? URI.create(json.getString("token_url")) : null);
    }

    /**
     * A value sealed before the server was bound in, sealed again with it; an OAuth credential also gets the token
     * endpoint that issued it, as far as it is known now ({@code tokenUrl}, or null).
     */
    static String rebind(
            Secrets secrets, String legacy, long accountId, String pluginId, String instanceUrl, URI tokenUrl) {
        JsonObject json = JSON.createReader(
                        new StringReader(secrets.decrypt(legacy, "connection:" + accountId + ":" + pluginId)))
                .readObject();
        URI issuer = json.containsKey("token_url") ? URI.create(json.getString("token_url")) : tokenUrl;
        return seal(secrets, credential(json), accountId, pluginId, instanceUrl, issuer);
    }

    private static Credential credential(JsonObject json) {
        return switch (json.getString("type")) {
            case "bearer" -> new Credential.Bearer(json.getString("token"));
            case "basic" -> new Credential.Basic(json.getString("username"), json.getString("password"));
            case "oauth2" -> new Credential.OAuth2(
                    json.getString("access"),
                    json.getString("refresh", null),
                    json.containsKey("expires")
                            ? java.time.Instant.ofEpochSecond(
                                    json.getJsonNumber("expires").longValue())
                            : null);
            default -> throw new IllegalStateException("Unknown credential type " + json.getString("type"));
        };
    }

    private static String context(long accountId, String pluginId, String instanceUrl) {
        return "connection:" + accountId + ":" + pluginId + ":" + instanceUrl;
    }
}
