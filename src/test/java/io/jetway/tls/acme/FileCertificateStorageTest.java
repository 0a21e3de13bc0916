package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Traefik's acme.json layout, kept per resolver, written owner-only. */
class FileCertificateStorageTest {

    @TempDir
    Path dir;

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTraefiksLayout() throws IOException {
        Path file = Files.writeString(dir.resolve("acme.json"), """
                {
                  "le": {
                    "Account": {"Email": "ops@example.com", "Registration": {"body": {"status": "valid"}, "uri": "https://ca/acct/1"},
                                "PrivateKey": "%s", "KeyType": "4096"},
                    "Certificates": [
                      {"domain": {"main": "a.example.com", "sans": ["b.example.com"]}, "certificate": "%s", "key": "%s", "Store": "default"},
                      {"domain": {"main": "c.example.com"}, "certificate": "%s", "key": "%s"}
                    ]
                  },
                  "other": {"Account": null, "Certificates": null}
                }
                """.formatted(b64("account"), b64("CERT A"), b64("KEY A"), b64("CERT C"), b64("KEY C")));

        StoredResolver le = new FileCertificateStorage(file).load("le");
        assertEquals("ops@example.com", le.account().email());
        assertEquals("https://ca/acct/1", le.account().location());
        assertEquals(List.of(new StoredCertificate(new TlsDomain("a.example.com", List.of("b.example.com")), "CERT A", "KEY A", "default"),
                new StoredCertificate(new TlsDomain("c.example.com", List.of()), "CERT C", "KEY C", "default")), le.certificates());
        assertEquals(StoredResolver.EMPTY, new FileCertificateStorage(file).load("other"));
        assertEquals(StoredResolver.EMPTY, new FileCertificateStorage(file).load("absent"));
    }

    @Test
    void savesOneResolverKeepingTheOthersOwnerOnly() throws IOException {
        Path file = dir.resolve("sub/acme.json");
        FileCertificateStorage storage = new FileCertificateStorage(file);
        StoredCertificate a = new StoredCertificate(new TlsDomain("a.example.com", List.of()), "CERT A", "KEY A", "default");
        storage.save("one", new StoredResolver(new StoredAccount("x@example.com", "PEM", "https://ca/acct/9"), List.of(a)));
        storage.save("two", StoredResolver.EMPTY.withCertificate(a));
        StoredCertificate a2 = new StoredCertificate(a.domain(), "CERT A2", "KEY A2", "default");
        storage.save("one", storage.load("one").withCertificate(a2));

        assertEquals(List.of(a2), storage.load("one").certificates());
        assertEquals("https://ca/acct/9", storage.load("one").account().location());
        assertEquals(List.of(a), storage.load("two").certificates());
        assertNull(storage.load("two").account());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String json = Files.readString(file);
        assertTrue(json.contains(b64("CERT A2")) && !json.contains("KEY A2"), "PEM stored as base64, as Traefik does");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void invalidJsonIsAnErrorNotAnEmptyStore() throws IOException {
        Path file = Files.writeString(dir.resolve("acme.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> new FileCertificateStorage(file).load("le"));
        assertTrue(e.getMessage().endsWith("acme.json is not valid JSON at line 1, column 4"), e.getMessage());
    }
}
