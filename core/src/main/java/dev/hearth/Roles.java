package dev.hearth;

/** The two roles of Hearth, as they appear in the JWT {@code groups} claim and in {@code @RolesAllowed}. */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {}
}
