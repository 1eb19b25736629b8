package dev.hearth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.HearthPlugin;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.testing.PluginJars;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundled plugins share the WAR's class loader with every library in {@code WEB-INF/lib}: a plugin's assets are
 * read from its own JAR only, never from another JAR that loader also sees.
 */
class PluginAssetsServletTest {

    @TempDir
    Path dir;

    private LoadedPlugin loaded(ClassLoader loader, String className) throws Exception {
        HearthPlugin plugin =
                (HearthPlugin) loader.loadClass(className).getConstructor().newInstance();
        return new LoadedPlugin(plugin.id(), plugin.name(), "1", "test", plugin, loader, List.of(), null);
    }

    private static String read(Optional<URL> url) throws Exception {
        try (InputStream in = url.orElseThrow().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPluginSeesItsOwnAssetsButNotThoseOfAnotherJarInTheSameLoader() throws Exception {
        Path mine = PluginJars.simple("com.example.mine.MinePlugin", "mine", "Mine", "")
                .resource("META-INF/resources/mine/widget.js", "export const mine = 1;")
                .writeTo(dir.resolve("mine.jar"));
        Path other = PluginJars.simple("com.example.other.OtherPlugin", "other", "Other", "")
                .resource("META-INF/resources/other/secret.js", "export const secret = 1;")
                .resource("META-INF/resources/mine/widget.js", "export const impostor = 1;")
                .writeTo(dir.resolve("other.jar"));
        try (URLClassLoader shared = new URLClassLoader(
                new URL[] {other.toUri().toURL(), mine.toUri().toURL()}, HearthPlugin.class.getClassLoader())) {
            LoadedPlugin plugin = loaded(shared, "com.example.mine.MinePlugin");

            assertEquals(
                    "export const mine = 1;",
                    read(PluginAssetsServlet.find(plugin, "mine/widget.js")),
                    "its own copy, although the other JAR comes first in the loader");
            assertTrue(PluginAssetsServlet.find(plugin, "other/secret.js").isEmpty());
            assertTrue(PluginAssetsServlet.find(plugin, "mine/missing.js").isEmpty());
        }
    }

    @Test
    void aWidgetModuleIsAScriptTheServletWouldServe() {
        assertTrue(PluginAssetsServlet.isModule("painted/canvas.js"));
        assertTrue(PluginAssetsServlet.isModule("widget.mjs"));
        for (String bad : new String[] {
            "../hearth/app.js",
            "painted/../../x.js",
            ".hidden.js",
            "a//b.js",
            "/abs.js",
            "style.css",
            "widget.js?x=1",
            ""
        }) {
            assertFalse(PluginAssetsServlet.isModule(bad), bad);
        }
        assertFalse(PluginAssetsServlet.isModule(null));
    }
}
