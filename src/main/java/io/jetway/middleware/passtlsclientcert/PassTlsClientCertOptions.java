package io.jetway.middleware.passtlsclientcert;

import io.jetway.kube.Node;

/**
 * passTLSClientCert's options: {@code pem} passes the certificates themselves, {@code info} the
 * fields it selects. Every flag is false unless set, as in Traefik.
 *
 * @param info null when the manifest has no {@code info}: no info header
 */
public record PassTlsClientCertOptions(boolean pem, Info info) {

    /**
     * What goes into the info header for each certificate.
     *
     * @param subject null when not set: no Subject field
     * @param issuer  null when not set: no Issuer field
     */
    public record Info(boolean notAfter, boolean notBefore, boolean sans, boolean serialNumber,
                       NameParts subject, NameParts issuer) {

        static Info from(Node info) {
            if (info.isMissing()) {
                return null;
            }
            return new Info(info.get("notAfter").bool(false), info.get("notBefore").bool(false),
                    info.get("sans").bool(false), info.get("serialNumber").bool(false),
                    NameParts.from(info.get("subject")), NameParts.from(info.get("issuer")));
        }
    }

    /** Which parts of a distinguished name go into the info header. */
    public record NameParts(boolean country, boolean province, boolean locality, boolean organization,
                            boolean organizationalUnit, boolean commonName, boolean serialNumber,
                            boolean domainComponent) {

        static NameParts from(Node node) {
            if (node.isMissing()) {
                return null;
            }
            return new NameParts(node.get("country").bool(false), node.get("province").bool(false),
                    node.get("locality").bool(false), node.get("organization").bool(false),
                    node.get("organizationalUnit").bool(false), node.get("commonName").bool(false),
                    node.get("serialNumber").bool(false), node.get("domainComponent").bool(false));
        }
    }

    /**
     * @param options what the manifest says under {@code passTLSClientCert}
     * @throws Node.InvalidFieldException naming a field of the wrong type
     */
    public static PassTlsClientCertOptions from(Node options) {
        return new PassTlsClientCertOptions(options.get("pem").bool(false), Info.from(options.get("info")));
    }
}
