package com.example.hello;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.PluginContext;
import dev.hearth.api.PluginSettings;
import dev.hearth.api.SettingDefinition;
import dev.hearth.api.SettingType;
import dev.hearth.api.UserContext;
import dev.hearth.api.endpoints.PluginEndpoint;
import java.util.List;
import java.util.Map;

/**
 * An example plugin with settings of every type (a secret among them) and data of its own in Hearth's store: the
 * plugin remembers when it first started, and each user's number of visits to its {@code greeting} endpoint.
 */
public class HelloPlugin implements HearthPlugin {

    private volatile PluginContext context;

    /** What {@code GET /api/v1/plugins/hello/greeting} answers. */
    public record Greeting(String text, int visits, String firstStarted) {}

    @Override
    public String id() {
        return "hello";
    }

    @Override
    public String name() {
        return "Hello World";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.of("greeting", "Greeting", SettingType.STRING).withDefault("Hello"),
                SettingDefinition.of("url", "Server URL", SettingType.URL).withHelp("Where the greetings live"),
                SettingDefinition.secret("apiKey", "API key"),
                SettingDefinition.of("verbose", "Verbose", SettingType.BOOLEAN).withDefault("false"));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
        if (context.store().get("first-started").isEmpty()) {
            context.store().put("first-started", context.clock().instant().toString());
        }
        PluginSettings s = context.settings();
        context.logger()
                .log(
                        System.Logger.Level.INFO,
                        "hello plugin started at " + context.clock().instant()
                                + ": greeting=" + s.get("greeting").orElse("-") + ", url="
                                + s.get("url").orElse("-")
                                + ", apiKey="
                                + s.get("apiKey")
                                        .map(k -> "set (" + k.length() + " chars)")
                                        .orElse("unset"));
    }

    @Override
    public List<PluginEndpoint> endpoints() {
        return List.of(new PluginEndpoint() {
            @Override
            public String path() {
                return "greeting";
            }

            @Override
            public Object get(UserContext user, Map<String, List<String>> query) {
                int visits = user.store().get("visits").map(Integer::parseInt).orElse(0) + 1;
                user.store().put("visits", Integer.toString(visits));
                return new Greeting(
                        context.settings().require("greeting") + ", " + user.username(),
                        visits,
                        context.store().get("first-started").orElseThrow());
            }
        });
    }
}
