package io.jetway.middleware.auth;

/** The request attribute where basicAuth and digestAuth leave the user they let through (the access log's ClientUsername). */
public final class AuthenticatedUser {

    public static final String ATTRIBUTE = AuthenticatedUser.class.getName();

    private AuthenticatedUser() {
    }
}
