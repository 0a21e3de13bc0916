package io.jetway.e2e;

import io.jetway.util.TestCertificates;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A small TLS client over the JDK's SSLSocket: it sends the SNI the test chooses (independent of
 * the address it connects to), any Host header, and reports what the handshake negotiated.
 */
final class TlsClient {

    private TlsClient() {
    }

    /** What came back: the status line's code, the raw head and body, and the session. */
    record Exchange(int status, String head, String body, SSLSession session) {

        X509Certificate serverCertificate() throws Exception {
            return (X509Certificate) session.getPeerCertificates()[0];
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * A context that trusts every server (tests check the certificate they got themselves). Each
     * call gives a new one: a reused context resumes its last session with that address, whose
     * certificate is then the old one whatever the SNI.
     */
    static SSLContext trustAll() throws Exception {
        return context(null);
    }

    /** A context presenting a client certificate (with its chain) and trusting every server. */
    static SSLContext context(TestCertificates.Issued clientCertificate) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (clientCertificate != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(clientCertificate.keyStore(), TestCertificates.PASSWORD);
            keyManagers = new javax.net.ssl.KeyManager[]{new AlwaysPresent((javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0])};
        }
        // Extended, so that the JDK adds no host name check of its own either.
        context.init(keyManagers, new TrustManager[]{new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    /**
     * Presents its certificate whatever CAs the server names: a JDK client would otherwise keep a
     * certificate from another CA to itself, and the test could not see the server refuse it.
     */
    private static final class AlwaysPresent extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509KeyManager keys;

        AlwaysPresent(javax.net.ssl.X509KeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return "key";
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return "key";
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[]{"key"};
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** Handshakes only; throws (SSLException) when the server refuses. */
    static SSLSession handshake(SSLContext context, int port, String sni, List<String> protocols, List<String> suites)
            throws Exception {
        try (SSLSocket socket = open(context, port, sni, protocols, suites)) {
            socket.startHandshake();
            return socket.getSession();
        }
    }

    static Exchange get(SSLContext context, int port, String sni, String host, String path) throws Exception {
        return get(context, port, sni, host, path, "");
    }

    /** @param extraHeaders header lines, each ending with CRLF */
    static Exchange get(SSLContext context, int port, String sni, String host, String path, String extraHeaders)
            throws Exception {
        try (SSLSocket socket = open(context, port, sni, null, null)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Exchange(status, head, body, socket.getSession());
        }
    }

    private static SSLSocket open(SSLContext context, int port, String sni, List<String> protocols, List<String> suites)
            throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocols != null) {
            parameters.setProtocols(protocols.toArray(String[]::new));
        }
        if (suites != null) {
            parameters.setCipherSuites(suites.toArray(String[]::new));
        }
        socket.setSSLParameters(parameters);
        return socket;
    }
}
