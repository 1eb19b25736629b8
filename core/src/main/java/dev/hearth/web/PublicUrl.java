package dev.hearth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Hearth's public root URL, without a trailing slash: the configured {@code hearth.public.url} (set it behind a proxy),
 * else the scheme, host and context path this request came to.
 */
public final class PublicUrl {

    private PublicUrl() {}

    public static String of(Optional<String> configured, HttpServletRequest request) {
        String base = configured
                .filter(url -> !url.isBlank())
                .orElseGet(() -> request.getScheme() + "://" + request.getHeader("Host") + request.getContextPath());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
