package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;
import io.jetway.util.JsonProblems;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Traefik's {@code acme.json} text: one object per resolver name with its {@code Account} and
 * {@code Certificates} (certificate and key as base64 of their PEM text). Shared by the file and
 * the Secret storage, so the same text moves between the two.
 *
 * <p>The account's {@code PrivateKey} is base64 of the PEM key pair (Traefik stores DER).
 */
public final class AcmeJson {

    private AcmeJson() {
    }

    /**
     * The resolver's entry in the text, {@link StoredResolver#EMPTY} when absent.
     *
     * @param source names the text in error messages (a file path, a Secret)
     */
    public static StoredResolver resolver(String text, String resolver, String source) throws IOException {
        try {
            JsonObject section = object(root(text, source), resolver);
            return section == null ? StoredResolver.EMPTY : parse(section);
        } catch (ClassCastException | IllegalArgumentException | NullPointerException invalid) {
            // A field of the wrong type or missing: the parser's class names would tell an operator nothing.
            throw new IOException("the entry of resolver " + resolver + " in " + source
                    + " is not in the shape of Traefik's acme.json (a field is missing or of the wrong type)", invalid);
        }
    }

    /** The text with the resolver's entry replaced (or added); the other resolvers' entries are kept. */
    public static String withResolver(String text, String resolver, StoredResolver data, String source) throws IOException {
        JsonObjectBuilder root = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> other : root(text, source).entrySet()) {
            if (!other.getKey().equals(resolver)) {
                root.add(other.getKey(), other.getValue());
            }
        }
        root.add(resolver, format(data));
        StringWriter out = new StringWriter();
        JsonWriterFactory factory = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        try (JsonWriter writer = factory.createWriter(out)) {
            writer.writeObject(root.build());
        }
        return out.toString();
    }

    /** The whole object; empty for null or blank text. */
    private static JsonObject root(String text, String source) throws IOException {
        if (text == null || text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException invalid) {
            throw new IOException(source + " is " + JsonProblems.describe(invalid), invalid);
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
