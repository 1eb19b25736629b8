package dev.hearth.tokens;

/** The kinds of API token, told apart by their prefix. */
public enum TokenKind {
    /** Made by administrators; acts as the designated system user. */
    SYSTEM("hst_"),
    /** Made by a user for themselves; acts as that user within their rights. */
    PERSONAL("hpt_"),
    /** Issued by Hearth's OAuth 2.0 provider to a client; acts as the user who authorized it, within its scopes. */
    OAUTH("hoa_");

    final String prefix;

    TokenKind(String prefix) {
        this.prefix = prefix;
    }
}
