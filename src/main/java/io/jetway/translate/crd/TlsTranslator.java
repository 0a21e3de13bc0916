package io.jetway.translate.crd;

import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.dynamic.TlsStoreConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.net.TlsOptionNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The TLS side of the CRD provider: TLSOption and TLSStore objects, and the {@code tls} section of
 * IngressRoutes and IngressRouteTCPs with the certificates of the Secrets they name. A certificate that cannot be
 * loaded is a warning on the routers that name it (they serve the default certificate); a bad
 * TLSOption is a problem on itself and disables the routers that use it.
 */
final class TlsTranslator {

    private final ResourceSnapshot resources;
    private final CrdOptions crdOptions;
    private final List<Problem> problems;
    private final Map<ObjectRef, TlsCertificate> certificates = new LinkedHashMap<>();
    private final Map<String, TlsOptionsConfig> options = new TreeMap<>();
    /** Options whose TLSOption is invalid: name to the reason. */
    private final Map<String, String> invalidOptions = new TreeMap<>();
    private final Map<String, TlsStoreConfig> stores = new TreeMap<>();

    TlsTranslator(ResourceSnapshot resources, CrdOptions crdOptions, List<Problem> problems) {
        this.resources = resources;
        this.crdOptions = crdOptions;
        this.problems = problems;
    }

    TlsConfig config() {
        return new TlsConfig(List.copyOf(certificates.values()), options, stores);
    }

    // ---- TLSOption ------------------------------------------------------------------------------

    /** Traefik's naming: a TLSOption called {@code default} replaces the default options. */
    static String optionName(String namespace, String name) {
        return name.equals(TlsOptionsConfig.DEFAULT_NAME) ? name : CrdNames.qualify(CrdNames.objectKey(namespace, name));
    }

    void translateOptions(List<KubeObject> tlsOptions) {
        List<KubeObject> defaults = tlsOptions.stream().filter(o -> o.name().equals(TlsOptionsConfig.DEFAULT_NAME)).toList();
        for (KubeObject o : tlsOptions) {
            String name = optionName(o.namespace(), o.name());
            if (defaults.size() > 1 && defaults.contains(o)) {
                String message = "TLSOption named default is defined in several namespaces " + defaults.stream()
                        .map(KubeObject::namespace).toList() + ": none of them is used";
                problems.add(new Problem(o.ref(), name, message));
                continue;
            }
            try {
                options.put(name, options(o));
            } catch (IllegalArgumentException | TranslationException | Node.InvalidFieldException e) {
                problems.add(new Problem(o.ref(), name, e.getMessage()));
                invalidOptions.put(name, e.getMessage());
            }
        }
    }

    private TlsOptionsConfig options(KubeObject o) {
        Node spec = o.spec();
        String min = field(spec.get("minVersion"), v -> TlsOptionNames.version(v), TlsOptionsConfig.DEFAULTS.minVersion());
        String max = field(spec.get("maxVersion"), v -> TlsOptionNames.version(v), null);
        if (max != null && TlsOptionNames.PROTOCOLS.indexOf(max) < TlsOptionNames.PROTOCOLS.indexOf(min)) {
            throw new TranslationException("spec.maxVersion: is older than minVersion");
        }
        List<String> suites = new ArrayList<>();
        for (Node suite : spec.get("cipherSuites").list()) {
            suites.add(field(suite, TlsOptionNames::cipherSuite, null));
        }
        List<String> curves = new ArrayList<>();
        for (Node curve : spec.get("curvePreferences").list()) {
            curves.add(field(curve, TlsOptionNames::curve, null));
        }
        Node clientAuth = spec.get("clientAuth");
        List<String> cas = new ArrayList<>();
        for (Node secretName : clientAuth.get("secretNames").list()) {
            cas.add(caPem(secretName.path(), o.namespace(), secretName.requiredString()));
        }
        String defaultType = cas.isEmpty() ? "NoClientCert" : "VerifyClientCertIfGiven";
        String type = field(clientAuth.get("clientAuthType"), TlsOptionNames::clientAuthType, defaultType);
        if (cas.isEmpty() && type.contains("Verify")) {
            throw new TranslationException(clientAuth.get("clientAuthType").path() + ": " + type
                    + " needs CA certificates in clientAuth.secretNames");
        }
        List<String> alpn = spec.get("alpnProtocols").strings();
        return new TlsOptionsConfig(min, max, suites, curves, type, cas, spec.get("sniStrict").bool(false),
                alpn.isEmpty() ? TlsOptionsConfig.DEFAULTS.alpnProtocols() : alpn, o.ref());
    }

    private interface Mapping {
        String apply(String value);
    }

    private static String field(Node node, Mapping mapping, String fallback) {
        String value = node.string(null);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return mapping.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(node.path() + ": " + e.getMessage());
        }
    }

    /** A CA Secret: key {@code tls.ca}, else {@code ca.crt}, as Traefik reads it. */
    private String caPem(String field, String namespace, String secretName) {
        KubeObject secret = secret(field, namespace, secretName);
        String where = field + ": Secret " + namespace + "/" + secretName;
        String pem = MiddlewareSecrets.value(where, secret, "tls.ca");
        if (pem == null) {
            pem = MiddlewareSecrets.value(where, secret, "ca.crt");
        }
        if (pem == null) {
            throw new TranslationException(where + " has no key tls.ca or ca.crt");
        }
        try {
            io.jetway.util.Pem.certificates(pem);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + ": " + e.getMessage());
        }
        return pem;
    }

    private KubeObject secret(String field, String namespace, String name) {
        return resources.find("Secret", namespace, name)
                .orElseThrow(() -> new TranslationException(field + ": Secret " + namespace + "/" + name + " not found"));
    }

    // ---- TLSStore -------------------------------------------------------------------------------

    void translateStores(List<KubeObject> tlsStores) {
        List<KubeObject> defaults = tlsStores.stream().filter(o -> o.name().equals("default")).toList();
        for (KubeObject o : tlsStores) {
            if (!o.name().equals("default")) {
                problems.add(new Problem(o.ref(), null, "only the TLS store named default is used (as in Traefik); this one is ignored"));
                continue;
            }
            if (defaults.size() > 1) {
                problems.add(new Problem(o.ref(), null, "TLSStore default is defined in several namespaces "
                        + defaults.stream().map(KubeObject::namespace).toList() + ": none of them is used"));
                continue;
            }
            TlsCertificate certificate = null;
            try {
                Node secretName = o.spec().get("defaultCertificate").get("secretName");
                if (!secretName.isMissing()) {
                    certificate = certificate(secretName.path(), o.namespace(), secretName.requiredString(), List.of("default"),
                            warning -> problems.add(Problem.warning(o.ref(), null, warning)));
                }
                Node generated = o.spec().get("defaultGeneratedCert");
                if (!generated.isMissing() && !generated.get("resolver").string("").isEmpty()) {
                    problems.add(new Problem(o.ref(), null, generated.get("resolver").path()
                            + ": certificate resolvers (ACME) are not implemented yet; the generated default certificate is served"));
                }
            } catch (TranslationException | IllegalArgumentException | Node.InvalidFieldException e) {
                problems.add(new Problem(o.ref(), null, e.getMessage() + "; the generated default certificate is served"));
            }
            stores.put("default", new TlsStoreConfig(certificate, o.ref()));
        }
    }

    /** A kubernetes.io/tls Secret's pair, checked (parsed, key matching the certificate). */
    private TlsCertificate certificate(String field, String namespace, String name, List<String> storeNames,
                                       Consumer<String> warn) {
        KubeObject secret = secret(field, namespace, name);
        String where = field + ": Secret " + namespace + "/" + name;
        String crt = MiddlewareSecrets.value(where, secret, "tls.crt");
        String key = MiddlewareSecrets.value(where, secret, "tls.key");
        if (crt == null || key == null) {
            throw new TranslationException(where + " has no key " + (crt == null ? "tls.crt" : "tls.key"));
        }
        SecretCertificates.check(where, crt, key, secret.ref().toString(), warn);
        return new TlsCertificate(crt, key, secret.ref(), storeNames);
    }

    // ---- IngressRoute tls -----------------------------------------------------------------------

    /**
     * The route's TLS section, or null without one. A certificate that cannot be loaded goes to
     * {@code warn}; a bad options reference throws (the router is disabled).
     */
    RouterTls routerTls(KubeObject route, Consumer<String> warn, Consumer<TlsCertificate> certificateUsed) {
        Node tls = route.spec().get("tls");
        if (tls.isMissing()) {
            return null;
        }
        routeCertificate(tls, route, warn, certificateUsed);
        String optionsName = optionsRef(tls.get("options"), route.namespace());
        String resolver = tls.get("certResolver").string("");
        return new RouterTls(optionsName, resolver.isEmpty() ? null : resolver, domains(tls));
    }

    /**
     * An IngressRouteTCP's TLS section, or null without one. Its Secret goes to the default store as
     * an IngressRoute's does, except with passthrough, where the backend answers the handshake.
     * A bad options reference throws (Traefik skips the route).
     */
    TcpRouterTls tcpRouterTls(KubeObject route, Consumer<String> warn) {
        Node tls = route.spec().get("tls");
        if (tls.isMissing()) {
            return null;
        }
        boolean passthrough = tls.get("passthrough").bool(false);
        if (!passthrough) {
            routeCertificate(tls, route, warn, null);
        }
        Node store = tls.get("store").get("name");
        if (!store.string("default").equals("default")) {
            warn.accept(store.path() + ": only the TLS store named default is used (as in Traefik); the certificate goes there");
        }
        String optionsName = optionsRef(tls.get("options"), route.namespace());
        String resolver = tls.get("certResolver").string("");
        return new TcpRouterTls(passthrough, optionsName, resolver.isEmpty() ? null : resolver, domains(tls));
    }

    /** The route's secretName into the default store; one that cannot be loaded is a warning (the default certificate serves). */
    private void routeCertificate(Node tls, KubeObject route, Consumer<String> warn, Consumer<TlsCertificate> certificateUsed) {
        Node secretName = tls.get("secretName");
        if (secretName.string("").isEmpty()) {
            return;
        }
        try {
            TlsCertificate certificate = certificate(secretName.path(), route.namespace(), secretName.string(""), List.of(), warn);
            putCertificate(certificate);
            if (certificateUsed != null) {
                certificateUsed.accept(certificate);
            }
        } catch (TranslationException e) {
            warn.accept(e.getMessage() + "; the default certificate is served instead");
        }
    }

    private static List<TlsDomain> domains(Node tls) {
        List<TlsDomain> domains = new ArrayList<>();
        for (Node d : tls.get("domains").list()) {
            domains.add(new TlsDomain(d.get("main").string(""), d.get("sans").strings()));
        }
        return domains;
    }

    /** A route's certificate; the first one of each Secret is kept. */
    void putCertificate(TlsCertificate certificate) {
        certificates.putIfAbsent(certificate.source(), certificate);
    }

    private String optionsRef(Node ref, String ownerNamespace) {
        // Traefik's own examples also write the reference as a plain name.
        String name = ref.raw() instanceof String plain ? plain : ref.get("name").string("");
        if (name.isEmpty()) {
            return null;
        }
        String qualified;
        if (name.contains("@")) {
            qualified = name;
        } else {
            String namespace = ref.get("namespace").string(ownerNamespace);
            if (!crdOptions.allowCrossNamespace() && !namespace.equals(ownerNamespace)) {
                throw new TranslationException(ref.get("namespace").path() + ": TLSOption " + namespace + "/" + name
                        + ": cross-namespace reference from namespace " + ownerNamespace
                        + " is not allowed (providers.kubernetescrd.allowcrossnamespace is false)");
            }
            qualified = CrdNames.qualify(CrdNames.objectKey(namespace, name));
        }
        if (invalidOptions.containsKey(qualified)) {
            throw new TranslationException(ref.path() + ": TLS options " + qualified + " are invalid: " + invalidOptions.get(qualified));
        }
        if (qualified.endsWith("@" + CrdNames.PROVIDER) && !options.containsKey(qualified)) {
            throw new TranslationException(ref.path() + ": unknown TLS options " + qualified);
        }
        return qualified;
    }
}
