package io.jetway.tls.acme;

import io.jetway.model.TlsDomain;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Traefik's {@code acme.json}: one object per resolver name with its {@code Account} and
 * {@code Certificates} (certificate and key as base64 of their PEM text). Written to a temporary
 * file with mode 0600 and moved into place, so a crash never leaves half a file. Resolvers sharing
 * a file share one instance (its methods are synchronized), and each keeps the others' entries.
 *
 * <p>The account's {@code PrivateKey} is base64 of the PEM key pair (Traefik stores DER); an
 * account key that cannot be read is replaced by a new account, the certificates are still used.
 */
public final class FileCertificateStorage implements CertificateStorage {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public FileCertificateStorage(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized StoredResolver load(String resolver) throws IOException {
        try {
            JsonObject section = object(readAll(), resolver);
            return section == null ? StoredResolver.EMPTY : parse(section);
        } catch (ClassCastException | IllegalArgumentException | NullPointerException invalid) {
            throw new IOException("invalid entry for resolver " + resolver + " in " + file + ": " + invalid.getMessage(), invalid);
        }
    }

    @Override
    public synchronized void save(String resolver, StoredResolver data) throws IOException {
        JsonObjectBuilder root = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> other : readAll().entrySet()) {
            if (!other.getKey().equals(resolver)) {
                root.add(other.getKey(), other.getValue());
            }
        }
        root.add(resolver, format(data));
        write(root.build());
    }

    @Override
    public String describe() {
        return file.toString();
    }

    private JsonObject readAll() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException invalid) {
            throw new IOException("invalid JSON in " + file + ": " + invalid.getMessage(), invalid);
        }
    }

    private void write(JsonObject root) throws IOException {
        StringWriter text = new StringWriter();
        JsonWriterFactory factory = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        try (JsonWriter writer = factory.createWriter(text)) {
            writer.writeObject(root);
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".acme", ".tmp");
        try {
            restrict(tmp);
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            restrict(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: keep its default permissions.
        }
    }

    private static StoredResolver parse(JsonObject section) {
        StoredAccount account = null;
        JsonObject a = object(section, "Account");
        if (a != null) {
            JsonObject registration = object(a, "Registration");
            account = new StoredAccount(string(a, "Email"), decode(string(a, "PrivateKey")),
                    registration == null ? null : string(registration, "uri"));
        }
        List<StoredCertificate> certificates = new ArrayList<>();
        JsonArray list = section.containsKey("Certificates") && !section.isNull("Certificates")
                ? section.getJsonArray("Certificates") : JsonValue.EMPTY_JSON_ARRAY;
        for (JsonValue value : list) {
            JsonObject c = value.asJsonObject();
            JsonObject domain = c.getJsonObject("domain");
            List<String> sans = new ArrayList<>();
            if (domain.containsKey("sans") && !domain.isNull("sans")) {
                for (JsonValue san : domain.getJsonArray("sans")) {
                    sans.add(((JsonString) san).getString());
                }
            }
            String store = string(c, "Store");
            certificates.add(new StoredCertificate(new TlsDomain(domain.getString("main"), sans),
                    decode(c.getString("certificate")), decode(c.getString("key")),
                    store == null ? StoredCertificate.DEFAULT_STORE : store));
        }
        return new StoredResolver(account, certificates);
    }

    private static JsonObject format(StoredResolver data) {
        JsonObjectBuilder section = Json.createObjectBuilder();
        StoredAccount account = data.account();
        if (account != null) {
            JsonObjectBuilder a = Json.createObjectBuilder();
            a.add("Email", account.email() == null ? "" : account.email());
            JsonObjectBuilder registration = Json.createObjectBuilder();
            if (account.location() != null) {
                registration.add("uri", account.location());
            }
            a.add("Registration", registration);
            a.add("PrivateKey", encode(account.keyPairPem()));
            a.add("KeyType", "EC256");
            section.add("Account", a);
        }
        JsonArrayBuilder certificates = Json.createArrayBuilder();
        for (StoredCertificate c : data.certificates()) {
            JsonArrayBuilder sans = Json.createArrayBuilder();
            c.domain().sans().forEach(sans::add);
            certificates.add(Json.createObjectBuilder()
                    .add("domain", Json.createObjectBuilder().add("main", c.domain().main()).add("sans", sans))
                    .add("certificate", encode(c.certificatePem()))
                    .add("key", encode(c.keyPem()))
                    .add("Store", c.store()));
        }
        section.add("Certificates", certificates);
        return section.build();
    }

    /** The object under the key; null when absent or JSON null (Traefik writes {@code "Certificates": null}). */
    private static JsonObject object(JsonObject object, String key) {
        return object.containsKey(key) && !object.isNull(key) ? object.getJsonObject(key) : null;
    }

    private static String string(JsonObject object, String key) {
        return object.containsKey(key) && !object.isNull(key) ? object.getString(key) : null;
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
