package dev.hearth.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. Each of {@code jakarta.json.Json}'s factory methods looks the provider up
 * again through {@link java.util.ServiceLoader}, which in an application server scans the class path's JARs: on
 * every request that read or wrote JSON, that lookup cost more than the rest of the request.
 */
public final class Jsonp {

    public static final JsonProvider JSON = JsonProvider.provider();

    private Jsonp() {}
}
