package io.jetway.api;

import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.tls.acme.AcmeResolver;
import io.jetway.tls.acme.CertificateResolvers;
import io.jetway.tls.acme.DomainStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/tls/certresolvers[/{name}]} (Jetway's own, Traefik has no such endpoint): each ACME
 * resolver with the certificates it is asked for and where each stands.
 */
@ApplicationScoped
@Path("tls")
@Produces(MediaType.APPLICATION_JSON)
public class TlsResource {

    /**
     * One resolver. The account email and the EAB key are left out: the API is read by more people
     * than the configuration is.
     *
     * @param challenges {@code httpChallenge} and/or {@code tlsChallenge}
     */
    public record ResolverInfo(String name, String caServer, String storage, String keyType, List<String> challenges,
                               String httpChallengeEntryPoint, List<CertificateInfo> certificates) {
    }

    /**
     * One certificate a resolver holds or works towards.
     *
     * @param state       {@code pending} (not ordered yet, or an order in progress), {@code issued},
     *                    {@code renewing} (held and served while a renewal is due or being retried) or {@code failed}
     * @param notAfter    end of validity of the certificate held
     * @param error       the last failure, one line
     * @param failures    consecutive failed attempts
     * @param nextAttempt when the next order, renewal or retry is due
     * @param routers     the routers that use it (none for an entry point's domain no router names)
     */
    public record CertificateInfo(String main, List<String> sans, String state, String notAfter, String error,
                                  Integer failures, String nextAttempt, List<String> routers) {
    }

    @Inject
    ManagementState state;

    @GET
    @Path("certresolvers")
    public List<ResolverInfo> resolvers() {
        CertificateResolvers resolvers = state.certificateResolvers();
        List<ResolverInfo> all = new ArrayList<>();
        if (resolvers != null) {
            resolvers.names().stream().sorted().forEach(name -> all.add(resolver(resolvers, name)));
        }
        return all;
    }

    @GET
    @Path("certresolvers/{name}")
    public ResolverInfo resolver(@PathParam("name") String name) {
        CertificateResolvers resolvers = state.certificateResolvers();
        if (resolvers == null || resolvers.resolver(name) == null) {
            throw ApiErrors.notFound("certificate resolver", name);
        }
        return resolver(resolvers, name);
    }

    private static ResolverInfo resolver(CertificateResolvers resolvers, String name) {
        AcmeResolver resolver = resolvers.resolver(name);
        CertificateResolverConfig config = resolver.config();
        List<String> challenges = new ArrayList<>();
        if (config.httpChallengeEntryPoint() != null) {
            challenges.add("httpChallenge");
        }
        if (config.tlsChallenge()) {
            challenges.add("tlsChallenge");
        }
        Map<TlsDomain, DomainStatus> statuses = resolver.statuses();
        List<CertificateInfo> certificates = new ArrayList<>();
        resolvers.wanted(name).entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<TlsDomain, Set<String>> e) -> e.getKey().main())
                        .thenComparing(e -> e.getKey().sans().toString()))
                .forEach(e -> certificates.add(certificate(e.getKey(), statuses.get(e.getKey()), e.getValue())));
        return new ResolverInfo(name, config.caServer(), config.storage().toString(), config.keyType().name(), challenges,
                config.httpChallengeEntryPoint(), certificates);
    }

    private static CertificateInfo certificate(TlsDomain domain, DomainStatus status, Set<String> routers) {
        List<String> sans = domain.sans().isEmpty() ? null : domain.sans();
        List<String> users = routers.isEmpty() ? null : routers.stream().sorted().toList();
        if (status == null) {
            return new CertificateInfo(domain.main(), sans, "pending", null, null, null, null, users);
        }
        String state = switch (status.state()) {
            case PENDING -> "pending";
            case VALID -> "issued";
            case RENEWING -> "renewing";
            case ERROR -> "failed";
        };
        return new CertificateInfo(domain.main(), sans, state, text(status.notAfter()), status.error(),
                status.failures() == 0 ? null : status.failures(), text(status.nextAttempt()), users);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
