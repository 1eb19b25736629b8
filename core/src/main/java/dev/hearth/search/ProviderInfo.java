package dev.hearth.search;

/** A search provider the user can ask: {@code id} is {@code <plugin id>/<provider id>}. */
public record ProviderInfo(String id, String pluginId, String name, int order, boolean needsConnection) {}
