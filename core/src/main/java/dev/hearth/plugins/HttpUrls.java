package dev.hearth.plugins;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for URLs that people type (an instance URL, a server setting): absolute {@code http} or
 * {@code https} with a host, no credentials, query or fragment; stored without a trailing slash.
 */
public final class HttpUrls {

    private HttpUrls() {}

    /** The URL as Hearth stores and compares it: without a trailing slash. */
    public static String withoutTrailingSlash(String url) {
        return url.replaceAll("/+$", "");
    }

    /** Whether two URLs are the same as Hearth compares them (a trailing slash makes no difference). */
    public static boolean same(String a, String b) {
        return withoutTrailingSlash(a).equals(withoutTrailingSlash(b));
    }

    public static Optional<URI> parse(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")
                    || uri.getHost() == null
                    || uri.getUserInfo() != null
                    || uri.getFragment() != null
                    || uri.getQuery() != null) {
                return Optional.empty();
            }
            return Optional.of(URI.create(withoutTrailingSlash(uri.toString())));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
