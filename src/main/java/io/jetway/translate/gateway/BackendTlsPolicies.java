package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.ServersTransport;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.MiddlewareSecrets;
import io.jetway.translate.crd.TranslationException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BackendTLSPolicies (v1) as Traefik applies them: the policy whose targetRef names the Service, and
 * the port by sectionName when it sets one, makes the backend HTTPS with its {@code validation.hostname}
 * as server name and the CA certificates it names ({@code ca.crt} of ConfigMaps or Secrets in its
 * namespace), or the JVM's trust store for {@code wellKnownCACertificates: System}.
 *
 * <p>Among the policies targeting one port, those naming the port by sectionName come first (more
 * specific, GEP-713), then the oldest, then the first by name; the others are {@code Accepted: False,
 * Conflicted} (Traefik takes the oldest whatever the sectionName, and calls the one without it
 * conflicted too). Each policy that targets the port gets its conditions for the ancestor, the
 * Gateway listener through which a route reaches the Service, as Traefik writes them.
 */
final class BackendTlsPolicies {

    private static final java.util.regex.Pattern HOSTNAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final ResourceSnapshot resources;

    BackendTlsPolicies(ResourceSnapshot resources) {
        this.resources = resources;
    }

    /** Where a policy's conditions for one ancestor go. */
    interface StatusSink {
        void put(ObjectRef policy, List<GatewayCondition> conditions);
    }

    /** A policy targeting the port, and whether its targetRef names the port by sectionName. */
    private record Candidate(KubeObject policy, boolean sectioned) {
    }

    /**
     * The transport for a Service port, or null when no policy targets it.
     *
     * @param statuses gets the conditions of each policy that targets the port (before any exception)
     * @throws HttpBackends.BackendException RefNotPermitted when the policy that applies cannot be used
     */
    ServersTransport transport(String namespace, String service, String portName, String transportName, StatusSink statuses) {
        List<Candidate> candidates = new ArrayList<>();
        for (KubeObject policy : resources.ofKind("BackendTLSPolicy")) {
            if (policy.namespace().equals(namespace) && policy.group().equals(ReferenceGrants.GATEWAY_GROUP)) {
                Boolean sectioned = targets(policy, service, portName);
                if (sectioned != null) {
                    candidates.add(new Candidate(policy, sectioned));
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.stream().anyMatch(Candidate::sectioned)) {
            // A policy for the whole Service yields to one for this port: not conflicted, it applies to the other ports.
            candidates.removeIf(c -> !c.sectioned());
        }
        candidates.sort(Comparator.comparing((Candidate c) -> c.policy().root().get("metadata").get("creationTimestamp").string(""))
                .thenComparing(c -> c.policy().name()));
        KubeObject policy = candidates.get(0).policy();
        for (Candidate other : candidates.subList(1, candidates.size())) {
            Validated v = validate(other.policy(), namespace, service);
            statuses.put(other.policy().ref(), List.of(GatewayCondition.isFalse("Accepted", "Conflicted",
                    "BackendTLSPolicy " + policy.namespace() + "/" + policy.name() + " applies to Service " + namespace + "/" + service
                            + (portName.isEmpty() ? "" : " port " + portName) + " (older, or naming the port)"), v.resolvedRefs()));
        }
        Validated v = validate(policy, namespace, service);
        statuses.put(policy.ref(), List.of(v.accepted(), v.resolvedRefs()));
        if (v.error() != null) {
            throw v.error();
        }
        return new ServersTransport(transportName, v.hostname(), false, v.cas(), List.of(),
                ServersTransport.DEFAULT_MAX_IDLE_CONNS_PER_HOST, false, "", ServersTransport.ForwardingTimeouts.DEFAULTS,
                policy.ref());
    }

    /** A policy checked: its conditions and, when usable, its server name and CAs; else why not. */
    private record Validated(GatewayCondition accepted, GatewayCondition resolvedRefs, String hostname, List<String> cas,
                             HttpBackends.BackendException error) {
    }

    private Validated validate(KubeObject policy, String namespace, String service) {
        Node validation = policy.spec().get("validation");
        List<String> cas = new ArrayList<>();
        for (Node ref : validation.get("caCertificateRefs").list()) {
            try {
                cas.add(caCertificate(policy, ref));
            } catch (InvalidReference e) {
                return new Validated(GatewayCondition.isFalse("Accepted", "NoValidCACertificate", e.getMessage()),
                        GatewayCondition.isFalse("ResolvedRefs", e.reason, e.getMessage()), null, null,
                        invalid(policy, namespace, service, e.getMessage()));
            }
        }
        GatewayCondition resolved = GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "");
        String hostname = validation.get("hostname").string("");
        if (!HOSTNAME.matcher(hostname).matches()) {
            // It becomes the SNI and the name the certificate must carry: a manifest's text is not trusted as one.
            String why = "validation.hostname \"" + hostname + "\" is not a DNS name";
            return new Validated(GatewayCondition.isFalse("Accepted", "Invalid", why), resolved, null, null,
                    invalid(policy, namespace, service, why));
        }
        boolean system = "System".equals(validation.get("wellKnownCACertificates").string(""));
        if (cas.isEmpty() && !system) {
            String why = "it names neither caCertificateRefs nor wellKnownCACertificates: System";
            return new Validated(GatewayCondition.isFalse("Accepted", "Invalid", why), resolved, null, null,
                    invalid(policy, namespace, service, why));
        }
        return new Validated(GatewayCondition.isTrue("Accepted", "Accepted", ""), resolved, hostname, cas, null);
    }

    /** Null when the policy does not target the Service port, else whether it names the port by sectionName. */
    private static Boolean targets(KubeObject policy, String service, String portName) {
        Boolean found = null;
        for (Node ref : policy.spec().get("targetRefs").list()) {
            String group = ref.get("group").string("");
            if ((group.isEmpty() || group.equals("core")) && ref.get("kind").string("").equals("Service")
                    && ref.get("name").string("").equals(service)) {
                String section = ref.get("sectionName").string("");
                if (!section.isEmpty() && section.equals(portName)) {
                    return true;
                }
                if (section.isEmpty()) {
                    found = false;
                }
            }
        }
        return found;
    }

    /** A caCertificateRef that cannot be used, with the policy's ResolvedRefs reason. */
    private static final class InvalidReference extends Exception {
        final String reason;

        InvalidReference(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private String caCertificate(KubeObject policy, Node ref) throws InvalidReference {
        String kind = ref.get("kind").string("");
        String name = ref.get("name").string("");
        String group = ref.get("group").string("");
        if (!(group.isEmpty() || group.equals("core")) || !(kind.equals("ConfigMap") || kind.equals("Secret"))) {
            throw new InvalidReference("InvalidKind", "caCertificateRefs: unsupported kind " + (group.isEmpty() ? "core" : group)
                    + "/" + kind + " (ConfigMap or Secret)");
        }
        KubeObject holder = resources.find(kind, policy.namespace(), name).orElse(null);
        if (holder == null) {
            throw new InvalidReference("InvalidCACertificateRef", kind + " " + policy.namespace() + "/" + name + " not found");
        }
        String pem;
        if (kind.equals("ConfigMap")) {
            pem = holder.root().get("data").get("ca.crt").string(null);
        } else {
            try {
                pem = MiddlewareSecrets.value("Secret " + policy.namespace() + "/" + name, holder, "ca.crt");
            } catch (TranslationException e) {
                throw new InvalidReference("InvalidCACertificateRef", e.getMessage());
            }
        }
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidReference("InvalidCACertificateRef", kind + " " + policy.namespace() + "/" + name
                    + " has no PEM certificate in ca.crt");
        }
        return pem;
    }

    private static HttpBackends.BackendException invalid(KubeObject policy, String namespace, String service, String why) {
        return new HttpBackends.BackendException("RefNotPermitted", "Cannot apply BackendTLSPolicy " + policy.namespace() + "/"
                + policy.name() + " for Service " + namespace + "/" + service + ": " + why);
    }
}
