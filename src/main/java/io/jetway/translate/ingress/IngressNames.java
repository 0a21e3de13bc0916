package io.jetway.translate.ingress;

import io.jetway.translate.crd.CrdNames;

/** Traefik's naming of what its Kubernetes Ingress provider produces, so API users see the same names. */
public final class IngressNames {

    public static final String PROVIDER = "kubernetes";
    /** The router and service of the one Ingress {@code spec.defaultBackend} Traefik keeps. */
    public static final String DEFAULT_ROUTER = "default-router";
    public static final String DEFAULT_BACKEND = "default-backend";

    private IngressNames() {
    }

    public static String qualify(String name) {
        return name + "@" + PROVIDER;
    }

    /** A reference written in an annotation: as written when it names a provider, else one of this provider. */
    static String reference(String name) {
        return name.contains("@") ? name : qualify(name);
    }

    /** Router of one path: normalize(ns-name-host+path), e.g. {@code default-myingress-example-com-bar}. */
    public static String routerKey(String namespace, String ingressName, String host, String path) {
        return CrdNames.normalize(namespace + "-" + ingressName + "-" + host + path);
    }

    /** When several paths give the same router key, each gets the first 20 hex chars of sha256(rule) appended. */
    public static String routerKeyWithHash(String key, String rule) {
        return key + "-" + CrdNames.sha256Prefix(rule, 10);
    }

    /** Service of a backend: normalize(ns-svc-port), the port by name or number as written. */
    public static String serviceKey(String namespace, String service, String port) {
        return CrdNames.normalize(namespace + "-" + service + "-" + port);
    }
}
