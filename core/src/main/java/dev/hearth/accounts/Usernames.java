package dev.hearth.accounts;

/** The one rule for usernames, shared by the API's validation and the first-admin bootstrap. */
final class Usernames {

    static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    static final String RULE =
            "must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter" + " or digit";

    private Usernames() {}

    /**
     * A valid username made from a suggestion (an identity provider's preferred_username, or an e-mail address's
     * local part): lower-case, other characters as '-', cut to length; "user" when nothing usable is left.
     */
    static String from(String suggestion) {
        String name = suggestion == null ? "" : suggestion.strip().toLowerCase(java.util.Locale.ROOT);
        name = name.replaceAll("[^a-z0-9._@-]", "-").replaceAll("^[^a-z0-9]+", "");
        name = name.length() > 60 ? name.substring(0, 60) : name;
        return name.isEmpty() ? "user" : name;
    }

    static boolean valid(String username) {
        return username != null && username.matches(PATTERN);
    }
}
