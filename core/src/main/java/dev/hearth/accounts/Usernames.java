package dev.hearth.accounts;

/** The one rule for usernames, shared by the API's validation and the first-admin bootstrap. */
final class Usernames {

    static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    static final String RULE =
            "must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter" + " or digit";

    private Usernames() {}

    static boolean valid(String username) {
        return username != null && username.matches(PATTERN);
    }
}
