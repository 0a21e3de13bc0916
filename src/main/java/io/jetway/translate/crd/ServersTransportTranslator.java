package io.jetway.translate.crd;

import io.jetway.dynamic.ServersTransport.Certificate;
import io.jetway.dynamic.ServersTransport.ForwardingTimeouts;
import io.jetway.dynamic.ServersTransport;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.util.GoDuration;
import io.jetway.util.Pem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * ServersTransport objects to model records, with the PEM of the Secrets and ConfigMaps they
 * name read in and checked here, so that a missing Secret or a bad PEM is a problem on the
 * transport (and the services using it) rather than a failed connection later.
 */
final class ServersTransportTranslator {

    /** Traefik reads a CA from either key. */
    private static final List<String> CA_KEYS = List.of("tls.ca", "ca.crt");

    private final ResourceSnapshot resources;

    ServersTransportTranslator(ResourceSnapshot resources) {
        this.resources = resources;
    }

    void translate(KubeObject o, Map<String, ServersTransport> out, List<Problem> problems) {
        String name = CrdNames.qualify(CrdNames.objectKey(o.namespace(), o.name()));
        try {
            out.put(name, transport(name, o));
        } catch (TranslationException | Node.InvalidFieldException e) {
            problems.add(new Problem(o.ref(), name, e.getMessage()));
        }
    }

    private ServersTransport transport(String name, KubeObject o) {
        Node spec = o.spec();
        if (!spec.get("spiffe").isMissing()) {
            throw new TranslationException("spec.spiffe: SPIFFE is not supported");
        }
        List<String> rootCAs = rootCAs(spec, o.namespace());
        List<Certificate> certificates = clientCertificates(spec.get("certificatesSecrets"), o.namespace());
        Node timeouts = spec.get("forwardingTimeouts");
        ForwardingTimeouts defaults = ForwardingTimeouts.DEFAULTS;
        // readIdleTimeout and pingTimeout drive Go's HTTP/2 health pings; Jetty's client has no
        // such check, so they are accepted and have no effect.
        ForwardingTimeouts forwarding = new ForwardingTimeouts(
                duration(timeouts.get("dialTimeout"), defaults.dialTimeout()),
                duration(timeouts.get("responseHeaderTimeout"), defaults.responseHeaderTimeout()),
                duration(timeouts.get("idleConnTimeout"), defaults.idleConnTimeout()));
        duration(timeouts.get("readIdleTimeout"), Duration.ZERO);
        duration(timeouts.get("pingTimeout"), Duration.ZERO);
        return new ServersTransport(name, spec.get("serverName").string(""), spec.get("insecureSkipVerify").bool(false),
                rootCAs, certificates,
                spec.get("maxIdleConnsPerHost").integer(ServersTransport.DEFAULT_MAX_IDLE_CONNS_PER_HOST),
                spec.get("disableHTTP2").bool(false), spec.get("peerCertURI").string(""), forwarding, o.ref());
    }

    /**
     * The PEM of the CAs named in {@code rootCAs} (each a Secret or a ConfigMap) and in the deprecated
     * {@code rootCAsSecrets} of this section (a ServersTransport's spec, a ServersTransportTCP's tls).
     */
    List<String> rootCAs(Node section, String namespace) {
        List<String> rootCAs = new ArrayList<>();
        for (Node ca : section.get("rootCAs").list()) {
            String secret = ca.get("secret").string("");
            String configMap = ca.get("configMap").string("");
            if (secret.isEmpty() == configMap.isEmpty()) {
                throw new TranslationException(ca.path() + ": name exactly one of secret or configMap");
            }
            rootCAs.add(secret.isEmpty()
                    ? caPem(ca.get("configMap").path(), "ConfigMap", namespace, configMap)
                    : caPem(ca.get("secret").path(), "Secret", namespace, secret));
        }
        for (Node secret : section.get("rootCAsSecrets").list()) {
            rootCAs.add(caPem(secret.path(), "Secret", namespace, secret.requiredString()));
        }
        return rootCAs;
    }

    /** The client certificates (mTLS) of the kubernetes.io/tls Secrets this list names. */
    List<Certificate> clientCertificates(Node secrets, String namespace) {
        List<Certificate> certificates = new ArrayList<>();
        for (Node secret : secrets.list()) {
            certificates.add(clientCertificate(secret.path(), namespace, secret.requiredString()));
        }
        return certificates;
    }

    private static Duration duration(Node node, Duration fallback) {
        if (node.isMissing()) {
            return fallback;
        }
        try {
            Duration d = GoDuration.parseConfig(node.string(""));
            if (d.isNegative()) {
                throw new TranslationException(node.path() + ": must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new TranslationException(node.path() + ": " + e.getMessage());
        }
    }

    private String caPem(String field, String kind, String namespace, String name) {
        KubeObject source = find(field, kind, namespace, name);
        for (String key : CA_KEYS) {
            String pem = value(field, source, key);
            if (pem != null) {
                try {
                    Pem.certificates(pem);
                } catch (IllegalArgumentException e) {
                    throw new TranslationException(field + ": " + kind + " " + namespace + "/" + name + " key " + key
                            + ": " + e.getMessage());
                }
                return pem;
            }
        }
        throw new TranslationException(field + ": " + kind + " " + namespace + "/" + name + " has no key ca.crt");
    }

    private Certificate clientCertificate(String field, String namespace, String name) {
        KubeObject secret = find(field, "Secret", namespace, name);
        String where = field + ": Secret " + namespace + "/" + name;
        String cert = value(field, secret, "tls.crt");
        String key = value(field, secret, "tls.key");
        if (cert == null || key == null) {
            throw new TranslationException(where + " must have keys tls.crt and tls.key");
        }
        try {
            Pem.certificates(cert);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + " key tls.crt: " + e.getMessage());
        }
        try {
            Pem.privateKey(key);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + " key tls.key: " + e.getMessage());
        }
        return new Certificate(cert, key);
    }

    private KubeObject find(String field, String kind, String namespace, String name) {
        return resources.find(kind, namespace, name)
                .orElseThrow(() -> new TranslationException(field + ": " + kind + " " + namespace + "/" + name + " not found"));
    }

    /** A Secret's or ConfigMap's value as text: {@code data} (base64 in a Secret), else {@code stringData}/{@code binaryData}. */
    private static String value(String field, KubeObject o, String key) {
        try {
            Node root = o.root();
            boolean secret = o.kind().equals("Secret");
            String data = root.get("data").get(key).string(null);
            if (data != null) {
                return secret ? decode(data) : data;
            }
            if (secret) {
                return root.get("stringData").get(key).string(null);
            }
            String binary = root.get("binaryData").get(key).string(null);
            return binary == null ? null : decode(binary);
        } catch (IllegalArgumentException | Node.InvalidFieldException e) {
            throw new TranslationException(field + ": " + o.kind() + " " + o.namespace() + "/" + o.name()
                    + " key " + key + ": " + e.getMessage());
        }
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64");
        }
    }
}
