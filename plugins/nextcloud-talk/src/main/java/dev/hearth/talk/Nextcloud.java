package dev.hearth.talk;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.HttpClients;
import dev.hearth.api.connect.UpstreamException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The Nextcloud calls the plugin makes, for one user's connection. */
final class Nextcloud {

    private Nextcloud() {}

    /** Who the credential belongs to: {@code GET /ocs/v2.php/cloud/user}. */
    static AccountIdentity identity(URI instance, HttpClients http) {
        JsonValue data = Ocs.data(http.create(NextcloudApi.class, instance).currentUser());
        if (!(data instanceof JsonObject user) || !user.containsKey("id")) {
            throw Ocs.notOcs(null);
        }
        String id = user.getString("id");
        String name = user.getString("display-name", user.getString("displayname", id));
        return new AccountIdentity(id, name.isBlank() ? id : name);
    }

    /** The user's conversations, newest activity first, without the changelog conversation. */
    static List<Conversation> conversations(UserContext user) {
        return Conversation.listOf(Ocs.data(api(user).rooms(1)));
    }

    static NextcloudApi api(UserContext user) {
        return user.http().create(NextcloudApi.class, connection(user).instanceUrl());
    }

    static ConnectedAccount connection(UserContext user) {
        return user.connection()
                .orElseThrow(
                        () -> new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "Not connected to Nextcloud"));
    }

    /** {@code <instance>/index.php/<path>}, for links the user opens. */
    static URI link(URI instance, String path) {
        String base = instance.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/index.php/" + path);
    }

    /** Where a conversation opens in Talk. */
    static URI conversationLink(URI instance, String token) {
        return link(instance, "call/" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}
