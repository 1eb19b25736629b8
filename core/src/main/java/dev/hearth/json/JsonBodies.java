package dev.hearth.json;

import static dev.hearth.json.Jsonp.JSON;

import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bodies read whole, within a size limit, and JSON proved complete before anything binds it.
 *
 * <p>Why: the JSON-P parser Payara ships (Parsson) loops forever in {@code skipArray()} and {@code skipObject()} when
 * the input ends before the array or object does (eclipse-ee4j/parsson#23), and JSON-B skips every property it does
 * not know with exactly those calls. So a request body like {@code {"a": [1, 2}, or an upstream answer cut short,
 * kept a thread busy for good. A body that has been parsed to its end here cannot end early in a binding: it is one
 * complete JSON text, so every skip finds its closing bracket. The check streams events and never skips, and is
 * independent of the binding (JSON-B, JSON-P, or a plugin's own library).
 */
public final class JsonBodies {

    /**
     * Deeper nesting is refused: no request body or upstream answer Hearth reads needs it, and bindings recurse
     * once per level.
     */
    public static final int MAX_DEPTH = 128;

    private JsonBodies() {}

    /** Whether a body of this media type is read as JSON: {@code application/json} or any {@code …+json}. */
    public static boolean isJson(MediaType type) {
        if (type == null) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    /**
     * The whole body, if it has at most {@code limit} bytes.
     *
     * @throws TooLarge when it has more (reading stops just after the limit)
     */
    public static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new TooLarge(limit);
        }
        return body;
    }

    /**
     * Checks the body of an entity about to be read (a request's, or an upstream's answer): reads it whole, within
     * the limit, proves it complete when it is JSON, and hands the reader the very bytes that were checked.
     *
     * @throws TooLarge when the body is longer than {@code limit} bytes
     * @throws JsonParsingException when a JSON body is not one complete JSON text ({@link #requireComplete})
     */
    public static void check(ReaderInterceptorContext context, int limit) throws IOException {
        byte[] body = readAtMost(context.getInputStream(), limit);
        if (body.length > 0 && isJson(context.getMediaType())) {
            requireComplete(body);
        }
        context.setInputStream(new ByteArrayInputStream(body));
    }

    /**
     * Parses the body to its end, without binding anything.
     *
     * @throws JsonParsingException when the body is not exactly one complete JSON text, or nests deeper than
     *     {@link #MAX_DEPTH}; its message says what is wrong and where, in words for the client
     */
    public static void requireComplete(byte[] body) {
        // UTF-8, as JSON-B reads it (RFC 8259 requires it between systems): the text checked is the text bound.
        String text = new String(body, StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_ARRAY, START_OBJECT -> {
                        if (++depth > MAX_DEPTH) {
                            throw new JsonParsingException(
                                    "it nests arrays and objects more than " + MAX_DEPTH + " levels deep",
                                    parser.getLocation());
                        }
                    }
                    case END_ARRAY, END_OBJECT -> depth--;
                    default -> {}
                }
            }
            if (depth > 0) { // the JSON-P contract lets a parser simply stop at the end of the input
                throw new JsonParsingException(endsEarly(text), parser.getLocation());
            }
        } catch (JsonParsingException e) {
            JsonLocation where = e.getLocation();
            if (where == null || e.getMessage().startsWith("it ")) {
                throw e;
            }
            // At the end of the input, Parsson reports a position past it.
            throw new JsonParsingException(
                    where.getStreamOffset() >= text.length()
                            ? endsEarly(text)
                            : "unexpected '" + text.charAt((int) where.getStreamOffset()) + "' at line "
                                    + where.getLineNumber() + ", column " + where.getColumnNumber(),
                    e,
                    where);
        }
    }

    private static String endsEarly(String text) {
        return "it ends after " + text.length() + " characters, before the JSON text is complete";
    }

    /** A body longer than the limit. */
    public static final class TooLarge extends IOException {
        public TooLarge(int limit) {
            super("The body is longer than " + limit + " bytes");
        }
    }
}
