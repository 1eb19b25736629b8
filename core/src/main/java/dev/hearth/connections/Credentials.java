package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.security.Secrets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** A credential as stored: JSON, encrypted, bound to its user and plugin. */
final class Credentials {

    private Credentials() {}

    static String seal(Secrets secrets, Credential credential, long accountId, String pluginId) {
        JsonObject json;
        if (credential instanceof Credential.Bearer b) {
            json = Json.createObjectBuilder()
                    .add("type", "bearer")
                    .add("token", b.token())
                    .build();
        } else if (credential instanceof Credential.OAuth2 o) {
            var builder = Json.createObjectBuilder().add("type", "oauth2").add("access", o.accessToken());
            if (o.refreshToken() != null) {
                builder.add("refresh", o.refreshToken());
            }
            if (o.expiresAt() != null) {
                builder.add("expires", o.expiresAt().getEpochSecond());
            }
            json = builder.build();
        } else if (credential instanceof Credential.Basic b) {
            json = Json.createObjectBuilder()
                    .add("type", "basic")
                    .add("username", b.username())
                    .add("password", b.password())
                    .build();
        } else {
            throw new IllegalArgumentException("Unknown credential " + credential.getClass());
        }
        return secrets.encrypt(json.toString(), context(accountId, pluginId));
    }

    static Credential open(Secrets secrets, String sealed, long accountId, String pluginId) {
        JsonObject json = Json.createReader(new StringReader(secrets.decrypt(sealed, context(accountId, pluginId))))
                .readObject();
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

    private static String context(long accountId, String pluginId) {
        return "connection:" + accountId + ":" + pluginId;
    }
}
