package io.jetway.tls;

import io.jetway.util.CertifiedKey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The certificates served at one moment, indexed by the names they serve: exact names first, then
 * one-label wildcards ({@code *.example.com} serves {@code a.example.com}, not {@code a.b.example.com}).
 * Immutable; a reload builds a new one.
 */
public final class CertificateTable {

    private final Map<String, CertifiedKey> byAlias = new LinkedHashMap<>();
    private final Map<String, List<CertifiedKey>> exact = new LinkedHashMap<>();
    private final Map<String, List<CertifiedKey>> wildcard = new LinkedHashMap<>();
    private final Supplier<CertifiedKey> defaultCertificate;

    /** @param defaultCertificate served when no certificate matches; asked for only then (it may be generated on demand) */
    public CertificateTable(List<CertifiedKey> certificates, Supplier<CertifiedKey> defaultCertificate) {
        this.defaultCertificate = defaultCertificate;
        for (CertifiedKey c : certificates) {
            byAlias.putIfAbsent(aliasOf(c), c);
            for (String name : c.names()) {
                if (name.startsWith("*.")) {
                    wildcard.computeIfAbsent(name.substring(2), k -> new ArrayList<>()).add(c);
                } else {
                    exact.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
                }
            }
        }
    }

    /** The certificates for a server name (exact, else wildcard); empty when none serves it. */
    public List<CertifiedKey> select(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return List.of();
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        List<CertifiedKey> found = exact.get(name);
        if (found != null) {
            return found;
        }
        int dot = name.indexOf('.');
        return dot < 0 ? List.of() : wildcard.getOrDefault(name.substring(dot + 1), List.of());
    }

    public CertifiedKey defaultCertificate() {
        return defaultCertificate.get();
    }

    public CertifiedKey byAlias(String alias) {
        CertifiedKey c = byAlias.get(alias);
        if (c == null && alias.equals(aliasOf(defaultCertificate.get()))) {
            c = defaultCertificate.get();
        }
        return c;
    }

    /** The certificates loaded from the configuration, without the default one. */
    public List<CertifiedKey> all() {
        return List.copyOf(byAlias.values());
    }

    /** A stable alias per certificate content, so a handshake that spans a reload finds its key. */
    public static String aliasOf(CertifiedKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.leaf().getEncoded());
            return key.keyType() + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
