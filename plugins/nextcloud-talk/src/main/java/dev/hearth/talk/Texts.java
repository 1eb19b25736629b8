package dev.hearth.talk;

import java.util.Locale;

/** The few sentences the plugin writes itself, in English and German. */
enum Texts {
    NO_CONVERSATIONS("No conversations yet", "Noch keine Unterhaltungen"),
    OPEN_TALK("Open Talk", "Talk öffnen"),
    YOU("You", "Du"),
    MESSAGE_DELETED("Message deleted", "Nachricht gelöscht"),
    CONNECT("Connect with Nextcloud", "Mit Nextcloud verbinden"),
    CONNECT_OAUTH("Connect with Nextcloud (OAuth2)", "Mit Nextcloud verbinden (OAuth2)"),
    CONVERSATIONS("Talk conversations", "Talk-Unterhaltungen");

    private final String english;
    private final String german;

    Texts(String english, String german) {
        this.english = english;
        this.german = german;
    }

    String in(Locale locale) {
        return "de".equals(locale.getLanguage()) ? german : english;
    }

    /** The German of one of the fixed English texts, for {@code HearthPlugin.translate}. */
    static String translate(String english, Locale locale) {
        for (Texts text : values()) {
            if (text.english.equals(english)) {
                return text.in(locale);
            }
        }
        return english;
    }
}
