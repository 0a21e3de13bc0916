package io.jetway.check;

import java.util.regex.Pattern;

/**
 * Recognises problems that only say a referenced object is absent: a Service, Secret, ConfigMap,
 * parent IngressRoute, service, middleware, servers transport or TLSOption named but not defined. With
 * {@code check --cluster} the directory is one part of what a cluster holds, so such an object may
 * well exist there.
 */
final class UnresolvedReference {

    private static final Pattern ABSENT = Pattern.compile(
            "(kubernetes service|Secret|ConfigMap|parent IngressRoute) \\S+ not found"
                    + "|(service|middleware|servers transport|parent router) \"[^\"]+\" does not exist"
                    + "|unknown TLS options \\S+@kubernetescrd");

    private UnresolvedReference() {
    }

    /** True when the message says nothing but that a referenced object is absent. */
    static boolean only(String message) {
        // Internal services are the gateway's own: absent means a flag is missing, not an object.
        return ABSENT.matcher(message).find() && !message.contains("is part of a reference cycle")
                && !message.contains("@internal\"");
    }
}
