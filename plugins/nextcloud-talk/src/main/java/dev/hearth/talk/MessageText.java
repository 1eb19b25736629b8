package dev.hearth.talk;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talk messages as plain text. A message holds {@code {placeholders}} (for example
 * {@code "{mention-user1} please check {file}"}) whose rich objects are in {@code messageParameters}; as Talk's own
 * dashboard widget does, each is replaced by the object's {@code name}, mentions of people prefixed with
 * {@code @}. In system messages ("{actor} added {user}") names read without the {@code @}. Placeholders without
 * an object stay as they are. The result is one line, shortened to {@value #MAX_LENGTH} characters.
 */
final class MessageText {

    static final int MAX_LENGTH = 200;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_-]+)}");
    private static final Set<String> MENTIONED =
            Set.of("user", "guest", "user-group", "group", "team", "circle", "email", "federated_user", "call");

    private MessageText() {}

    static String render(String message, JsonObject parameters, boolean system) {
        Matcher m = PLACEHOLDER.matcher(message);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            JsonValue parameter = parameters.get(m.group(1));
            String replacement = m.group();
            if (parameter instanceof JsonObject object && object.containsKey("name")) {
                String name = object.getString("name", "");
                replacement = !system && MENTIONED.contains(object.getString("type", "")) ? "@" + name : name;
            }
            m.appendReplacement(text, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(text);
        String line = text.toString().replaceAll("\\s+", " ").strip();
        if (line.codePointCount(0, line.length()) <= MAX_LENGTH) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, MAX_LENGTH - 1)).stripTrailing() + "…";
    }
}
