package dev.hearth;

/**
 * Text from outside (an upstream's account name, say) as it may go into a log line: quoted, with line breaks and
 * other control characters escaped, so that it cannot forge further log lines or hide itself.
 */
public final class LogText {

    private LogText() {}

    public static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
