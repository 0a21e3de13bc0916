package io.jetway.middleware.basicauth;

import io.jetway.kube.Node;
import io.jetway.middleware.auth.CredentialOptions;
import io.jetway.util.HtpasswdLine;

/**
 * basicAuth's options: the users (htpasswd lines; the translator turns a {@code secret} into
 * them), the realm ({@code traefik} by default), whether to drop the Authorization header, and
 * the request header that names the user (none by default).
 */
public record BasicAuthOptions(BasicUsers users, String realm, boolean removeHeader, String headerField) {

    /**
     * @param options what the manifest says under {@code basicAuth}
     * @throws Node.InvalidFieldException naming a bad user line, or {@code secret} when there is no user
     */
    public static BasicAuthOptions from(Node options) {
        BasicUsers users = BasicUsers.parse(CredentialOptions.userLines(options, HtpasswdLine::parse));
        CredentialOptions.requireUsers(options, users.isEmpty());
        return new BasicAuthOptions(users, CredentialOptions.realm(options), options.get("removeHeader").bool(false),
                options.get("headerField").string(""));
    }
}
