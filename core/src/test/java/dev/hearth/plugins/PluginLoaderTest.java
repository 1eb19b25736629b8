package dev.hearth.plugins;

import static dev.hearth.testing.PluginJars.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.testing.PluginJars;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    @TempDir
    Path temp;

    private Path dir() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    private static Map<String, LoadedPlugin> byId(List<LoadedPlugin> plugins) {
        return plugins.stream().collect(Collectors.toMap(LoadedPlugin::id, Function.identity(), (a, b) -> a));
    }

    @Test
    void pluginJarInTheDirectoryIsLoadedWithItsOwnClassLoader() throws Exception {
        simple("com.example.hello.Hello", "hello", "Hello", "").version("2.3.4").writeTo(dir().resolve("hello.jar"));

        List<LoadedPlugin> loaded = PluginLoader.load(getClass().getClassLoader(), dir());

        assertEquals(1, loaded.size());
        LoadedPlugin hello = loaded.get(0);
        assertTrue(hello.ok(), hello.error());
        assertEquals("hello", hello.id());
        assertEquals("Hello", hello.name());
        assertEquals("2.3.4", hello.version(), "the default version() reads Implementation-Version");
        assertEquals("hello.jar", hello.source());
        assertEquals("plugin:hello.jar", hello.loader().getName());
        assertEquals("hearth-plugin-class-path", hello.loader().getParent().getName());
    }

    @Test
    void pluginsOnTheWebappClassPathAreLoadedOnceAndBeforeTheDirectory() throws Exception {
        Path bundledJar = simple("com.example.bundled.Bundled", "bundled", "Bundled", "")
                .writeTo(temp.resolve("WEB-INF-lib/bundled.jar"));
        simple("com.example.extra.Extra", "extra", "Extra", "").writeTo(dir().resolve("extra.jar"));

        try (URLClassLoader webapp = new URLClassLoader(
                new URL[] {bundledJar.toUri().toURL()}, getClass().getClassLoader())) {
            List<LoadedPlugin> loaded = PluginLoader.load(webapp, dir());

            assertEquals(
                    List.of("bundled", "extra"),
                    loaded.stream().map(LoadedPlugin::id).toList(),
                    "each once, the bundled one first");
            assertEquals(webapp, loaded.get(0).loader());
            assertEquals("bundled.jar", loaded.get(0).source());
        }
    }

    @Test
    void pluginsDoNotSeeEachOthersClasses() throws Exception {
        simple("com.example.a.A", "plugin-a", "A", "").writeTo(dir().resolve("a.jar"));
        simple("com.example.b.B", "plugin-b", "B", "").writeTo(dir().resolve("b.jar"));

        Map<String, LoadedPlugin> loaded = byId(PluginLoader.load(getClass().getClassLoader(), dir()));

        ClassLoader b = loaded.get("plugin-b").loader();
        assertThrows(ClassNotFoundException.class, () -> b.loadClass("com.example.a.A"));
        assertNotNull(b.loadClass("dev.hearth.api.HearthPlugin"), "the plugin API comes from the parent");
    }

    @Test
    void aDropInSeesTheApiAndTheAllowedSpecificationsButNothingElseOfTheHost() throws Exception {
        simple("com.example.a.A", "plugin-a", "A", "").writeTo(dir().resolve("a.jar"));

        ClassLoader a = byId(PluginLoader.load(getClass().getClassLoader(), dir()))
                .get("plugin-a")
                .loader();

        for (String allowed : List.of(
                "dev.hearth.api.HearthPlugin",
                "dev.hearth.api.connect.UpstreamException",
                "jakarta.ws.rs.GET",
                "jakarta.ws.rs.core.Response",
                "jakarta.json.JsonObject",
                "jakarta.json.bind.annotation.JsonbProperty",
                "java.net.http.HttpClient",
                "java.sql.Date")) {
            assertNotNull(a.loadClass(allowed), allowed);
        }
        for (String internal : List.of(
                "dev.hearth.security.Secrets",
                "dev.hearth.plugins.PluginLoader",
                "jakarta.enterprise.inject.spi.CDI",
                "org.eclipse.microprofile.config.ConfigProvider",
                "liquibase.Liquibase",
                "org.mariadb.jdbc.Driver",
                "org.junit.jupiter.api.Test")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(internal, false, a), internal);
        }
        assertNull(a.getResource("dev/hearth/security/Secrets.class"));
        assertNull(a.getResource("META-INF/microprofile-config.properties"), "nor the host's resources");
    }

    @Test
    void aPluginThatLinksAgainstHearthsOwnClassesFailsToLoadAndSaysWhy() throws Exception {
        PluginJars.plugin()
                .source(
                        "com.example.sneaky.Sneaky",
                        """
                package com.example.sneaky;
                public class Sneaky implements dev.hearth.api.HearthPlugin {
                  public String id() { return "sneaky"; }
                  public String name() { return "Sneaky"; }
                  public void start(dev.hearth.api.PluginContext context) {
                    jakarta.enterprise.inject.spi.CDI.current().select(dev.hearth.security.Secrets.class).get();
                  }
                }
                """)
                .service("com.example.sneaky.Sneaky")
                .compiledWith(dev.hearth.security.Secrets.class, jakarta.enterprise.inject.spi.CDI.class)
                .writeTo(dir().resolve("sneaky.jar"));
        simple("com.example.fine.Fine", "fine", "Fine", "").writeTo(dir().resolve("fine.jar"));

        Map<String, LoadedPlugin> loaded = byId(PluginLoader.load(getClass().getClassLoader(), dir()));

        LoadedPlugin sneaky = loaded.get("sneaky");
        assertFalse(sneaky.ok());
        assertEquals("Sneaky", sneaky.name(), "still listed by its name");
        assertTrue(
                sneaky.error()
                        .startsWith(
                                "It uses dev.hearth.security.Secrets, jakarta.enterprise.inject.Instance,"
                                        + " jakarta.enterprise.inject.spi.CDI of Hearth's own classes, which plugins may not use"),
                sneaky.error());
        assertTrue(loaded.get("fine").ok(), "the others load on");
    }

    /** A plugin that opens connections of its own would go around the SSRF guard and Hearth's timeouts: refused. */
    @Test
    void aPluginThatOpensConnectionsOfItsOwnFailsToLoad() throws Exception {
        PluginJars.plugin()
                .source(
                        "com.example.direct.Direct",
                        """
                package com.example.direct;
                public class Direct implements dev.hearth.api.HearthPlugin {
                  public String id() { return "direct"; }
                  public String name() { return "Direct"; }
                  public void start(dev.hearth.api.PluginContext context) {
                    java.net.http.HttpClient.newHttpClient();
                  }
                }
                """)
                .service("com.example.direct.Direct")
                .writeTo(dir().resolve("direct.jar"));

        LoadedPlugin direct =
                byId(PluginLoader.load(getClass().getClassLoader(), dir())).get("direct");

        assertFalse(direct.ok());
        assertTrue(
                direct.error()
                        .startsWith("It opens connections of its own (java.net.http.HttpClient): a plugin"
                                + " reaches its upstream only through the HTTP clients Hearth hands it"),
                direct.error());
    }

    @Test
    void bundledPluginsAreHeldToTheSameRule() throws Exception {
        Path bundledJar = PluginJars.plugin()
                .source(
                        "com.example.inside.Inside",
                        """
                package com.example.inside;
                public class Inside implements dev.hearth.api.HearthPlugin {
                  public String id() { return "inside"; }
                  public String name() { return "Inside"; }
                  public void start(dev.hearth.api.PluginContext context) {
                    dev.hearth.plugins.PluginLoader.load(getClass().getClassLoader(), null);
                  }
                }
                """)
                .service("com.example.inside.Inside")
                .compiledWith(PluginLoader.class)
                .writeTo(temp.resolve("WEB-INF-lib/inside.jar"));

        try (URLClassLoader webapp = new URLClassLoader(
                new URL[] {bundledJar.toUri().toURL()}, getClass().getClassLoader())) {
            LoadedPlugin inside = PluginLoader.load(webapp, null).get(0);

            assertFalse(inside.ok());
            assertTrue(
                    inside.error().startsWith("It uses dev.hearth.plugins.PluginLoader of Hearth's own classes"),
                    inside.error());
        }
    }

    @Test
    void classReferencesAreReadFromTheConstantPoolAndTheDescriptors() throws Exception {
        try (var in = PluginLoader.class.getResourceAsStream("PluginLoader.class")) {
            java.util.Set<String> references = PluginLinks.references(in);
            assertTrue(
                    references.containsAll(List.of(
                            "dev.hearth.api.HearthPlugin",
                            "java.util.ServiceLoader",
                            "dev.hearth.plugins.LoadedPlugin",
                            "java.net.URLClassLoader")),
                    references::toString);
        }
    }

    @Test
    void duplicateIdIsRejectedAndTheFirstOneWins() throws Exception {
        simple("com.example.one.First", "same", "First", "").writeTo(dir().resolve("1-first.jar"));
        simple("com.example.two.Second", "same", "Second", "").writeTo(dir().resolve("2-second.jar"));

        List<LoadedPlugin> loaded = PluginLoader.load(getClass().getClassLoader(), dir());

        assertEquals(2, loaded.size());
        assertTrue(loaded.get(0).ok());
        assertEquals("First", loaded.get(0).name());
        LoadedPlugin duplicate = loaded.get(1);
        assertFalse(duplicate.ok());
        assertEquals("same", duplicate.id());
        assertEquals("2-second.jar", duplicate.source());
        assertTrue(duplicate.error().contains("Duplicate plugin id 'same'"), duplicate.error());
        assertTrue(duplicate.error().contains("1-first.jar"), duplicate.error());
        assertNull(duplicate.plugin());
    }

    @Test
    void pluginWhoseConstructorThrowsIsReportedAndTheOthersLoad() throws Exception {
        PluginJars.plugin()
                .source(
                        "com.example.bad.Bad",
                        """
                package com.example.bad;
                public class Bad implements dev.hearth.api.HearthPlugin {
                  public Bad() { throw new IllegalStateException("no config file"); }
                  public String id() { return "bad"; }
                  public String name() { return "Bad"; }
                }
                """)
                .service("com.example.bad.Bad")
                .writeTo(dir().resolve("a-bad.jar"));
        simple("com.example.good.Good", "good", "Good", "").writeTo(dir().resolve("b-good.jar"));

        List<LoadedPlugin> loaded = PluginLoader.load(getClass().getClassLoader(), dir());

        assertEquals(2, loaded.size());
        LoadedPlugin bad = loaded.get(0);
        assertFalse(bad.ok());
        assertEquals("com.example.bad.Bad", bad.id(), "before the id is known, the class names the failure");
        assertTrue(bad.error().contains("no config file"), bad.error());
        assertTrue(loaded.get(1).ok());
    }

    @Test
    void serviceEntryNamingAMissingClassIsReported() throws Exception {
        PluginJars.plugin().service("com.example.Missing").writeTo(dir().resolve("missing.jar"));

        List<LoadedPlugin> loaded = PluginLoader.load(getClass().getClassLoader(), dir());

        assertEquals(1, loaded.size());
        assertFalse(loaded.get(0).ok());
        assertEquals("missing.jar", loaded.get(0).source());
        assertTrue(
                loaded.get(0).error().contains("com.example.Missing"),
                loaded.get(0).error());
    }

    @Test
    void jarWithoutAPluginIsReported() throws Exception {
        PluginJars.plugin().resource("readme.txt", "not a plugin").writeTo(dir().resolve("library.jar"));

        List<LoadedPlugin> loaded = PluginLoader.load(getClass().getClassLoader(), dir());

        assertEquals(1, loaded.size());
        assertFalse(loaded.get(0).ok());
        assertTrue(
                loaded.get(0).error().contains("names no plugin"), loaded.get(0).error());
    }

    @Test
    void corruptJarIsReported() throws Exception {
        Files.writeString(dir().resolve("corrupt.jar"), "this is not a zip file");
        simple("com.example.good.Good", "good", "Good", "").writeTo(dir().resolve("good.jar"));

        Map<String, LoadedPlugin> loaded = byId(PluginLoader.load(getClass().getClassLoader(), dir()));

        assertFalse(loaded.get("corrupt.jar").ok());
        assertTrue(loaded.get("good").ok());
    }

    @Test
    void aJarWhoseClassesCannotBeReadIsNotLoaded() throws Exception {
        simple("com.example.odd.Odd", "odd", "Odd", "")
                .resource("com/example/odd/Garbled.class", "not a class file")
                .writeTo(dir().resolve("odd.jar"));

        LoadedPlugin odd =
                byId(PluginLoader.load(getClass().getClassLoader(), dir())).get("odd");

        assertFalse(odd.ok());
        assertTrue(odd.error().startsWith("Cannot read the classes of odd.jar"), odd.error());
    }

    @Test
    void malformedIdsAreRejected() throws Exception {
        simple("com.example.upper.Upper", "Upper-Case", "Upper", "").writeTo(dir().resolve("upper.jar"));
        simple("com.example.dash.Dash", "double--dash", "Dash", "").writeTo(dir().resolve("dash.jar"));

        List<LoadedPlugin> loaded = PluginLoader.load(getClass().getClassLoader(), dir());

        assertEquals(2, loaded.size());
        loaded.forEach(p -> {
            assertFalse(p.ok());
            assertTrue(p.error().startsWith("Invalid plugin id"), p.error());
        });
    }

    @Test
    void declaredSettingsAreReadAtLoadAndDuplicatesRejected() throws Exception {
        PluginJars.plugin()
                .source(
                        "com.example.s.WithSettings",
                        """
                package com.example.s;
                import dev.hearth.api.*;
                import java.util.List;
                public class WithSettings implements HearthPlugin {
                  public String id() { return "with-settings"; }
                  public String name() { return "With settings"; }
                  public List<SettingDefinition> settings() {
                    return List.of(SettingDefinition.of("url", "URL", SettingType.URL), SettingDefinition.secret("token", "Token"));
                  }
                }
                """)
                .service("com.example.s.WithSettings")
                .writeTo(dir().resolve("a.jar"));
        PluginJars.plugin()
                .source(
                        "com.example.d.Twice",
                        """
                package com.example.d;
                import dev.hearth.api.*;
                import java.util.List;
                public class Twice implements HearthPlugin {
                  public String id() { return "twice"; }
                  public String name() { return "Twice"; }
                  public List<SettingDefinition> settings() {
                    return List.of(SettingDefinition.of("url", "URL", SettingType.URL), SettingDefinition.secret("url", "Again"));
                  }
                }
                """)
                .service("com.example.d.Twice")
                .writeTo(dir().resolve("b.jar"));

        Map<String, LoadedPlugin> loaded = byId(PluginLoader.load(getClass().getClassLoader(), dir()));

        assertEquals(
                List.of("url", "token"),
                loaded.get("with-settings").settings().stream()
                        .map(s -> s.name())
                        .toList());
        assertTrue(loaded.get("with-settings").settings().get(1).secret());
        assertFalse(loaded.get("twice").ok());
        assertEquals("It declares the setting 'url' twice", loaded.get("twice").error());
    }

    @Test
    void idRule() {
        for (String good : List.of("ab", "nextcloud-talk", "a1", "open-project-2", "a".repeat(40))) {
            assertTrue(PluginLoader.ID.matcher(good).matches(), good);
        }
        for (String bad : List.of("a", "1abc", "-abc", "abc-", "a--b", "Abc", "a_b", "a.b", "a".repeat(41), "")) {
            assertFalse(PluginLoader.ID.matcher(bad).matches(), bad);
        }
    }

    @Test
    void missingDirectoryMeansBundledPluginsOnly() {
        assertEquals(List.of(), PluginLoader.load(getClass().getClassLoader(), temp.resolve("absent")));
    }

    @Test
    void withAnAllowListOnlyJarsWithAListedChecksumAreLoaded() throws Exception {
        Path trusted =
                simple("com.example.t.Trusted", "trusted", "Trusted", "").writeTo(dir().resolve("a-trusted.jar"));
        simple("com.example.u.Unknown", "unknown-one", "Unknown", "").writeTo(dir().resolve("b-unknown.jar"));
        String sum = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(trusted)));

        List<LoadedPlugin> loaded = PluginLoader.load(
                getClass().getClassLoader(),
                dir(),
                PluginLoader.checksums(java.util.Optional.of("sha256:" + sum.toUpperCase())));

        assertEquals(2, loaded.size());
        assertTrue(loaded.get(0).ok(), loaded.get(0).error());
        assertEquals("trusted", loaded.get(0).id());
        LoadedPlugin refused = loaded.get(1);
        assertFalse(refused.ok());
        assertEquals("b-unknown.jar", refused.source());
        assertTrue(refused.error().contains("is not on the allow-list (HEARTH_PLUGIN_CHECKSUMS)"), refused.error());
        assertTrue(
                refused.error().matches(".*SHA-256 [0-9a-f]{64} .*"), "names the checksum to add: " + refused.error());
    }

    @Test
    void aMalformedChecksumIsASettingError() {
        assertEquals(java.util.Optional.empty(), PluginLoader.checksums(java.util.Optional.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> PluginLoader.checksums(java.util.Optional.of("abc")));
    }
}
