package io.jetway.middleware.passtlsclientcert;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.http.GoQueryEscape;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.passtlsclientcert.PassTlsClientCertOptions.NameParts;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * {@code passTLSClientCert}: hands the client certificates of a mutual TLS connection to the
 * backend, as Traefik does: {@code X-Forwarded-Tls-Client-Cert} carries each certificate's PEM
 * body (no BEGIN/END lines, no newlines), {@code X-Forwarded-Tls-Client-Cert-Info} the selected
 * fields ({@code Subject="C=..,CN=..";Issuer="..";NB="..";NA="..";SAN=".."}); certificates are
 * separated by commas and each header is URL-escaped as Go's QueryEscape does. Both headers are
 * removed from what the client sent, so a client cannot forge them.
 */
public final class PassTlsClientCertMiddleware extends HttpMiddleware {

    static final String CERT_HEADER = "X-Forwarded-Tls-Client-Cert";
    static final String INFO_HEADER = "X-Forwarded-Tls-Client-Cert-Info";
    private static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final ASN1ObjectIdentifier DOMAIN_COMPONENT = BCStyle.DC;

    private final boolean pem;
    /** Null: no info header. */
    private final PassTlsClientCertOptions.Info info;

    PassTlsClientCertMiddleware(PassTlsClientCertOptions options) {
        this.pem = options.pem();
        this.info = options.info();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new PassTlsClientCertMiddleware(PassTlsClientCertOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        ForwardEdits edits = Exchange.of(request).edits();
        edits.removeRequestHeader(CERT_HEADER);
        edits.removeRequestHeader(INFO_HEADER);
        if (request.getAttribute(CERTIFICATES_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            if (pem) {
                edits.setRequestHeader(CERT_HEADER, GoQueryEscape.escape(pems(chain)));
            }
            if (info != null) {
                edits.setRequestHeader(INFO_HEADER, GoQueryEscape.escape(infos(chain)));
            }
        }
        next.doFilter(request, response);
    }

    private static String pems(X509Certificate[] chain) {
        List<String> values = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                // Go's pem.Encode: base64 in lines of 64, here joined without the newlines.
                values.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                values.add("");
            }
        }
        return String.join(",", values);
    }

    private String infos(X509Certificate[] chain) {
        List<String> values = new ArrayList<>();
        for (X509Certificate c : chain) {
            List<String> fields = new ArrayList<>();
            String s = distinguishedName(info.subject(), X500Name.getInstance(c.getSubjectX500Principal().getEncoded()));
            if (!s.isEmpty()) {
                fields.add("Subject=\"" + s + "\"");
            }
            String i = distinguishedName(info.issuer(), X500Name.getInstance(c.getIssuerX500Principal().getEncoded()));
            if (!i.isEmpty()) {
                fields.add("Issuer=\"" + i + "\"");
            }
            if (info.serialNumber()) {
                fields.add("SerialNumber=\"" + c.getSerialNumber() + "\"");
            }
            if (info.notBefore()) {
                fields.add("NB=\"" + c.getNotBefore().getTime() / 1000 + "\"");
            }
            if (info.notAfter()) {
                fields.add("NA=\"" + c.getNotAfter().getTime() / 1000 + "\"");
            }
            if (info.sans()) {
                List<String> names = subjectAlternativeNames(c);
                if (!names.isEmpty()) {
                    fields.add("SAN=\"" + String.join(",", names) + "\"");
                }
            }
            values.add(String.join(";", fields));
        }
        return String.join(",", values);
    }

    /** Traefik's order: DC, C, ST, L, O, OU, SN, CN. */
    private static String distinguishedName(NameParts parts, X500Name name) {
        if (parts == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        if (parts.domainComponent()) {
            add(out, "DC", name, DOMAIN_COMPONENT);
        }
        if (parts.country()) {
            add(out, "C", name, BCStyle.C);
        }
        if (parts.province()) {
            add(out, "ST", name, BCStyle.ST);
        }
        if (parts.locality()) {
            add(out, "L", name, BCStyle.L);
        }
        if (parts.organization()) {
            add(out, "O", name, BCStyle.O);
        }
        if (parts.organizationalUnit()) {
            add(out, "OU", name, BCStyle.OU);
        }
        if (parts.serialNumber()) {
            add(out, "SN", name, BCStyle.SERIALNUMBER);
        }
        if (parts.commonName()) {
            add(out, "CN", name, BCStyle.CN);
        }
        return String.join(",", out);
    }

    private static void add(List<String> out, String label, X500Name name, ASN1ObjectIdentifier type) {
        for (RDN rdn : name.getRDNs(type)) {
            out.add(label + "=" + IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
    }

    /** DNS names, e-mail addresses, IP addresses and URIs, in that order (Go's fields). */
    private static List<String> subjectAlternativeNames(X509Certificate c) {
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    String value = String.valueOf(san.get(1));
                    switch ((Integer) san.get(0)) {
                        case 2 -> dns.add(value);
                        case 1 -> emails.add(value);
                        case 7 -> ips.add(value);
                        case 6 -> uris.add(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>(dns);
        names.addAll(emails);
        names.addAll(ips);
        names.addAll(uris);
        return names;
    }

}
