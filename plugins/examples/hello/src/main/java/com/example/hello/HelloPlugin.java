package com.example.hello;

import dev.hearth.api.*;
import java.util.List;
import java.util.Optional;

/** An example plugin with settings of every type (a secret among them) and a Liquibase changelog of its own. */
public class HelloPlugin implements HearthPlugin {
    public String id() { return "hello"; }
    public String name() { return "Hello World"; }
    public Optional<String> changelog() { return Optional.of("META-INF/hearth/changelog/hello.xml"); }
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.of("greeting", "Greeting", SettingType.STRING).withDefault("Hello"),
                SettingDefinition.of("url", "Server URL", SettingType.URL).withHelp("Where the greetings live"),
                SettingDefinition.secret("apiKey", "API key"),
                SettingDefinition.of("verbose", "Verbose", SettingType.BOOLEAN).withDefault("false"));
    }
    public void start(PluginContext context) {
        PluginSettings s = context.settings();
        context.logger().log(System.Logger.Level.INFO, "hello plugin started at " + context.clock().instant()
                + ": greeting=" + s.get("greeting").orElse("-") + ", url=" + s.get("url").orElse("-")
                + ", apiKey=" + s.get("apiKey").map(k -> "set (" + k.length() + " chars)").orElse("unset"));
    }
}
