package io.jetway.middleware.digestauth;

import io.jetway.kube.Node;
import io.jetway.middleware.auth.CredentialOptions;
import io.jetway.util.HtdigestLine;

/**
 * digestAuth's options: the users (htdigest lines; the translator turns a {@code secret} into
 * them), the realm ({@code traefik} by default), whether to drop the Authorization header, and
 * the request header that names the user (none by default).
 */
public record DigestAuthOptions(DigestUsers users, String realm, boolean removeHeader, String headerField) {

    /**
     * @param options what the manifest says under {@code digestAuth}
     * @throws Node.InvalidFieldException naming a bad user line, or {@code secret} when there is no user
     */
    public static DigestAuthOptions from(Node options) {
        DigestUsers users = DigestUsers.parse(CredentialOptions.userLines(options, HtdigestLine::parse));
        CredentialOptions.requireUsers(options, users.isEmpty());
        return new DigestAuthOptions(users, CredentialOptions.realm(options), options.get("removeHeader").bool(false),
                options.get("headerField").string(""));
    }
}
