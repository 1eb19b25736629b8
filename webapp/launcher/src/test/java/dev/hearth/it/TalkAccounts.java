package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hearth users with a Nextcloud Talk connection, made the way a user makes one: Login Flow v2 through the API. */
final class TalkAccounts {

    private TalkAccounts() {}

    /** A new Hearth user (password {@code <name>-password}); answers their token. */
    static String user(Api api, String name) throws Exception {
        api.createUser(name, name + "-password", "user");
        return api.token(name, name + "-password");
    }

    /** A new Hearth user connected as the Nextcloud user of the same name (created with the display name). */
    static String connected(Api api, FakeNextcloud nextcloud, String name, String displayName) throws Exception {
        String token = user(api, name);
        nextcloud.addUser(name, displayName);
        JsonObject started = api.send(
                        "POST", "/api/v1/connections/nextcloud-talk", token, "{\"flow\":\"login-flow-v2\"}")
                .json();
        nextcloud.grantLogin(started.getString("loginUrl"), name);
        Api.Reply done = poll(api, token, started.getString("pollId"));
        assertEquals(201, done.status(), done::toString);
        return token;
    }

    /** Polls a pending Login Flow v2 login of the Talk plugin. */
    static Api.Reply poll(Api api, String token, String pollId) throws Exception {
        return api.send(
                "POST",
                "/api/v1/connections/nextcloud-talk/poll",
                token,
                Json.createObjectBuilder().add("pollId", pollId).build().toString());
    }

    /** Conversations of every type, the changelog newest, so that leaving it out and the order are both seen. */
    static List<FakeNextcloud.Room> mixedRooms(String self, String selfName) {
        long now = Instant.now().getEpochSecond();
        return List.of(
                new FakeNextcloud.Room(
                        "changelg",
                        4,
                        self,
                        "Talk updates ✅",
                        9,
                        false,
                        now,
                        false,
                        new FakeNextcloud.Message(
                                90,
                                "bots",
                                "changelog",
                                "Talk updates ✅",
                                now,
                                "## New in Talk 24\n- Threads",
                                Map.of(),
                                "comment",
                                "")),
                new FakeNextcloud.Room(
                        "alpha123",
                        3,
                        "Project Alpha",
                        "Project Alpha",
                        4,
                        true,
                        now - 60,
                        false,
                        new FakeNextcloud.Message(
                                91,
                                "users",
                                "carol",
                                "Carol Test",
                                now - 60,
                                "{mention-user1} please check {file}",
                                Map.of(
                                        "mention-user1",
                                                Map.of(
                                                        "type",
                                                        "user",
                                                        "id",
                                                        self,
                                                        "name",
                                                        selfName,
                                                        "mention-id",
                                                        self),
                                        "file",
                                                Map.of(
                                                        "type",
                                                        "file",
                                                        "id",
                                                        "42",
                                                        "name",
                                                        "budget.xlsx",
                                                        "path",
                                                        "Documents/budget.xlsx")),
                                "comment",
                                "")),
                new FakeNextcloud.Room(
                        "bob12345",
                        1,
                        "bob",
                        "Bob Test",
                        0,
                        false,
                        now - 120,
                        false,
                        new FakeNextcloud.Message(
                                92,
                                "users",
                                "bob",
                                "Bob Test",
                                now - 120,
                                "Are we still within the 10k limit? \ud83d\udcb6",
                                Map.of(),
                                "comment",
                                "")),
                new FakeNextcloud.Room(
                        "testers1",
                        2,
                        "Testers (group)",
                        "Testers (group)",
                        1,
                        false,
                        now - 180,
                        false,
                        new FakeNextcloud.Message(
                                93,
                                "users",
                                "carol",
                                "Carol Test",
                                now - 180,
                                "{actor} added {user}",
                                Map.of(
                                        "actor",
                                        Map.of("type", "user", "id", "carol", "name", "Carol Test"),
                                        "user",
                                        Map.of("type", "user", "id", "bob", "name", "Bob Test")),
                                "system",
                                "user_added")),
                new FakeNextcloud.Room(
                        "notes123",
                        6,
                        "Note to self",
                        "Note to self",
                        0,
                        false,
                        now - 3600,
                        false,
                        new FakeNextcloud.Message(
                                94, "users", self, selfName, now - 3600, "milk, eggs", Map.of(), "comment", "")),
                new FakeNextcloud.Room(
                        "former12",
                        5,
                        "dave",
                        "Dave (deleted)",
                        2,
                        false,
                        now - 7200,
                        false,
                        new FakeNextcloud.Message(
                                95, "deleted_users", "deleted_users", "", now - 7200, "bye", Map.of(), "comment", "")));
    }
}
