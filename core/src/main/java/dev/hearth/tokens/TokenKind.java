package dev.hearth.tokens;

/** The kinds of API token, told apart by their prefix. */
public enum TokenKind {
    /** Made by administrators; acts as the designated system user. */
    SYSTEM("hst_"),
    /** Made by a user for themselves; acts as that user within their rights. */
    PERSONAL("hpt_");

    final String prefix;

    TokenKind(String prefix) {
        this.prefix = prefix;
    }
}
