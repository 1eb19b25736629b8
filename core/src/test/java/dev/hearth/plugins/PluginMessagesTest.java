package dev.hearth.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.api.HearthPlugin;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plugin's texts by key from its bundle, in the reader's language, and what happens when there is none. */
class PluginMessagesTest {

    private static LoadedPlugin plugin(String bundle) {
        HearthPlugin plugin = new HearthPlugin() {
            public String id() {
                return "texts";
            }

            public String name() {
                return "Texts";
            }

            public Optional<String> messages() {
                return Optional.ofNullable(bundle);
            }
        };
        return LoadedPlugin.loaded(plugin, "texts", "Texts", "1", "texts.jar", List.of());
    }

    @Test
    void keysAreLookedUpInTheReadersLanguageWithEnglishForTheRest() {
        LoadedPlugin plugin = plugin("dev/hearth/plugins/texts");

        assertEquals("Einträge", plugin.text("title", Locale.GERMAN));
        assertEquals("Items", plugin.text("title", Locale.ENGLISH));
        assertEquals("Items", plugin.text("title", Locale.FRENCH), "a language the bundle lacks reads English");
        assertEquals("Hallo Jane, du hast 3 neue", plugin.message("greeting", Locale.GERMAN, "Jane", 3));
    }

    @Test
    void whatIsNoKeyIsShownAsItIs() {
        LoadedPlugin plugin = plugin("dev/hearth/plugins/texts");

        assertEquals("Connect with a token", plugin.text("Connect with a token", Locale.GERMAN));
        assertEquals("missing.key", plugin.message("missing.key", Locale.ENGLISH, "ignored"));
        assertEquals("Hello {0", plugin.message("broken", Locale.ENGLISH, "Jane"), "a broken pattern as it is");
        assertEquals(null, plugin.text(null, Locale.ENGLISH));
    }

    @Test
    void aPluginWithoutABundleOrWithAMissingOneShowsItsTexts() {
        assertEquals("title", plugin(null).text("title", Locale.GERMAN));
        assertEquals("title", plugin("dev/hearth/plugins/no-such-bundle").text("title", Locale.GERMAN));
    }
}
