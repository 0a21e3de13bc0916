package io.jetway.middleware.auth;

import org.apache.commons.codec.digest.Md5Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A password hash as htpasswd writes it: apr1 or MD5-crypt ({@code $apr1$}, {@code $1$}),
 * {@code {SHA}}, or bcrypt ({@code $2a$ $2b$ $2y$}). Checks compare in constant time.
 */
public abstract sealed class PasswordHash {

    private static final Pattern MD5_CRYPT = Pattern.compile("\\$(apr1|1)\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./0-9A-Za-z]{53}");
    private static final Pattern SHA = Pattern.compile("\\{SHA}[0-9A-Za-z+/]{27}=");

    final String encoded;

    private PasswordHash(String encoded) {
        this.encoded = encoded;
    }

    /** @throws IllegalArgumentException for a hash of another kind (plain text included) */
    public static PasswordHash parse(String encoded) {
        if (MD5_CRYPT.matcher(encoded).matches()) {
            return new Md5CryptHash(encoded);
        }
        var bcrypt = BCRYPT.matcher(encoded);
        if (bcrypt.matches()) {
            int cost = Integer.parseInt(bcrypt.group(1));
            if (cost < 4 || cost > 31) {
                throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
            }
            return new BcryptHash(encoded, cost);
        }
        if (SHA.matcher(encoded).matches()) {
            return new ShaHash(encoded);
        }
        throw new IllegalArgumentException("unsupported password hash (expected $apr1$, $1$, {SHA} or bcrypt $2a$/$2b$/$2y$)");
    }

    public abstract boolean matches(byte[] password);

    /** A rough cost, to check unknown users against the dearest hash in use. */
    abstract int cost();

    static boolean sameBytes(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Md5CryptHash extends PasswordHash {
        Md5CryptHash(String encoded) {
            super(encoded);
        }

        @Override
        public boolean matches(byte[] password) {
            String computed = encoded.startsWith("$apr1$") ? Md5Crypt.apr1Crypt(password, encoded)
                    : Md5Crypt.md5Crypt(password, encoded);
            return sameBytes(computed, encoded);
        }

        @Override
        int cost() {
            return 1;
        }
    }

    private static final class ShaHash extends PasswordHash {
        ShaHash(String encoded) {
            super(encoded);
        }

        @Override
        public boolean matches(byte[] password) {
            try {
                byte[] sum = MessageDigest.getInstance("SHA-1").digest(password);
                return sameBytes("{SHA}" + Base64.getEncoder().encodeToString(sum), encoded);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        int cost() {
            return 0;
        }
    }

    private static final class BcryptHash extends PasswordHash {
        private final int cost;

        BcryptHash(String encoded, int cost) {
            super(encoded);
            this.cost = cost;
        }

        @Override
        public boolean matches(byte[] password) {
            // bcrypt reads at most 72 bytes, as Go's and OpenBSD's do; BouncyCastle refuses longer input.
            byte[] key = password.length > 72 ? java.util.Arrays.copyOf(password, 72) : password;
            return OpenBSDBCrypt.checkPassword(encoded, key);
        }

        @Override
        int cost() {
            return 100 + cost;
        }
    }
}
