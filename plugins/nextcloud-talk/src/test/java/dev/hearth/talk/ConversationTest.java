package dev.hearth.talk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.testkit.FakeUserContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The room list of a real Nextcloud 34 with Talk 24 (captured answer, see src/test/resources). */
class ConversationTest {

    private static final UserContext ENGLISH =
            FakeUserContext.of(new NextcloudTalkPlugin()).build();
    private static final UserContext GERMAN =
            FakeUserContext.of(new NextcloudTalkPlugin()).locale(Locale.GERMAN).build();

    private static String sample() throws IOException {
        try (InputStream in = ConversationTest.class.getResourceAsStream("/talk-v4-room-list.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void leavesOutTheChangelogAndSortsByLatestActivityWithTheTokenBreakingTies() throws IOException {
        List<Conversation> conversations = Conversation.listOf(Ocs.data(sample()));
        assertEquals(
                List.of("wqwrj6k7", "3tdac92u", "g29cejey", "nm47xyrj", "khhu68t4", "u4x4qnrs"),
                conversations.stream().map(Conversation::token).toList());
        assertEquals(15, Conversation.totalUnread(conversations), "7 + 4 + 1 + 2 + 1, the changelog's 3 left out");
        Conversation bob = conversations.get(0);
        assertEquals("Bob Test", bob.displayName());
        assertEquals(1, bob.type());
        assertEquals(2, bob.unreadMessages());
        assertEquals(1795498681L, bob.lastActivity());
        assertEquals(
                "Bob Test: Are we still within the 10k limit? \ud83d\udcb6",
                bob.lastMessage().preview(ENGLISH, "alice"));
    }

    @Test
    void aSystemMessageReadsWithoutAnAuthor() throws IOException {
        Conversation note = Conversation.listOf(Ocs.data(sample())).stream()
                .filter(c -> c.type() == 6)
                .findFirst()
                .orElseThrow();
        assertEquals("System created the conversation", note.lastMessage().preview(ENGLISH, "alice"));
    }

    @Test
    void ownMessagesAreTheUsersInTheirLanguage() {
        Conversation.Message mine =
                new Conversation.Message("Alice Test", "alice", "Hallo", Conversation.Message.Kind.COMMENT, 1);
        assertEquals("Du: Hallo", mine.preview(GERMAN, "alice"));
        assertEquals("You: Hallo", mine.preview(ENGLISH, "alice"));
        assertEquals("Alice Test: Hallo", mine.preview(ENGLISH, "bob"));
    }

    @Test
    void aRoomWithoutMessagesAndASensitiveRoomHaveNoPreview() {
        String rooms =
                """
                {"ocs":{"meta":{"status":"ok","statuscode":200,"message":"OK"},"data":[
                 {"token":"a1","type":2,"name":"Empty","displayName":"Empty","unreadMessages":0,"lastActivity":5,
                  "lastMessage":[]},
                 {"token":"b2","type":3,"name":"Secret","displayName":"Secret","unreadMessages":2,"lastActivity":9,
                  "isSensitive":true,"lastMessage":{"id":3,"actorType":"users","actorId":"bob",
                  "actorDisplayName":"Bob","timestamp":9,"message":"the code is 1234","messageParameters":[],
                  "messageType":"comment","systemMessage":""}}]}}""";
        List<Conversation> conversations = Conversation.listOf(Ocs.data(rooms));
        assertEquals(
                List.of("b2", "a1"),
                conversations.stream().map(Conversation::token).toList());
        assertNull(conversations.get(0).lastMessage());
        assertNull(conversations.get(1).lastMessage());
    }

    @Test
    void garbageIsABadResponse() {
        for (String body : List.of(
                "<!DOCTYPE html><html>Login</html>",
                "{\"ocs\":{\"data\":{\"token\":1}}}",
                "{\"oc",
                "{\"ocs\":{\"meta\":{},\"data\":[{\"token\":\"x\"}]}}",
                "[]")) {
            UpstreamException e =
                    assertThrows(UpstreamException.class, () -> Conversation.listOf(Ocs.data(body)), body);
            assertEquals(UpstreamException.Kind.BAD_RESPONSE, e.kind());
        }
    }

    @Test
    void placeholdersAreFilledFromTheMessageParameters() {
        JsonObject parameters = Json.createReader(
                        new java.io.StringReader(
                                """
                {"mention-user1":{"type":"user","id":"alice","name":"Alice Test","mention-id":"alice"},
                 "file":{"type":"file","id":"42","name":"budget.xlsx","path":"Documents/budget.xlsx"},
                 "actor":{"type":"user","id":"carol","name":"Carol Test"},
                 "user":{"type":"user","id":"bob","name":"Bob Test"}}"""))
                .readObject();
        assertEquals(
                "@Alice Test please check budget.xlsx",
                MessageText.render("{mention-user1} please check {file}", parameters, false));
        assertEquals("Carol Test added Bob Test", MessageText.render("{actor} added {user}", parameters, true));
        assertEquals("{unknown} stays", MessageText.render("{unknown} stays", parameters, false));
        assertEquals("$1 and \\ are literal", MessageText.render("$1 and \\ are literal", parameters, false));
    }

    @Test
    void previewsAreOneShortLine() {
        assertEquals(
                "## Title - one - two",
                MessageText.render("## Title\n- one\n\n- two  ", JsonObject.EMPTY_JSON_OBJECT, false));
        String emoji = "\ud83d\udcb6".repeat(300);
        String shortened = MessageText.render(emoji, JsonObject.EMPTY_JSON_OBJECT, false);
        assertEquals(MessageText.MAX_LENGTH, shortened.codePointCount(0, shortened.length()));
        assertEquals("\ud83d\udcb6", shortened.substring(shortened.length() - 3, shortened.length() - 1));
    }
}
